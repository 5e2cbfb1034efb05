import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ClaimedJob, Job, JobSpec, JobStore } from '../jobs/job-store.js';

interface Row {
  conversation: string;
  id: string;
  due: number;
  attempts: number;
}

/**
 * Due jobs in a table of the sessions' SQLite file (its own connection; WAL
 * lets it share the file). Claims run in IMMEDIATE transactions, so several
 * processes on one machine never take the same job.
 */
export class SqliteJobStore implements JobStore {
  private readonly db: Database.Database;
  private readonly replaceTx;
  private readonly claimTx;
  private readonly selectOf;
  private readonly completeOne;
  private readonly retryOne;

  constructor(options: { file: string }) {
    mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    this.db = new Database(options.file);
    chmodSync(options.file, 0o600);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('secure_delete = ON');
    // Its own table, apart from the sessions schema and its user_version.
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS due_jobs (
        conversation TEXT NOT NULL,
        id TEXT NOT NULL,
        due INTEGER NOT NULL,
        run_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        token TEXT,
        PRIMARY KEY (conversation, id)
      );
      CREATE INDEX IF NOT EXISTS due_jobs_run_at ON due_jobs (run_at);
    `);
    this.selectOf = this.db.prepare<[string], Row>(
      'SELECT conversation, id, due, attempts FROM due_jobs WHERE conversation = ? ORDER BY due, id',
    );
    const insert = this.db.prepare<[string, string, number, number]>(
      `INSERT INTO due_jobs (conversation, id, due, run_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (conversation, id) DO UPDATE SET due = excluded.due, run_at = excluded.run_at, attempts = 0, token = NULL
       WHERE due_jobs.due <> excluded.due`,
    );
    const deleteOne = this.db.prepare<[string, string]>('DELETE FROM due_jobs WHERE conversation = ? AND id = ?');
    this.replaceTx = this.db.transaction((conversation: string, jobs: JobSpec[]) => {
      const wanted = new Set(jobs.map((j) => j.id));
      for (const row of this.selectOf.all(conversation)) if (!wanted.has(row.id)) deleteOne.run(conversation, row.id);
      for (const job of jobs) insert.run(conversation, job.id, job.due, job.due);
    });
    const selectDue = this.db.prepare<[number, number], Row>(
      'SELECT conversation, id, due, attempts FROM due_jobs WHERE run_at <= ? ORDER BY run_at, conversation, id LIMIT ?',
    );
    const claimOne = this.db.prepare<[number, string, string, string]>(
      'UPDATE due_jobs SET run_at = ?, attempts = attempts + 1, token = ? WHERE conversation = ? AND id = ?',
    );
    this.claimTx = this.db.transaction((now: number, limit: number, leaseMs: number): ClaimedJob[] =>
      selectDue.all(now, limit).map((row) => {
        const token = randomUUID();
        claimOne.run(now + leaseMs, token, row.conversation, row.id);
        return { ...row, attempts: row.attempts + 1, token };
      }),
    );
    this.completeOne = this.db.prepare<[string, string, string]>(
      'DELETE FROM due_jobs WHERE conversation = ? AND id = ? AND token = ?',
    );
    this.retryOne = this.db.prepare<[number, string, string, string]>(
      'UPDATE due_jobs SET run_at = ?, token = NULL WHERE conversation = ? AND id = ? AND token = ?',
    );
  }

  async replace(conversation: string, jobs: JobSpec[]): Promise<void> {
    this.replaceTx.immediate(conversation, jobs);
  }

  async list(conversation: string): Promise<Job[]> {
    return this.selectOf.all(conversation).map((row) => ({ ...row }));
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    return this.claimTx.immediate(now, limit, leaseMs);
  }

  async complete(job: ClaimedJob): Promise<void> {
    this.completeOne.run(job.conversation, job.id, job.token);
  }

  async retry(job: ClaimedJob, at: number): Promise<void> {
    this.retryOne.run(at, job.conversation, job.id, job.token);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
