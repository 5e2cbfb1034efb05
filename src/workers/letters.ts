import { isOverturnError, OverturnError } from '../core/errors.js';
import { icsText, type CalendarWriter } from '../flows/appeal/calendar-file.js';
import { letterBuilder, portableLetterRequest, type LetterBuilder } from '../flows/appeal/letter/index.js';
import type { WorkerPool } from './pool.js';

/**
 * Letters built in the pool, composed there too: the event loop only names the request's translators
 * (a letter's composing took about a millisecond of it, in one piece, while acknowledgements waited).
 */
export function poolLetterBuilder(pool: Pick<WorkerPool, 'run'>): LetterBuilder {
  return letterBuilder(async (request, format) => {
    const payload = { request: portableLetterRequest(request) };
    const bytes = await pool.run(
      format === 'docx' ? { name: 'letter.docx', payload } : { name: 'letter.pdf', payload },
    );
    if (!(bytes instanceof Uint8Array)) throw new OverturnError('letter_failed', 'the worker returned no document');
    return bytes;
  });
}

/**
 * Calendar files written in the pool (ical-generator takes about a millisecond a file, in one piece) when a
 * thread is free. When jobs are already waiting, or the pool refuses it as busy, it is written here: in the
 * queue it would take a place a letter needs, and past the queue's limit letters are refused as busy.
 */
export function poolCalendarWriter(pool: Pick<WorkerPool, 'run' | 'queueDepth'>): CalendarWriter {
  return async (entries) => {
    if (pool.queueDepth() > 0) return icsText(entries);
    let text: unknown;
    try {
      text = await pool.run({ name: 'calendar.ics', payload: entries });
    } catch (error) {
      if (!isOverturnError(error, 'busy')) throw error;
      return icsText(entries);
    }
    if (typeof text !== 'string') throw new OverturnError('letter_failed', 'the worker returned no calendar');
    return text;
  };
}
