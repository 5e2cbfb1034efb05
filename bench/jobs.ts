import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStore } from '../src/core/jobs/job-store.js';
import { RedisJobStore } from '../src/core/stores/redis-jobs.js';
import { SqliteJobStore } from '../src/core/stores/sqlite-jobs.js';
import type { BenchResult } from './lib/result.js';
import { BENCH_REDIS_URL, deleteRedisPrefix, redisProblem, uniqueRedisPrefix } from './lib/stores.js';
import { nowMs, perSecond, round } from './lib/stats.js';

const CONVERSATIONS = 2000;
const JOBS_EACH = 3;
const CLAIMERS = 4;
const BATCH = 20;
const DUE = Date.parse('2026-08-14T16:00:00Z');

export const WORKLOAD =
  `${CONVERSATIONS} conversations each schedule ${JOBS_EACH} reminders (replace), then ${CLAIMERS} claimers ` +
  `(separate connections: two processes' worth) claim all of them in batches of ${BATCH} and complete each; ` +
  `SQLite: a temp file, WAL; Redis at ${BENCH_REDIS_URL} under a unique prefix, deleted afterwards`;

async function measure(open: () => Promise<JobStore>): Promise<Record<string, number>> {
  const stores = await Promise.all(Array.from({ length: CLAIMERS }, open));
  const [first] = stores as [JobStore];
  let start = nowMs();
  for (let c = 0; c < CONVERSATIONS; c += 1) {
    await first.replace(
      `slack:T1:U${c}`,
      Array.from({ length: JOBS_EACH }, (_, j) => ({ id: `r${j}`, due: DUE + j })),
    );
  }
  const scheduleMs = nowMs() - start;
  start = nowMs();
  const claimed = await Promise.all(
    stores.map(async (store) => {
      let count = 0;
      for (;;) {
        const batch = await store.claimDue(DUE + 10, BATCH, 60_000);
        if (batch.length === 0) return count;
        for (const job of batch) await store.complete(job);
        count += batch.length;
      }
    }),
  );
  const claimMs = nowMs() - start;
  for (const store of stores) await store.close();
  const total = claimed.reduce((a, b) => a + b, 0);
  if (total !== CONVERSATIONS * JOBS_EACH) throw new Error(`claimed ${total}, expected ${CONVERSATIONS * JOBS_EACH}`);
  return {
    schedulePerSecond: round((CONVERSATIONS * 1000) / scheduleMs),
    claimAndCompletePerSecond: round((total * 1000) / claimMs),
  };
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'overturn-bench-jobs-'));
  const figures: Record<string, unknown> = {};
  const lines: string[] = [];
  try {
    const file = join(dir, 'sessions.db');
    figures.sqlite = await measure(async () => new SqliteJobStore({ file }));
    const problem = await redisProblem();
    if (problem) lines.push(`redis skipped: ${problem}`);
    else {
      const prefix = uniqueRedisPrefix('jobs');
      try {
        figures.redis = await measure(async () => {
          const store = new RedisJobStore({ url: BENCH_REDIS_URL, keyPrefix: prefix });
          await store.connect();
          return store;
        });
      } finally {
        await deleteRedisPrefix(prefix);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [kind, f] of Object.entries(figures) as Array<[string, Record<string, number>]>) {
    lines.push(
      `${kind}: schedule ${perSecond(f.schedulePerSecond ?? 0)} conversations, claim+complete ${perSecond(f.claimAndCompletePerSecond ?? 0)} reminders`,
    );
  }
  return { id: 'jobs', title: 'Reminder jobs: schedule and fire', workload: WORKLOAD, status: 'ok', figures, lines };
}
