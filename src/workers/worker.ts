import { runJobHere, type JobRequest } from './jobs.js';

/** The worker thread's entry (piscina calls the default export once per job). */
export default function runJob(request: JobRequest): Promise<unknown> {
  return runJobHere(request);
}
