import { workerData } from 'node:worker_threads';
import { runJobHere, type JobRequest } from './jobs.js';
import { lowerThisThread } from './priority.js';

/** What the pool tells each thread (Linux): the priority to run at. */
export interface WorkerData {
  nice: number;
}

const given: unknown = workerData;
lowerThisThread(
  given && typeof given === 'object' && 'nice' in given && typeof given.nice === 'number' ? given.nice : 0,
);

/** The worker thread's entry (piscina calls the default export once per job). */
export default function runJob(request: JobRequest): Promise<unknown> {
  return runJobHere(request);
}
