import { errorName } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { ClaimedJob, JobStore } from './job-store.js';

export interface SchedulerOptions {
  jobs: JobStore;
  /** Runs one due job; throwing means "try again later" (e.g. the platform is down). */
  run(job: ClaimedJob): Promise<void>;
  /** Milliseconds since the epoch: injectable so tests move time by hand. */
  now?: () => number;
  logger?: Logger;
  /** How often to look for due jobs; 0 turns the timer off (tests call `tick`). */
  pollMs?: number;
  /** How long a claimed job stays hidden from other replicas before it is due again. */
  leaseMs?: number;
  /** Claims after which a failing job is given up. */
  maxAttempts?: number;
  /** First retry delay; each later one doubles, up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Jobs claimed per tick. */
  batch?: number;
}

const MINUTE = 60_000;

/**
 * Fires due jobs: claims a batch, runs each, completes it; a failure is
 * retried with doubling delays and given up after `maxAttempts` with one log
 * line (the job's kind of failure, never its content). A job is claimed by
 * one replica at a time, so with a shared store each fires once.
 */
export class Scheduler {
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.leaseMs = options.leaseMs ?? 5 * MINUTE;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.retryDelayMs = options.retryDelayMs ?? MINUTE;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60 * MINUTE;
    this.batch = options.batch ?? 20;
  }

  start(): void {
    const every = this.options.pollMs ?? 30_000;
    if (every <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  /** Stops polling and waits for the jobs in hand. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass: fires every job due now. Returns how many ran (successfully or not). One pass at a time. */
  tick(): Promise<number> {
    if (this.running !== null) return this.running;
    const pass = this.pass().finally(() => {
      this.running = null;
    });
    this.running = pass;
    return pass;
  }

  private async pass(): Promise<number> {
    let total = 0;
    for (;;) {
      let claimed: ClaimedJob[];
      try {
        claimed = await this.options.jobs.claimDue(this.now(), this.batch, this.leaseMs);
      } catch (error) {
        this.logger.warn({ code: 'jobs_unavailable', err: errorName(error) }, 'job store unavailable; will retry');
        return total;
      }
      for (const job of claimed) await this.fire(job);
      total += claimed.length;
      if (claimed.length < this.batch) return total;
    }
  }

  private async fire(job: ClaimedJob): Promise<void> {
    try {
      await this.options.run(job);
    } catch (error) {
      await this.failed(job, error);
      return;
    }
    await this.settle(() => this.options.jobs.complete(job));
  }

  private async failed(job: ClaimedJob, error: unknown): Promise<void> {
    if (job.attempts >= this.maxAttempts) {
      this.logger.error(
        { code: 'job_given_up', attempts: job.attempts, err: errorName(error) },
        'gave up on a reminder after repeated failures',
      );
      await this.settle(() => this.options.jobs.complete(job));
      return;
    }
    const delay = Math.min(this.retryDelayMs * 2 ** (job.attempts - 1), this.maxRetryDelayMs);
    this.logger.warn(
      { code: 'job_failed', attempts: job.attempts, err: errorName(error) },
      'reminder failed; will retry',
    );
    await this.settle(() => this.options.jobs.retry(job, this.now() + delay));
  }

  /** A store failure here is harmless: the lease ends and the job is claimed again. */
  private async settle(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.logger.warn({ code: 'jobs_unavailable', err: errorName(error) }, 'job store unavailable; will retry');
    }
  }
}
