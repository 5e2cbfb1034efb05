import { OverturnError } from '../core/errors.js';
import { letterBuilder, type LetterBuilder } from '../flows/appeal/letter/index.js';
import type { WorkerPool } from './pool.js';

/** Letters composed on the event loop (well under a millisecond) and packed as .docx or PDF in the pool. */
export function poolLetterBuilder(pool: Pick<WorkerPool, 'run'>): LetterBuilder {
  return letterBuilder(async (model, day, format) => {
    const bytes = await pool.run({ name: format === 'docx' ? 'letter.docx' : 'letter.pdf', payload: { model, day } });
    if (!(bytes instanceof Uint8Array)) throw new OverturnError('letter_failed', 'the worker returned no document');
    return bytes;
  });
}
