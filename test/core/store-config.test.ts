import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import {
  createSessionStore,
  detailsTtlSeconds,
  sessionTtlSeconds,
  storeConfigFromEnv,
} from '../../src/core/stores/index.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';

const KEY = 'q2v6S8u7L8xO1nO3s0Hq9wq0C6k0Jb3mJ4fYv1Zt8cE=';
const OLD = 'ab'.repeat(32);
const root = mkdtempSync(join(tmpdir(), 'overturn-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('storeConfigFromEnv', () => {
  it('needs no settings: SQLite in ./data, 30 days, not encrypted', () => {
    const config = storeConfigFromEnv({});
    expect(config).toEqual({ dataDir: './data', ttlDays: 30, detailsHours: 24 });
    expect(sessionTtlSeconds(config)).toBe(30 * 24 * 60 * 60);
    expect(detailsTtlSeconds(config)).toBe(24 * 60 * 60);
  });

  it('reads Redis, the time to live and the keys for a rotation; blank variables count as unset', () => {
    expect(
      storeConfigFromEnv({
        DATA_DIR: '/var/lib/overturn',
        REDIS_URL: 'redis://127.0.0.1:6379/2',
        REDIS_KEY_PREFIX: 'care-team:',
        SESSION_TTL_DAYS: '7',
        LETTER_DETAILS_HOURS: '2',
        SESSION_ENCRYPTION_KEY: KEY,
        SESSION_ENCRYPTION_KEY_PREVIOUS: `${OLD}, ${'cd'.repeat(32)}`,
        LOG_LEVEL: 'info',
      }),
    ).toEqual({
      dataDir: '/var/lib/overturn',
      redisUrl: 'redis://127.0.0.1:6379/2',
      redisKeyPrefix: 'care-team:',
      ttlDays: 7,
      detailsHours: 2,
      encryptionKeys: { current: KEY, previous: [OLD, 'cd'.repeat(32)] },
    });
    expect(storeConfigFromEnv({ REDIS_URL: '', SESSION_ENCRYPTION_KEY: ' ' })).toEqual({
      dataDir: './data',
      ttlDays: 30,
      detailsHours: 24,
    });
  });

  it('names the variable at fault', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ SESSION_TTL_DAYS: 'thirty' }, /SESSION_TTL_DAYS must be a number/],
      [{ SESSION_TTL_DAYS: '0' }, /SESSION_TTL_DAYS must be more than 0/],
      [{ LETTER_DETAILS_HOURS: 'a day' }, /LETTER_DETAILS_HOURS must be a number/],
      [{ LETTER_DETAILS_HOURS: '1000' }, /LETTER_DETAILS_HOURS must be at most 720/],
      [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must start with redis:\/\//],
      [{ SESSION_ENCRYPTION_KEY: 'hunter2' }, /SESSION_ENCRYPTION_KEY must be 32 bytes/],
      [
        { SESSION_ENCRYPTION_KEY: KEY, SESSION_ENCRYPTION_KEY_PREVIOUS: 'nope' },
        /SESSION_ENCRYPTION_KEY_PREVIOUS must be 32 bytes/,
      ],
      [
        { SESSION_ENCRYPTION_KEY_PREVIOUS: OLD },
        /SESSION_ENCRYPTION_KEY_PREVIOUS is set but SESSION_ENCRYPTION_KEY is not/,
      ],
    ];
    for (const [env, message] of cases) expect(() => storeConfigFromEnv(env), JSON.stringify(env)).toThrow(message);
  });

  it('never echoes a key in its error messages', () => {
    expect(() => storeConfigFromEnv({ SESSION_ENCRYPTION_KEY: 'secret-but-too-short' })).toThrow(
      /^(?!.*secret-but-too-short)/s,
    );
  });
});

describe('createSessionStore', () => {
  it('keeps sessions in a SQLite file under the data directory by default', async () => {
    const dataDir = join(root, 'default');
    const store = await createSessionStore(storeConfigFromEnv({ DATA_DIR: dataDir }), silentLogger);
    const version = await store.put('slack:T1:U1', { step: 'drug' }, null, 60);
    await store.close();
    expect(existsSync(join(dataDir, 'sessions.db'))).toBe(true);
    const again = await createSessionStore(storeConfigFromEnv({ DATA_DIR: dataDir }), silentLogger);
    expect(await again.get('slack:T1:U1')).toEqual({ data: { step: 'drug' }, version });
    await again.close();
  });

  it('uses Redis when REDIS_URL is set, encrypting when a key is set', async () => {
    const prefix = uniquePrefix('factory');
    const raw = rawRedis();
    const store = await createSessionStore(
      storeConfigFromEnv({
        REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        SESSION_ENCRYPTION_KEY: KEY,
        DATA_DIR: join(root, 'unused'),
      }),
      silentLogger,
    );
    await store.put('slack:T1:U1', { drug: 'ocrevus' }, null, 60);
    expect(await raw.exists(`${prefix}slack:T1:U1`)).toBe(0);
    const [name] = await raw.keys(`${prefix}k1.*`);
    const stored = await raw.hget(name!, 'd');
    expect(stored).toContain('A256GCM');
    expect(stored).not.toContain('ocrevus');
    expect((await store.get('slack:T1:U1'))?.data).toEqual({ drug: 'ocrevus' });
    expect(existsSync(join(root, 'unused'))).toBe(false);
    await store.close();
    await deleteByPrefix(raw, prefix);
    await raw.quit();
  });

  it('loads ioredis only through a dynamic import, when Redis is configured', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const staticImports = (file: string): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      const specifiers = [...source.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
      return specifiers.flatMap((s) =>
        s.startsWith('.') ? [s, ...staticImports(resolve(dirname(file), s.replace(/\.js$/, '.ts')))] : [s],
      );
    };
    const reachable = staticImports(resolve(here, '../../src/core/stores/index.ts'));
    expect(reachable).toContain('better-sqlite3');
    expect(reachable).not.toContain('ioredis');
    expect(reachable.some((s) => s.includes('redis-store'))).toBe(false);
  });
});
