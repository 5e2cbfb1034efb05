import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { silentLogger } from '../../src/core/log.js';
import { MemorySessionStore, type SessionStore } from '../../src/core/session-store.js';
import { createSessionStore, serverSecrets, type StoreConfig } from '../../src/core/stores/index.js';

/** Where the benchmarks look for Redis; a unique key prefix per run keeps them off anyone's data. */
/** The shared secret every process using Redis needs (SESSION_SECRET); a bench run makes its own. */
export const BENCH_SECRET = randomBytes(32).toString('base64');
/** The key-hash key derived from it, to find a session's Redis name. */
export const BENCH_KEY_HASH = serverSecrets({ dataDir: tmpdir(), redisUrl: 'redis://', secret: BENCH_SECRET }).keyHash
  .current;
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type StoreKind = 'memory' | 'sqlite' | 'sqlite-encrypted' | 'redis';

/** A store made the way `src/main.ts` makes it (createSessionStore), plus its clean-up. */
export interface BenchStore {
  kind: StoreKind;
  store: SessionStore;
  /** Closes the store and removes everything the benchmark wrote (temp directory, Redis keys). */
  dispose(): Promise<void>;
}

/** Is Redis answering at `url`? Returns the reason when it is not. */
export async function redisProblem(url = BENCH_REDIS_URL): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return `Redis not reachable at ${url} (${(error as Error).message})`;
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN, never KEYS). */
export async function deleteRedisPrefix(prefix: string, url = BENCH_REDIS_URL): Promise<number> {
  const client = new Redis(url);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return deleted;
}

export function uniqueRedisPrefix(label: string): string {
  return `overturn-bench:${label}:${process.pid}-${randomBytes(4).toString('hex')}:`;
}

export async function openBenchStore(kind: StoreKind): Promise<BenchStore> {
  if (kind === 'memory') {
    const store = new MemorySessionStore();
    return { kind, store, dispose: () => store.close() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'overturn-bench-'));
  const base: StoreConfig = { dataDir, ttlDays: 30 };
  if (kind === 'redis') {
    const prefix = uniqueRedisPrefix('stores');
    const store = await createSessionStore(
      { ...base, redisUrl: BENCH_REDIS_URL, redisKeyPrefix: prefix, secret: BENCH_SECRET },
      silentLogger,
    );
    return {
      kind,
      store,
      dispose: async () => {
        await store.close();
        await deleteRedisPrefix(prefix);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const config: StoreConfig =
    kind === 'sqlite-encrypted'
      ? { ...base, encryptionKeys: { current: randomBytes(32).toString('base64'), previous: [] } }
      : base;
  const store = await createSessionStore(config, silentLogger);
  return {
    kind,
    store,
    dispose: async () => {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
