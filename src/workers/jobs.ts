import type { LetterModel } from '../flows/appeal/letter/model.js';

/**
 * Every CPU-heavy job a worker thread can run, by name. Payloads and results
 * cross threads by structured clone: plain values, typed arrays, no functions.
 * Each job imports its module on first use, so a worker loads only what it runs.
 */
export const jobs = {
  /** A composed letter → its .docx bytes, stamped with its day (the docx library and the zip: about 16 ms of CPU). */
  'letter.docx': async ({ model, day }: { model: LetterModel; day: string }): Promise<Uint8Array> =>
    (await import('../flows/appeal/letter/index.js')).packLetter(model, day, 'docx'),
  /** The same letter as a PDF (pdfkit with the bundled DejaVu fonts). */
  'letter.pdf': async ({ model, day }: { model: LetterModel; day: string }): Promise<Uint8Array> =>
    (await import('../flows/appeal/letter/index.js')).packLetter(model, day, 'pdf'),
};

export type JobName = keyof typeof jobs;

/** One job to run: its name and its payload, checked against each other. */
export type JobRequest = { [N in JobName]: { name: N; payload: Parameters<(typeof jobs)[N]>[0] } }[JobName];

/**
 * Runs one job: in this thread (tests, the CLI) or in the worker pool (the
 * server). The result crossed a thread, so callers check its shape.
 */
export type RunJob = (request: JobRequest) => Promise<unknown>;

/** Looks the job up and runs it here; used in process and inside each worker. */
export function runJobHere(request: JobRequest): Promise<unknown> {
  const name: string = request.name;
  switch (request.name) {
    case 'letter.docx':
      return jobs['letter.docx'](request.payload);
    case 'letter.pdf':
      return jobs['letter.pdf'](request.payload);
    default:
      return Promise.reject(new Error(`unknown worker job ${name}`));
  }
}

/** The default runner: the job in the calling thread. */
export const runJobInProcess: RunJob = runJobHere;
