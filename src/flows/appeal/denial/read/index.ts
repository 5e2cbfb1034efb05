import type { CalendarDate } from '../../domain/calendar.js';
import type { Knowledge } from '../../domain/knowledge.js';
import { isOverturnError } from '../../../../core/errors.js';
import { extractDenialFields } from '../extract.js';
import { loadLetterSignals, type LetterSignals } from '../signals.js';
import type { DenialReading } from '../types.js';
import { LETTER_LIMITS } from './limits.js';
import { ocrReader, type ReadPage } from './ocr.js';
import { type PrepareDocument, preparingThread } from './prepare-thread.js';
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
  close(): Promise<void>;
}

export interface LetterReaderOptions {
  knowledge: Knowledge;
  /** Today's calendar date (dates after it are not the notice date). */
  today: () => CalendarDate;
  signals?: LetterSignals;
  /** Where files are opened (default: a worker thread of our own; later the shared pool). */
  prepare?: PrepareDocument & { close?(): Promise<void> };
  ocr?: ReadPage & { close?(): Promise<void> };
}

/** Fewer letters than this from OCR means there was nothing to read. */
const MIN_OCR_LETTERS = 20;

/** Tesseract's mean confidence (0–100) scales every field's confidence. */
const ocrTrust = (confidence: number) => Math.max(0.5, Math.min(1, confidence / 90)) * 0.95;

/**
 * The denial letter reader: the file's bytes are checked, opened in a worker
 * thread, read by OCR when they hold no text, and turned into fields. The bytes
 * and the text live only for this call: nothing is stored or logged.
 */
export function letterReader(options: LetterReaderOptions): LetterReader {
  const signals = options.signals ?? loadLetterSignals();
  const prepare = options.prepare ?? preparingThread();
  const ocr = options.ocr ?? ocrReader();

  async function read(bytes: Uint8Array, _mimeType?: string, onProgress?: ReadProgress): Promise<LetterRead> {
    if (bytes.length === 0) return { ok: false, problem: 'empty-file' };
    if (bytes.length > LETTER_LIMITS.maxBytes) return { ok: false, problem: 'too-big' };
    // The bytes decide, not the name or the MIME type the platform reports.
    const format = sniffFormat(bytes);
    if (format === 'zip') return { ok: false, problem: 'zip' };
    if (!READABLE.has(format)) return { ok: false, problem: 'unsupported' };
    try {
      const prepared = await prepare({ bytes, format });
      if (prepared.kind === 'problem')
        return { ok: false, problem: prepared.problem === 'unsupported' ? 'unsupported' : prepared.problem };
      const today = options.today();
      if (prepared.kind === 'text') {
        const reading = extractDenialFields(prepared.pages.join('\n'), options.knowledge, signals, today);
        if (!reading.looksLikeDenial) return { ok: false, problem: 'not-a-letter' };
        return { ok: true, reading, method: 'text', pagesRead: prepared.pages.length, totalPages: prepared.totalPages };
      }
      const texts: string[] = [];
      let confidence = 0;
      for (const [index, image] of prepared.images.entries()) {
        onProgress?.({ page: index + 1, pages: prepared.images.length });
        const page = await ocr(image);
        texts.push(page.text);
        confidence += page.confidence / prepared.images.length;
      }
      const text = texts.join('\n');
      if (text.replace(/[^A-Za-z]/g, '').length < MIN_OCR_LETTERS) return { ok: false, problem: 'no-text' };
      const reading = extractDenialFields(text, options.knowledge, signals, today, ocrTrust(confidence));
      if (!reading.looksLikeDenial) return { ok: false, problem: 'not-a-letter' };
      return { ok: true, reading, method: 'ocr', pagesRead: prepared.images.length, totalPages: prepared.totalPages };
    } catch (error) {
      return { ok: false, problem: isOverturnError(error, 'document_timeout') ? 'timeout' : 'failed' };
    }
  }

  return {
    read,
    close: async () => {
      await Promise.all([prepare.close?.(), ocr.close?.()]);
    },
  };
}
