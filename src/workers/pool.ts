import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { OverturnError } from '../core/errors.js';
import type { RunJob } from './jobs.js';
import type { WorkerData } from './worker.js';
import { lowerOtherThreads, niceBelowThisThread } from './priority.js';

/** The jobs that only load what later jobs need. */
export type WarmJob = 'letter.warm' | 'denial.warm';

export interface WorkerPoolOptions {
  /** Worker threads (default: one per core but one, at least two). */
  threads?: number;
  /** Jobs allowed to wait for a thread; past it new jobs are refused with `busy` (default: 32 per thread). */
  maxQueue?: number;
  /** Waits before retrying a job the full queue refused; after the last one the caller gets `busy`. */
  retryDelaysMs?: number[];
  /**
   * Heap of each thread (MB): a job that inflates past it (a zip bomb inside a
   * PDF) ends its thread instead of the process. Default 512.
   */
  heapMb?: number;
  /**
   * How much lower than the event loop's the threads' scheduling priority is (a nice increment, 0–19;
   * default 10). On two cores the threads and the event loop share the CPU: a letter can wait a few
   * milliseconds, an acknowledgement should not. On Linux every other thread of the process is lowered
   * as well (V8's helpers, which collect the threads' heaps). No effect where the OS has no per-thread priority.
   */
  nice?: number;
}

export interface WorkerPool {
  run: RunJob;
  readonly threads: number;
  readonly maxQueue: number;
  /** Jobs waiting for a thread now (not counting those running). */
  queueDepth(): number;
  /**
   * Starts the threads and loads in each what the given jobs need (default: the letter renderers and the
   * denial reader): called once the server listens, so neither start-up nor the first letters under load
   * pay for it, and before a reading's time limits start, so they time the reading alone.
   */
  warm(jobs?: readonly WarmJob[]): Promise<void>;
  /** Stops the threads; jobs in flight are rejected. */
  close(): Promise<void>;
}

/**
 * Leaves one core to the event loop that answers the platforms, but keeps two
 * threads even on two cores: a page of OCR holds its thread for seconds, and
 * the other keeps letters from waiting behind it (see docs/benchmarks.md).
 */
export function defaultThreads(): number {
  return Math.max(2, availableParallelism() - 1);
}

const DEFAULT_RETRY_DELAYS_MS = [200, 400, 800];
const DEFAULT_HEAP_MB = 512;
const DEFAULT_NICE = 10;
/** How often threads started since (libuv's, SQLite's checkpoint thread) are lowered too. */
const LOWER_EVERY_MS = 10_000;

// From TypeScript sources (tests, tsx) the worker needs tsx to load; compiled, it is plain JS beside this file.
const WORKER_FILE = import.meta.url.endsWith('.ts')
  ? new URL('./tsx-worker.mjs', import.meta.url).href
  : new URL('./worker.js', import.meta.url).href;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A pool of worker threads for CPU-heavy jobs (letters, reading denial letters), so the event loop keeps acknowledging platforms while they
 * run. Threads start with the first job. A full queue is back-pressure, not a
 * pile-up: the job is retried after short waits, then refused with `busy`.
 */
export function createWorkerPool(options: WorkerPoolOptions = {}): WorkerPool {
  const threads = Math.max(1, options.threads ?? defaultThreads());
  const maxQueue = Math.max(1, options.maxQueue ?? threads * 32);
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const heapMb = options.heapMb ?? DEFAULT_HEAP_MB;
  const nice = Math.min(19, Math.max(0, options.nice ?? DEFAULT_NICE));
  let piscina: Piscina | null = null;
  let starting: Promise<Piscina> | null = null;
  let closed = false;
  let lowering: NodeJS.Timeout | undefined;
  /** The threads' priority (Linux: `nice` below the event loop's, which creates the pool and may itself be lowered). */
  const lowered = niceBelowThisThread(nice);

  // Loaded and started with the first job, so start-up pays for neither.
  const start = () => {
    starting ??= import('piscina').then(({ Piscina }) => {
      lowering = setInterval(() => lowerOtherThreads(lowered), LOWER_EVERY_MS).unref();
      piscina = new Piscina({
        filename: WORKER_FILE,
        minThreads: threads,
        maxThreads: threads,
        maxQueue: Infinity,
        resourceLimits: { maxOldGenerationSizeMb: heapMb },
        // Lower than the event loop's: letters wait a moment for the CPU rather than the acknowledgements. On Linux
        // each thread sets its own priority (worker.ts), absolute, as a sweep may reach it first; elsewhere piscina's increment.
        ...(process.platform === 'linux'
          ? { workerData: { nice: lowered } satisfies WorkerData }
          : { niceIncrement: nice }),
      });
      return piscina;
    });
    return starting;
  };

  const run: RunJob = async (request, runOptions) => {
    for (let attempt = 0; ; attempt += 1) {
      if (closed) throw new OverturnError('busy', 'the worker pool is closed');
      runOptions?.signal?.throwIfAborted();
      const pool = await start();
      if (pool.queueSize < maxQueue) return pool.run(request, runOptions?.signal ? { signal: runOptions.signal } : {});
      const delay = retryDelays[attempt];
      if (delay === undefined) throw new OverturnError('busy', `worker queue full (${maxQueue} waiting)`);
      await sleep(delay * (0.75 + Math.random() / 2));
    }
  };

  return {
    run,
    threads,
    maxQueue,
    queueDepth: () => piscina?.queueSize ?? 0,
    // One job per thread at a time: the pool hands concurrent jobs to idle threads first.
    warm: async (names = ['letter.warm', 'denial.warm']) => {
      for (const name of names)
        await Promise.allSettled(Array.from({ length: threads }, () => run({ name, payload: {} })));
      lowerOtherThreads(lowered);
    },
    close: async () => {
      closed = true;
      clearInterval(lowering);
      await (await starting)?.destroy();
    },
  };
}
