import type { LetterModel } from '../flows/appeal/letter/model.js';

/**
 * Every CPU-heavy job a worker thread can run, by name. Payloads and results
 * cross threads by structured clone: plain values, typed arrays, no functions.
 * Each job imports its module on first use, so a worker loads only what it runs.
 */
export const jobs = {
  /** A composed letter → its .docx bytes, stamped with its day (the docx library and the zip: about 16 ms of CPU). */
  'letter.docx': async ({ model, day }: { model: LetterModel; day: string }): Promise<Uint8Array> =>
    (await import('../flows/appeal/letter/index.js')).packLetter(model, day),
};

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = Parameters<(typeof jobs)[N]>[0];
export type JobResult<N extends JobName> = Awaited<ReturnType<(typeof jobs)[N]>>;

/** Runs one job by name: in this thread (tests, the CLI) or in the worker pool (the server). */
export type RunJob = <N extends JobName>(name: N, payload: JobPayload<N>) => Promise<JobResult<N>>;

/** What a worker receives for one job. */
export interface JobRequest {
  name: string;
  payload: unknown;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobs, name);
}

/** Looks the job up and runs it here; used in process and inside each worker. */
export function runJobHere(request: JobRequest): Promise<unknown> {
  if (!isJobName(request.name)) return Promise.reject(new Error(`unknown worker job ${request.name}`));
  const job = jobs[request.name] as (payload: unknown) => Promise<unknown>;
  return job(request.payload);
}

/** The default runner: the job in the calling thread. */
export const runJobInProcess: RunJob = (name, payload) =>
  runJobHere({ name, payload }) as Promise<JobResult<typeof name>>;
