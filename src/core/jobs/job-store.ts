import { randomUUID } from 'node:crypto';

/**
 * Durable jobs (reminders) kept beside the sessions. A job is only a pointer:
 * a conversation, an id the flow chose, and when it is due. Everything it
 * says is read from the session when it fires, so no health data lives here.
 */
export interface JobSpec {
  /** Unique within its conversation; chosen by the flow (e.g. `decision:2026-05-01`). */
  id: string;
  /** When it is due, in ms since the epoch. */
  due: number;
}

export interface Job extends JobSpec {
  conversation: string;
  /** How many times it has been claimed: a job that keeps failing is given up, never run forever. */
  attempts: number;
}

/** A job one process holds: only the holder of `token` may complete or retry it. */
export interface ClaimedJob extends Job {
  token: string;
}

export interface JobStore {
  /**
   * Makes `jobs` the conversation's pending jobs: missing ones are cancelled,
   * new ones added, ones whose `due` changed rescheduled; unchanged ones keep
   * their state. An empty list cancels them all.
   */
  replace(conversation: string, jobs: JobSpec[]): Promise<void>;
  /** The conversation's pending jobs, soonest first. */
  list(conversation: string): Promise<Job[]>;
  /**
   * Takes up to `limit` jobs due at `now`, soonest first, each for `leaseMs`:
   * no other claimer gets it meanwhile; if its holder dies, it is due again
   * when the lease ends. Atomic across every process sharing the store.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedJob[]>;
  /** Removes a job that ran (or was given up), unless it was rescheduled or re-claimed since. */
  complete(job: ClaimedJob): Promise<void>;
  /** Releases a job to be claimed again at `at` (its attempts are kept). */
  retry(job: ClaimedJob, at: number): Promise<void>;
  close(): Promise<void>;
}

interface Entry {
  due: number;
  runAt: number;
  attempts: number;
  token: string | null;
}

/** Jobs in this process's memory: tests and the terminal chat. */
export class MemoryJobStore implements JobStore {
  private readonly conversations = new Map<string, Map<string, Entry>>();

  async replace(conversation: string, jobs: JobSpec[]): Promise<void> {
    const current = this.conversations.get(conversation) ?? new Map<string, Entry>();
    const next = new Map<string, Entry>();
    for (const job of jobs) {
      const existing = current.get(job.id);
      next.set(
        job.id,
        existing && existing.due === job.due ? existing : { due: job.due, runAt: job.due, attempts: 0, token: null },
      );
    }
    if (next.size > 0) this.conversations.set(conversation, next);
    else this.conversations.delete(conversation);
  }

  async list(conversation: string): Promise<Job[]> {
    const entries = this.conversations.get(conversation) ?? new Map<string, Entry>();
    return [...entries]
      .map(([id, e]) => ({ conversation, id, due: e.due, attempts: e.attempts }))
      .sort((a, b) => a.due - b.due || a.id.localeCompare(b.id));
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const due: Array<{ conversation: string; id: string; entry: Entry }> = [];
    for (const [conversation, entries] of this.conversations)
      for (const [id, entry] of entries) if (entry.runAt <= now) due.push({ conversation, id, entry });
    // Ties in the order Redis gives them: by conversation, then id.
    due.sort((a, b) => a.entry.runAt - b.entry.runAt || compare(a.conversation, b.conversation) || compare(a.id, b.id));
    return due.slice(0, limit).map(({ conversation, id, entry }) => {
      entry.runAt = now + leaseMs;
      entry.attempts += 1;
      entry.token = randomUUID();
      return { conversation, id, due: entry.due, attempts: entry.attempts, token: entry.token };
    });
  }

  async complete(job: ClaimedJob): Promise<void> {
    const entries = this.conversations.get(job.conversation);
    if (entries?.get(job.id)?.token !== job.token) return;
    entries.delete(job.id);
    if (entries.size === 0) this.conversations.delete(job.conversation);
  }

  async retry(job: ClaimedJob, at: number): Promise<void> {
    const entry = this.conversations.get(job.conversation)?.get(job.id);
    if (entry?.token !== job.token) return;
    entry.runAt = at;
    entry.token = null;
  }

  async close(): Promise<void> {
    this.conversations.clear();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
