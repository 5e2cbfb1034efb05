import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SqliteSessionStore } from '../src/core/stores/sqlite-store.js';
import type { BenchResult } from './lib/result.js';
import { distribution, ms, nowMs, round, rounded, type Distribution } from './lib/stats.js';

const RATE = 150;
const STRETCH_MS = 10_000;
const ROUNDS = 2;
/** About the size of a session in the middle of an appeal. */
const SESSION = {
  step: 'details',
  answers: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`answer${i}`, 'x'.repeat(80)])),
};
/** Keys in use at once: each user's session is rewritten every SLOTS / RATE s, as in the steady benchmark. */
const SLOTS = 60;

const WAYS = ['inline', 'thread'] as const;
type Way = (typeof WAYS)[number];
const DISKS = ['quiet', 'busy'] as const;

// Another process writing 8 MB at a time to the same disk and syncing it, as a backup, a log
// shipper or a neighbouring service would; the file is rewritten from the start every 256 MB.
const WRITER_SOURCE = `
const fs = require('node:fs');
const file = process.argv[1];
const chunk = Buffer.alloc(8 << 20, 7);
const fd = fs.openSync(file, 'w');
let at = 0;
for (;;) {
  fs.writeSync(fd, chunk, 0, chunk.length, at);
  fs.fdatasyncSync(fd);
  at = (at + chunk.length) % (256 << 20);
}
`;

export const WORKLOAD =
  `session writes (SqliteSessionStore.put, a ${JSON.stringify(SESSION).length}-byte session, ${SLOTS} users in turn) at a steady ` +
  `${RATE} a second, open loop, in this process, with the SQLite file in the temp directory (${tmpdir()}), in two ways: SQLite's own ` +
  'automatic checkpoints on the connection that writes, on the event loop (before), and checkpoints in a thread of their own ' +
  '(after, as npm start runs). Each way on a quiet disk and while another process writes 8 MB at a time to the same disk ' +
  `and syncs it. ${ROUNDS} rounds of ${STRETCH_MS / 1000} s per way and disk, the ways alternating, pooled. A write's latency counts from when it was ` +
  'due, so a write that waited behind a stalled event loop counts its wait; the event loop delay is how late a 1 ms timer ran: ' +
  "what every other conversation's turn would have waited";

interface Stretch {
  writeMs: number[];
  /** How late a 1 ms timer ran: p99 and longest. */
  loopDelayMs: { p99: number; max: number };
}

function startWriter(dir: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', WRITER_SOURCE, join(dir, 'neighbour.bin')], { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

async function stretch(store: SqliteSessionStore, round: number): Promise<Stretch> {
  const writeMs: number[] = [];
  const versions = new Map<string, number | null>();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const period = 1000 / RATE;
  const start = nowMs();
  loop.enable();
  for (let i = 0; ; i += 1) {
    const due = start + i * period;
    if (due - start >= STRETCH_MS) break;
    const wait = due - nowMs();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const key = `bench:r${round}:u${i % SLOTS}`;
    versions.set(key, await store.put(key, SESSION, versions.get(key) ?? null, 3600));
    writeMs.push(nowMs() - due);
  }
  loop.disable();
  return { writeMs, loopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 } };
}

export async function run(): Promise<BenchResult> {
  const root = mkdtempSync(join(tmpdir(), 'overturn-bench-disk-'));
  const stores = Object.fromEntries(
    WAYS.map((way) => [
      way,
      new SqliteSessionStore({ file: join(root, way, 'sessions.db'), purgeEveryMs: 0, checkpoints: way }),
    ]),
  ) as Record<Way, SqliteSessionStore>;
  const cells: Record<string, Stretch[]> = {};
  try {
    for (const way of WAYS) await stretch(stores[way], -1);
    for (const disk of DISKS) {
      const writer = disk === 'busy' ? startWriter(root) : null;
      try {
        for (let r = 0; r < ROUNDS; r += 1) {
          for (const way of r % 2 === 0 ? WAYS : [...WAYS].reverse()) {
            const cell = `${disk}.${way}`;
            cells[cell] = [...(cells[cell] ?? []), await stretch(stores[way], r)];
          }
        }
      } finally {
        writer?.kill('SIGKILL');
      }
    }
  } finally {
    for (const store of Object.values(stores)) await store.close();
    rmSync(root, { recursive: true, force: true });
  }
  const figures: Record<
    string,
    Record<string, { writeMs: Distribution; loopDelayP99Ms: number; loopDelayMaxMs: number }>
  > = {};
  const lines: string[] = [];
  for (const disk of DISKS) {
    figures[disk] = {};
    for (const way of WAYS) {
      const list = cells[`${disk}.${way}`] ?? [];
      const writeMs = rounded(distribution(list.flatMap((s) => s.writeMs)));
      const loopDelayP99Ms = round(Math.max(...list.map((s) => s.loopDelayMs.p99)), 2);
      const loopDelayMaxMs = round(Math.max(...list.map((s) => s.loopDelayMs.max)), 1);
      figures[disk][way] = { writeMs, loopDelayP99Ms, loopDelayMaxMs };
    }
    const before = figures[disk].inline!;
    const after = figures[disk].thread!;
    lines.push(
      `${disk} disk: write p99 ${ms(before.writeMs.p99)} → ${ms(after.writeMs.p99)}, max ${ms(before.writeMs.max)} → ${ms(after.writeMs.max)}; ` +
        `event loop late by up to ${ms(before.loopDelayMaxMs)} → ${ms(after.loopDelayMaxMs)} (checkpoints on the event loop → in their thread)`,
    );
  }
  return {
    id: 'store-disk',
    title: '11. Session writes while another process writes to the disk: checkpoints on the event loop vs in a thread',
    workload: WORKLOAD,
    status: 'ok',
    figures: { rate: RATE, stretchMs: STRETCH_MS, rounds: ROUNDS, ...figures },
    lines,
  };
}
