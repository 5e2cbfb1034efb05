import { Worker } from 'node:worker_threads';
import { OverturnError } from '../../../../core/errors.js';
import { LETTER_LIMITS } from './limits.js';
import type { Prepared, PrepareRequest } from './prepare.js';

/** Prepares documents in a worker thread; see prepare.ts. */
export type PrepareDocument = (request: PrepareRequest) => Promise<Prepared>;

const WORKER_FILE = import.meta.url.endsWith('.ts')
  ? new URL('./tsx-thread.mjs', import.meta.url)
  : new URL('./prepare-worker.js', import.meta.url);

/**
 * One long-lived thread that opens PDFs and images, one file at a time. A file
 * that runs past the time limit or the memory limit (a zip bomb inside a PDF)
 * ends the thread; the next file gets a fresh one.
 */
export function preparingThread(
  timeoutMs: number = LETTER_LIMITS.prepareMs,
): PrepareDocument & { close(): Promise<void> } {
  let worker: Worker | null = null;
  let nextId = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const waiting = new Map<number, { resolve: (p: Prepared) => void; reject: (e: Error) => void }>();

  const fail = (error: Error) => {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
    worker = null;
  };

  const start = (): Worker => {
    if (worker) return worker;
    const w = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: LETTER_LIMITS.workerHeapMb } });
    w.unref();
    w.on('message', (m: { id: number; result?: Prepared; error?: string }) => {
      const job = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.result) job?.resolve(m.result);
      else job?.reject(new OverturnError('document_failed', `preparing failed: ${m.error}`));
    });
    w.on('error', (error) => {
      if (worker === w) fail(new OverturnError('document_failed', 'the preparing thread stopped', { cause: error }));
    });
    w.on('exit', () => {
      if (worker === w) fail(new OverturnError('document_failed', 'the preparing thread exited'));
    });
    worker = w;
    return w;
  };

  const runOne = (request: PrepareRequest): Promise<Prepared> =>
    new Promise<Prepared>((resolve, reject) => {
      const w = start();
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new OverturnError('document_timeout', `preparing took over ${timeoutMs} ms`));
        if (worker === w) worker = null;
        void w.terminate();
      }, timeoutMs);
      waiting.set(id, {
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      // A copy goes to the thread: the caller's bytes stay usable.
      w.postMessage({ id, request: { ...request, bytes: request.bytes.slice() } });
    });

  const prepare = (request: PrepareRequest): Promise<Prepared> => {
    const run = queue.then(() => runOne(request));
    queue = run.catch(() => undefined);
    return run;
  };
  return Object.assign(prepare, {
    close: async () => {
      const w = worker;
      worker = null;
      await w?.terminate();
    },
  });
}
