import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';

/** What OCR read from one page image: its text and Tesseract's mean confidence (0–100). */
export interface PageText {
  text: string;
  confidence: number;
}

// The English model comes from the npm package: nothing is downloaded at run time.
const ENGLISH = join(
  dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json')),
  '4.0.0_best_int',
);

/** A Tesseract engine idle this long is stopped: its model holds about 100 MB. */
const IDLE_MS = 60_000;

let engine: Promise<Worker> | null = null;
let idle: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();

async function stopEngine(): Promise<void> {
  const stopping = engine;
  engine = null;
  await (await stopping?.catch(() => null))?.terminate();
}

async function recognize(image: Uint8Array): Promise<PageText> {
  clearTimeout(idle);
  engine ??= createWorker('eng', OEM.LSTM_ONLY, { langPath: ENGLISH, gzip: true, cacheMethod: 'none' });
  try {
    const result = await (await engine).recognize(Buffer.from(image), { rotateAuto: true });
    return { text: result.data.text, confidence: result.data.confidence };
  } catch (error) {
    // A failed engine is not reused.
    await stopEngine();
    throw error;
  } finally {
    idle = setTimeout(() => void stopEngine(), IDLE_MS);
    idle.unref();
  }
}

/**
 * Reads one page image. Runs as the worker pool's `denial.ocr` job: each pool
 * thread keeps one Tesseract engine (its own thread, ended with the pool
 * thread when a job runs past its time limit) and reads one page at a time.
 */
export function readPageImage(image: Uint8Array): Promise<PageText> {
  const run = queue.then(() => recognize(image));
  queue = run.catch(() => undefined);
  return run;
}
