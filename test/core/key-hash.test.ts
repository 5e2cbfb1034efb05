import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { EncryptedSessionStore, parseSessionKey } from '../../src/core/stores/encrypted-store.js';
import { createSessionStore, SqliteSessionStore, storeConfigFromEnv } from '../../src/core/stores/index.js';
import { RedisSessionStore } from '../../src/core/stores/redis-store.js';
import { notesEngine, text, textsOf } from './notes-flow.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'overturn-keyhash-'));
const raw = rawRedis();
const prefixes: string[] = [];
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  for (const prefix of prefixes) await deleteByPrefix(raw, prefix);
  await raw.quit();
});

const COOKIE = 'Zq3x9PpW0cookieValueThatMustNeverBeStored_12';
const WEB = `web:local:${COOKIE}`;
const SLACK = 'slack:T0SECRET:U0PRIVATE';
const SECRET = 'a-session-secret-of-at-least-32-characters!';
const KEY = 'q2v6S8u7L8xO1nO3s0Hq9wq0C6k0Jb3mJ4fYv1Zt8cE=';
const NEW_KEY = 'cd'.repeat(32);

/** Everything SQLite keeps on disk for this directory, as text. */
function filesOf(dir: string): string {
  return ['sessions.db', 'sessions.db-wal']
    .map((name) => join(dir, name))
    .filter(existsSync)
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await condition()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('stored conversation keys are hashed', () => {
  it('SQLite: new sessions and rows written before the upgrade hold no raw id, and stay readable', async () => {
    const dir = join(root, 'sqlite');
    const before = new SqliteSessionStore({ file: join(dir, 'sessions.db') });
    await before.put(WEB, { notes: ['old'] }, null, 3600);
    await before.close();
    expect(filesOf(dir)).toContain(COOKIE);

    const store = await createSessionStore(storeConfigFromEnv({ DATA_DIR: dir }), silentLogger);
    expect((await store.get(WEB))?.data).toEqual({ notes: ['old'] });
    await store.put(SLACK, { notes: ['new'] }, null, 3600);
    await store.close();
    const disk = filesOf(dir);
    expect(disk).not.toContain(COOKIE);
    expect(disk).not.toContain('U0PRIVATE');
    expect(disk).not.toContain('web:local');

    // The generated secret is kept, owner-only, so the next start finds the same sessions.
    expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600);
    const again = await createSessionStore(storeConfigFromEnv({ DATA_DIR: dir }), silentLogger);
    expect((await again.get(SLACK))?.data).toEqual({ notes: ['new'] });
    expect((await again.get(WEB))?.data).toEqual({ notes: ['old'] });
    await again.close();
  });

  it('SQLite: encrypted rows keep decrypting after their key is renamed', async () => {
    const dir = join(root, 'sqlite-encrypted');
    const inner = new SqliteSessionStore({ file: join(dir, 'sessions.db') });
    const before = new EncryptedSessionStore(inner, { current: parseSessionKey(KEY), previous: [] });
    await before.put(WEB, { drug: 'ocrevus' }, null, 3600);
    await before.close();
    const store = await createSessionStore(
      storeConfigFromEnv({ DATA_DIR: dir, SESSION_ENCRYPTION_KEY: KEY }),
      silentLogger,
    );
    expect((await store.get(WEB))?.data).toEqual({ drug: 'ocrevus' });
    await store.close();
    expect(filesOf(dir)).not.toContain(COOKIE);
  });

  it('a rotated encryption key (which the hash secret is derived from) loses no session', async () => {
    const dir = join(root, 'rotation');
    const first = await createSessionStore(
      storeConfigFromEnv({ DATA_DIR: dir, SESSION_ENCRYPTION_KEY: KEY }),
      silentLogger,
    );
    await first.put(SLACK, { notes: ['kept'] }, null, 3600);
    await first.close();
    const rotated = await createSessionStore(
      storeConfigFromEnv({ DATA_DIR: dir, SESSION_ENCRYPTION_KEY: NEW_KEY, SESSION_ENCRYPTION_KEY_PREVIOUS: KEY }),
      silentLogger,
    );
    expect((await rotated.get(SLACK))?.data).toEqual({ notes: ['kept'] });
    await rotated.delete(SLACK);
    expect(await rotated.get(SLACK)).toBeNull();
    await rotated.close();
  });

  it('Redis: keys written before the upgrade are renamed in place with their expiry', async () => {
    const prefix = uniquePrefix('keyhash-migrate');
    prefixes.push(prefix);
    const before = new RedisSessionStore({ url: REDIS_URL, keyPrefix: prefix });
    await before.connect();
    await before.put(WEB, { notes: ['old'] }, null, 3600);
    await before.close();
    expect(await raw.exists(prefix + WEB)).toBe(1);

    const store = await createSessionStore(
      storeConfigFromEnv({ REDIS_URL, REDIS_KEY_PREFIX: prefix, SESSION_SECRET: SECRET }),
      silentLogger,
    );
    await until(async () => (await raw.exists(prefix + WEB)) === 0);
    const names = await raw.keys(`${prefix}*`);
    expect(names.join(' ')).not.toContain(COOKIE);
    const [hashed] = names.filter((name) => name.startsWith(`${prefix}k1.`));
    expect(await raw.pttl(hashed!)).toBeGreaterThan(3_000_000);
    expect((await store.get(WEB))?.data).toEqual({ notes: ['old'] });
    await store.close();
  });

  it('Redis replicas: forget me reaches the other processes by hash, and each learns it by the raw key', async () => {
    const prefix = uniquePrefix('keyhash-replicas');
    prefixes.push(prefix);
    const config = storeConfigFromEnv({ REDIS_URL, REDIS_KEY_PREFIX: prefix, SESSION_SECRET: SECRET });
    const listener = rawRedis();
    const announced: string[] = [];
    await listener.subscribe(`${prefix}#forget`);
    listener.on('message', (_channel: string, message: string) => announced.push(message));

    const replicas = await Promise.all(
      [0, 1].map(async () => {
        const store = await createSessionStore(config, silentLogger);
        // What each process hears about "forget me" elsewhere, as its engine does: by the raw key.
        const forgotten: string[] = [];
        store.onRemoteDelete?.((conversation) => void forgotten.push(conversation));
        return { store, forgotten, engine: notesEngine(store) };
      }),
    );
    const [a, b] = replicas as [(typeof replicas)[0], (typeof replicas)[0]];
    expect(textsOf(await a.engine.handle(text(WEB, 'cigna')))).toEqual(['#1:cigna']);
    expect(textsOf(await b.engine.handle(text(WEB, 'ocrevus')))).toEqual(['#2:ocrevus']);
    expect((await raw.keys(`${prefix}*`)).join(' ')).not.toContain(COOKIE);

    await b.engine.handle(text(WEB, 'forget me'));
    await until(() => a.forgotten.length > 0 && announced.length > 0);
    expect(a.forgotten).toEqual([WEB]);
    expect(b.forgotten).toEqual([]);
    expect(announced.join(' ')).not.toContain(COOKIE);
    expect(await a.store.get(WEB)).toBeNull();
    expect(textsOf(await a.engine.handle(text(WEB, 'hello')))).toEqual(['#1:hello']);
    for (const replica of replicas) await replica.store.close();
    await listener.quit();
  });

  it('Redis without a shared secret is refused at start-up, naming SESSION_SECRET', async () => {
    await expect(
      createSessionStore(storeConfigFromEnv({ REDIS_URL, DATA_DIR: join(root, 'unused') }), silentLogger),
    ).rejects.toThrow(/SESSION_SECRET/);
    expect(() => storeConfigFromEnv({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET must be at least 32/);
  });
});
