import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { OverturnError } from '../../../../core/errors.js';
import { LETTER_LIMITS } from './limits.js';

/** What OCR read from one page image: its text and Tesseract's mean confidence (0–100). */
export interface PageText {
  text: string;
  confidence: number;
}

export type ReadPage = (image: Uint8Array) => Promise<PageText>;

// The English model comes from the npm package: nothing is downloaded at run time.
const ENGLISH = join(
  dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json')),
  '4.0.0_best_int',
);

/**
 * One long-lived Tesseract worker (its own thread), one page at a time. A page
 * past the time limit ends the worker; the next page starts a fresh one.
 */
export function ocrReader(timeoutMs: number = LETTER_LIMITS.ocrPageMs): ReadPage & { close(): Promise<void> } {
  let worker: Promise<Worker> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const start = () => {
    worker ??= createWorker('eng', OEM.LSTM_ONLY, { langPath: ENGLISH, gzip: true, cacheMethod: 'none' });
    return worker;
  };

  const stop = async () => {
    const w = worker;
    worker = null;
    await (await w?.catch(() => null))?.terminate();
  };

  const readOne = async (image: Uint8Array): Promise<PageText> => {
    const w = await start();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void stop();
        reject(new OverturnError('document_timeout', `OCR took over ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([w.recognize(Buffer.from(image), { rotateAuto: true }), timeout]);
      return { text: result.data.text, confidence: result.data.confidence };
    } finally {
      clearTimeout(timer);
    }
  };

  const read = (image: Uint8Array): Promise<PageText> => {
    const run = queue.then(() => readOne(image));
    queue = run.catch(() => undefined);
    return run;
  };
  return Object.assign(read, { close: stop });
}
