import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createBot, fixedClock } from '../src/bot.js';
import { conversationKey } from '../src/core/conversation.js';
import { silentLogger } from '../src/core/log.js';
import { MemorySessionStore, type SessionData } from '../src/core/session-store.js';
import { createSessionStore, hashKey, SQLITE_FILE_NAME } from '../src/core/stores/index.js';
import type { BenchResult } from './lib/result.js';
import { BENCH_TODAY, LETTER_TURN, runSeedConversation } from './lib/scenario.js';
import { bytes, gc, nowMs, round } from './lib/stats.js';
import {
  BENCH_KEY_HASH,
  BENCH_REDIS_URL,
  BENCH_SECRET,
  deleteRedisPrefix,
  redisProblem,
  uniqueRedisPrefix,
} from './lib/stores.js';

const SESSIONS = 10_000;
const STORED = 5_000;
const IN_FLIGHT = 100;
const TTL_SECONDS = 30 * 24 * 3600;

export const WORKLOAD =
  `${SESSIONS.toLocaleString('en-US')} conversations driven through createBot().handle with the in-memory store, each through every question ` +
  `to the summary (${LETTER_TURN} turns, the largest state before the letter), ${IN_FLIGHT} in flight, with Slack-shaped keys ` +
  '(slack:T…:U…); resident memory (RSS) and V8 heap after a full GC, before and after, in a process of its own. ' +
  `Bytes per stored session: the same finished session written ${STORED.toLocaleString('en-US')} times under different keys to SQLite ` +
  `(file size after the WAL is checkpointed, minus the empty file; plain and encrypted) and to Redis (MEMORY USAGE of the keys, ${BENCH_REDIS_URL}, unique prefix, deleted after)`;

const key = (i: number) =>
  conversationKey({ platform: 'slack', space: 'T0BENCH0001', user: `U${String(i).padStart(10, '0')}` });

function settle(): { rss: number; heapUsed: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed };
}

async function memoryStore() {
  const store = new MemorySessionStore();
  const bot = createBot({ clock: fixedClock(BENCH_TODAY), store });
  await runSeedConversation(bot, 'warm', LETTER_TURN);
  const before = settle();
  const start = nowMs();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < SESSIONS) {
        const i = next;
        next += 1;
        await runSeedConversation(bot, key(i), LETTER_TURN);
      }
    }),
  );
  const seconds = (nowMs() - start) / 1000;
  const after = settle();
  if (store.size !== SESSIONS + 1)
    throw new Error(`expected ${SESSIONS + 1} sessions in the store, found ${store.size}`);
  const sample = await store.get(key(0));
  return {
    sessions: SESSIONS,
    rssBefore: before.rss,
    rssAfter: after.rss,
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    rssPerSession: round((after.rss - before.rss) / SESSIONS),
    heapPerSession: round((after.heapUsed - before.heapUsed) / SESSIONS),
    jsonBytesPerSession: JSON.stringify(sample!.data).length,
    secondsToCreate: round(seconds),
    data: sample!.data,
  };
}

async function sqliteBytes(data: SessionData, encrypted: boolean): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'overturn-bench-mem-'));
  const file = join(dataDir, SQLITE_FILE_NAME);
  try {
    const config = {
      dataDir,
      ttlDays: 30,
      ...(encrypted ? { encryptionKeys: { current: Buffer.alloc(32, 7).toString('base64'), previous: [] } } : {}),
    };
    const empty = await createSessionStore(config, silentLogger);
    await empty.close();
    const emptySize = statSync(file).size;
    const store = await createSessionStore(config, silentLogger);
    for (let i = 0; i < STORED; i += 1) await store.put(key(i), data, null, TTL_SECONDS);
    await store.close();
    return (statSync(file).size - emptySize) / STORED;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function redisBytes(data: SessionData): Promise<{ memoryUsage: number; usedMemoryDelta: number }> {
  const prefix = uniqueRedisPrefix('memory');
  const store = await createSessionStore(
    { dataDir: tmpdir(), ttlDays: 30, redisUrl: BENCH_REDIS_URL, redisKeyPrefix: prefix, secret: BENCH_SECRET },
    silentLogger,
  );
  const client = new Redis(BENCH_REDIS_URL);
  try {
    const usedBefore = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
    for (let i = 0; i < STORED; i += 1) await store.put(key(i), data, null, TTL_SECONDS);
    const usedAfter = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
    let total = 0;
    const sampled = 500;
    for (let i = 0; i < sampled; i += 1)
      total += Number(await client.memory('USAGE', prefix + hashKey(BENCH_KEY_HASH, key(i * (STORED / sampled)))));
    return { memoryUsage: total / sampled, usedMemoryDelta: (usedAfter - usedBefore) / STORED };
  } finally {
    await store.close();
    client.disconnect();
    await deleteRedisPrefix(prefix);
  }
}

export async function run(): Promise<BenchResult> {
  const mem = await memoryStore();
  const { data, ...memory } = mem;
  const sqlite = await sqliteBytes(data, false);
  const sqliteEncrypted = await sqliteBytes(data, true);
  const redisDown = await redisProblem();
  const redis = redisDown ? null : await redisBytes(data);
  const lines = [
    `memory store, ${SESSIONS.toLocaleString('en-US')} sessions: RSS ${bytes(memory.rssBefore)} → ${bytes(memory.rssAfter)} (${bytes(memory.rssPerSession)} per session), ` +
      `heap ${bytes(memory.heapBefore)} → ${bytes(memory.heapAfter)} (${bytes(memory.heapPerSession)} per session); created in ${memory.secondsToCreate} s`,
    `one stored session is ${bytes(memory.jsonBytesPerSession)} of JSON`,
    `SQLite: ${bytes(sqlite)} per session on disk; encrypted ${bytes(sqliteEncrypted)}`,
    redis
      ? `Redis: ${bytes(redis.memoryUsage)} per session (MEMORY USAGE); used_memory grew ${bytes(redis.usedMemoryDelta)} per session`
      : `Redis: skipped: ${redisDown}`,
  ];
  return {
    id: 'memory',
    title: '6. Memory: 10 000 active sessions; bytes per stored session',
    workload: WORKLOAD,
    status: 'ok',
    figures: {
      memoryStore: memory,
      sqliteBytesPerSession: round(sqlite),
      sqliteEncryptedBytesPerSession: round(sqliteEncrypted),
      ...(redis
        ? {
            redisBytesPerSession: round(redis.memoryUsage),
            redisUsedMemoryDeltaPerSession: round(redis.usedMemoryDelta),
          }
        : { redisSkipped: redisDown }),
    },
    lines,
  };
}
