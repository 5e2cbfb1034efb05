import { createBot, fixedClock } from '../src/bot.js';
import { cpuSeconds } from './lib/conversation-bench.js';
import type { BenchResult } from './lib/result.js';
import { BENCH_TODAY, LETTER_TURN, runSeedConversation } from './lib/scenario.js';
import { BENCH_REDIS_URL, openBenchStore, redisProblem, type StoreKind } from './lib/stores.js';
import { distribution, gc, median, ms, nowMs, perSecond, round, rounded } from './lib/stats.js';

const SEQUENTIAL_MS = 1000;
const IN_FLIGHT = [1, 100, 1000] as const;
const CONCURRENCY_REPEATS = 3;
/** Conversations finished per measurement: with 1000 in flight, every one of them is in flight at once. */
const TOTAL_FOR: Record<number, number> = { 1: 300, 100: 500, 1000: 1000 };

export const WORKLOAD =
  `the seed appeal through the summary (${LETTER_TURN} turns, no letter: the letter is CPU work that does not touch the store) ` +
  'through createBot().handle, the store made by createSessionStore exactly as src/main.ts makes it (SQLite file in a temp directory, ' +
  `WAL; Redis at ${BENCH_REDIS_URL} under a unique key prefix, deleted afterwards; memory: MemorySessionStore). ` +
  `Per-turn latency: 30 warm-up conversations, then one conversation at a time for ${SEQUENTIAL_MS / 1000} s. ` +
  'In flight: 1, 100 and 1000 conversations kept running at once (each new conversation starts when one finishes) until 300, 500 and 1000 ' +
  `have finished, ${CONCURRENCY_REPEATS} repeats with a fresh store each, median`;

async function sequential(kind: StoreKind) {
  const opened = await openBenchStore(kind);
  try {
    const bot = createBot({ clock: fixedClock(BENCH_TODAY), store: opened.store });
    for (let i = 0; i < 30; i += 1) await runSeedConversation(bot, `warm-${i}`, LETTER_TURN);
    gc();
    const turns: number[] = [];
    let count = 0;
    const start = nowMs();
    while (nowMs() - start < SEQUENTIAL_MS) {
      turns.push(...(await runSeedConversation(bot, `seq-${count}`, LETTER_TURN)).turns);
      count += 1;
    }
    return {
      perTurnMs: rounded(distribution(turns)),
      conversationsPerSecond: round((count * 1000) / (nowMs() - start)),
    };
  } finally {
    await opened.dispose();
  }
}

/** Keeps `inFlight` conversations running at once until `total` have finished. */
async function concurrent(kind: StoreKind, inFlight: number, repeat: number) {
  const opened = await openBenchStore(kind);
  try {
    const bot = createBot({ clock: fixedClock(BENCH_TODAY), store: opened.store });
    for (let i = 0; i < 20; i += 1) await runSeedConversation(bot, `warm-${i}`, LETTER_TURN);
    gc();
    const total = TOTAL_FOR[inFlight] ?? inFlight;
    let started = 0;
    const turns: number[] = [];
    const cpu = process.cpuUsage();
    const start = nowMs();
    const worker = async () => {
      while (started < total) {
        const id = started;
        started += 1;
        turns.push(...(await runSeedConversation(bot, `r${repeat}-c${id}`, LETTER_TURN)).turns);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const seconds = (nowMs() - start) / 1000;
    return {
      conversationsPerSecond: total / seconds,
      turnsPerSecond: turns.length / seconds,
      perTurnMedianMs: median(turns),
      cpuSeconds: cpuSeconds(cpu),
    };
  } finally {
    await opened.dispose();
  }
}

export async function run(): Promise<BenchResult> {
  const redisDown = await redisProblem();
  const kinds: StoreKind[] = redisDown
    ? ['memory', 'sqlite', 'sqlite-encrypted']
    : ['memory', 'sqlite', 'sqlite-encrypted', 'redis'];
  const perTurn: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const kind of kinds) {
    const r = await sequential(kind);
    perTurn[kind] = r;
    lines.push(
      `${kind.padEnd(16)} per turn median ${ms(r.perTurnMs.median)}, p99 ${ms(r.perTurnMs.p99)}; one at a time ${perSecond(r.conversationsPerSecond)} conversations`,
    );
  }
  if (redisDown) lines.push(`redis: skipped: ${redisDown}`);
  const inFlight: Record<string, Record<string, unknown>> = {};
  for (const kind of kinds.filter((k) => k !== 'sqlite-encrypted')) {
    inFlight[kind] = {};
    const parts: string[] = [];
    for (const n of IN_FLIGHT) {
      const repeats = [];
      for (let r = 0; r < CONCURRENCY_REPEATS; r += 1) repeats.push(await concurrent(kind, n, r));
      const cps = median(repeats.map((x) => x.conversationsPerSecond));
      inFlight[kind]![String(n)] = {
        conversationsPerSecond: round(cps),
        turnsPerSecond: round(median(repeats.map((x) => x.turnsPerSecond))),
        perTurnMedianMs: round(median(repeats.map((x) => x.perTurnMedianMs))),
        repeatsPerSecond: repeats.map((x) => round(x.conversationsPerSecond)),
      };
      parts.push(`${n} → ${perSecond(cps)}`);
    }
    lines.push(`${kind.padEnd(16)} conversations/s with 1, 100, 1000 in flight: ${parts.join(', ')}`);
  }
  return {
    id: 'stores',
    title: '4. Session stores: per-turn latency and conversations in flight',
    workload: WORKLOAD,
    status: 'ok',
    figures: { perTurn, inFlight, ...(redisDown ? { redisSkipped: redisDown } : {}) },
    lines,
  };
}
