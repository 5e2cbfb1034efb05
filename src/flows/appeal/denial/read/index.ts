import { isOverturnError } from '../../../../core/errors.js';
import type { RunJob } from '../../../../workers/jobs.js';
import type { CalendarDate } from '../../domain/calendar.js';
import { z } from 'zod';
import { DENIAL_FIELDS, type DenialReading } from '../types.js';
import { LETTER_LIMITS } from './limits.js';
import { READABLE, sniffFormat } from './sniff.js';

export { LETTER_LIMITS };

/** Why a file could not be read; each has kind words in the catalog (appeal.letterFile.*). */
export type LetterProblem =
  | 'empty-file'
  | 'too-big'
  | 'unsupported'
  | 'zip'
  | 'encrypted'
  | 'corrupt'
  | 'too-many-pixels'
  | 'no-text'
  | 'not-a-letter'
  | 'timeout'
  | 'busy'
  | 'download-failed'
  | 'failed';

export type LetterRead =
  | { ok: true; reading: DenialReading; method: 'text' | 'ocr'; pagesRead: number; totalPages: number }
  | { ok: false; problem: LetterProblem };

/** Progress on a scan: page `page` of `pages` is being read. */
export type ReadProgress = (progress: { page: number; pages: number }) => void;

export interface LetterReader {
  /** Reads a denial letter (PDF or photo) into fields; never throws on what the file holds. */
  read(bytes: Uint8Array, mimeType?: string, onProgress?: ReadProgress): Promise<LetterRead>;
}

export interface LetterReaderOptions {
  /** Runs the reading's jobs: the server's worker pool (`pool.run`), so nothing heavy runs on the event loop. */
  runJob: RunJob;
  /** Today's calendar date (dates after it are not the notice date). */
  today: () => CalendarDate;
  /** Time limits (ms) of one file's opening and of one page's OCR, waiting for a thread included. */
  limits?: { prepareMs?: number; ocrPageMs?: number; fieldsMs?: number };
  /** Letters read at once; others wait their turn (default 1). */
  concurrency?: number;
  /** Letters allowed to wait for their turn; past it the sender is told to try again soon (default 4). */
  maxWaiting?: number;
}

/** Fewer letters than this from OCR means there was nothing to read. */
const MIN_OCR_LETTERS = 20;

/** Tesseract's mean confidence (0–100) scales every field's confidence. */
const ocrTrust = (confidence: number) => Math.max(0.5, Math.min(1, confidence / 90)) * 0.95;

/** Reading many letters at once would take every pool thread from the letters being built: they wait in line. */
function lineUp(concurrency: number, maxWaiting: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(work: () => Promise<T>, full: () => T): Promise<T> => {
    if (running >= concurrency) {
      if (waiting.length >= maxWaiting) return full();
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running += 1;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** A job's result crossed a thread: its shape is checked before use. */
const preparedShape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), pages: z.array(z.string()), totalPages: z.number() }),
  z.object({ kind: z.literal('images'), images: z.array(z.instanceof(Uint8Array)), totalPages: z.number() }),
  z.object({ kind: z.literal('problem'), problem: z.enum(['encrypted', 'corrupt', 'too-many-pixels', 'unsupported']) }),
]);
const pageTextShape = z.object({ text: z.string(), confidence: z.number() });
const readingShape = z.object({
  fields: z.partialRecord(
    z.enum(DENIAL_FIELDS),
    z.object({ value: z.string(), id: z.string().optional(), confidence: z.number(), source: z.string() }),
  ),
  drugChoices: z.array(z.string()).optional(),
  looksLikeDenial: z.boolean(),
});

const problemOf = (error: unknown): LetterProblem => {
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return 'timeout';
  if (isOverturnError(error, 'document_timeout')) return 'timeout';
  if (isOverturnError(error, 'busy')) return 'busy';
  return 'failed';
};

/**
 * The denial letter reader: the file's bytes are checked here, then opened,
 * read by OCR when they hold no text, and turned into fields by jobs in the
 * worker pool, each with a time limit. The bytes and the text live only for
 * this call: nothing is stored or logged.
 */
export function letterReader(options: LetterReaderOptions): LetterReader {
  const limits = {
    prepareMs: options.limits?.prepareMs ?? LETTER_LIMITS.prepareMs,
    ocrPageMs: options.limits?.ocrPageMs ?? LETTER_LIMITS.ocrPageMs,
    fieldsMs: options.limits?.fieldsMs ?? LETTER_LIMITS.fieldsMs,
  };
  const inLine = lineUp(options.concurrency ?? 1, options.maxWaiting ?? 4);
  const run = options.runJob;

  async function fields(text: string, trust?: number): Promise<DenialReading> {
    const payload = { text, today: options.today(), ...(trust === undefined ? {} : { trust }) };
    const result = await run({ name: 'denial.fields', payload }, { signal: AbortSignal.timeout(limits.fieldsMs) });
    return readingShape.parse(result);
  }

  async function readChecked(
    bytes: Uint8Array,
    format: ReturnType<typeof sniffFormat>,
    onProgress?: ReadProgress,
  ): Promise<LetterRead> {
    const prepared = preparedShape.parse(
      await run(
        { name: 'denial.prepare', payload: { bytes, format } },
        { signal: AbortSignal.timeout(limits.prepareMs) },
      ),
    );
    if (prepared.kind === 'problem')
      return { ok: false, problem: prepared.problem === 'unsupported' ? 'unsupported' : prepared.problem };
    if (prepared.kind === 'text') {
      const reading = await fields(prepared.pages.join('\n'));
      if (!reading.looksLikeDenial) return { ok: false, problem: 'not-a-letter' };
      return { ok: true, reading, method: 'text', pagesRead: prepared.pages.length, totalPages: prepared.totalPages };
    }
    const texts: string[] = [];
    let confidence = 0;
    for (const [index, image] of prepared.images.entries()) {
      onProgress?.({ page: index + 1, pages: prepared.images.length });
      const page = pageTextShape.parse(
        await run({ name: 'denial.ocr', payload: { image } }, { signal: AbortSignal.timeout(limits.ocrPageMs) }),
      );
      texts.push(page.text);
      confidence += page.confidence / prepared.images.length;
    }
    const text = texts.join('\n');
    if (text.replace(/[^A-Za-z]/g, '').length < MIN_OCR_LETTERS) return { ok: false, problem: 'no-text' };
    const reading = await fields(text, ocrTrust(confidence));
    if (!reading.looksLikeDenial) return { ok: false, problem: 'not-a-letter' };
    return { ok: true, reading, method: 'ocr', pagesRead: prepared.images.length, totalPages: prepared.totalPages };
  }

  async function read(bytes: Uint8Array, _mimeType?: string, onProgress?: ReadProgress): Promise<LetterRead> {
    if (bytes.length === 0) return { ok: false, problem: 'empty-file' };
    if (bytes.length > LETTER_LIMITS.maxBytes) return { ok: false, problem: 'too-big' };
    // The bytes decide, not the name or the MIME type the platform reports.
    const format = sniffFormat(bytes);
    if (format === 'zip') return { ok: false, problem: 'zip' };
    if (!READABLE.has(format)) return { ok: false, problem: 'unsupported' };
    return inLine(
      () =>
        readChecked(bytes, format, onProgress).catch((error: unknown) => ({ ok: false, problem: problemOf(error) })),
      () => ({ ok: false, problem: 'busy' }),
    );
  }

  return { read };
}
