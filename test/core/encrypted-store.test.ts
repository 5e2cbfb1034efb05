import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isOverturnError } from '../../src/core/errors.js';
import { MemorySessionStore, UnreadableSessionError } from '../../src/core/session-store.js';
import {
  EncryptedSessionStore,
  parseSessionKey,
  PlaintextSessionStore,
} from '../../src/core/stores/encrypted-store.js';
import { RedisSessionStore } from '../../src/core/stores/redis-store.js';
import { SqliteSessionStore } from '../../src/core/stores/sqlite-store.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';
import { manualClock, sessionStoreContract } from './store-contract.js';

const OLD_KEY = parseSessionKey('L1dVvQx2n3sW4e5r6t7y8u9i0oPaSdFgHjKlZxCvBnM=');
const NEW_KEY = parseSessionKey('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
const ANSWERS = {
  flow: 'appeal',
  state: { answers: { insurer: 'cigna', drug: 'OCREVUS-ANSWER', date: '2026-03-03' } },
  seen: ['Ev1'],
};

const root = mkdtempSync(join(tmpdir(), 'overturn-enc-'));
const raw = rawRedis();
const redisPrefix = uniquePrefix('encrypted');

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await deleteByPrefix(raw, redisPrefix);
  await raw.quit();
});

sessionStoreContract('encrypted memory', async () => {
  const clock = manualClock();
  const store = new EncryptedSessionStore(new MemorySessionStore(clock.now), { current: NEW_KEY, previous: [OLD_KEY] });
  return { store, elapse: clock.elapse, close: () => store.close() };
});

describe('session keys', () => {
  it('accepts 32 bytes as base64 or hex, with a short id derived from the key', () => {
    expect(OLD_KEY.bytes).toHaveLength(32);
    expect(NEW_KEY.bytes).toHaveLength(32);
    expect(OLD_KEY.id).toMatch(/^[0-9a-f]{8}$/);
    expect(OLD_KEY.id).not.toBe(NEW_KEY.id);
    expect(parseSessionKey(` ${'0123456789abcdef'.repeat(4)}\n`).id).toBe(NEW_KEY.id);
  });

  it('rejects keys of the wrong size or format with a message saying how to make one', () => {
    for (const bad of [
      '',
      'short',
      'a'.repeat(63),
      Buffer.alloc(16, 7).toString('base64'),
      Buffer.alloc(48, 7).toString('base64'),
    ]) {
      expect(() => parseSessionKey(bad)).toThrow(/32 bytes.*openssl rand -base64 32/);
    }
  });
});

describe('EncryptedSessionStore', () => {
  it('stores no answer text in the SQLite file, only ciphertext and the key id', async () => {
    const file = join(root, 'sqlite', 'sessions.db');
    const inner = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    const store = new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [] });
    await store.put('slack:T1:U1', ANSWERS, null, 3600);
    const disk = Buffer.concat(readdirSync(join(root, 'sqlite')).map((f) => readFileSync(join(root, 'sqlite', f))));
    expect(disk.includes('OCREVUS-ANSWER')).toBe(false);
    expect(disk.includes('cigna')).toBe(false);
    expect(disk.includes(NEW_KEY.id)).toBe(true);
    expect((await store.get('slack:T1:U1'))?.data).toEqual(ANSWERS);
    await store.close();
  });

  it('stores no answer text in Redis', async () => {
    const inner = new RedisSessionStore({ url: REDIS_URL, keyPrefix: redisPrefix });
    await inner.connect();
    const store = new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [] });
    await store.put('slack:T1:U1', ANSWERS, null, 3600);
    const stored = await raw.hgetall(`${redisPrefix}slack:T1:U1`);
    expect(JSON.stringify(stored)).not.toMatch(/OCREVUS|cigna|2026-03-03/);
    expect(JSON.parse(stored.d!)).toMatchObject({ alg: 'A256GCM', kid: NEW_KEY.id });
    expect((await store.get('slack:T1:U1'))?.data).toEqual(ANSWERS);
    await store.close();
  });

  it('rotates keys: the old key still reads, the new key writes, and then the old key can go', async () => {
    const inner = new MemorySessionStore();
    const before = new EncryptedSessionStore(inner, { current: OLD_KEY, previous: [] });
    const v1 = (await before.put('k', ANSWERS, null, 3600))!;
    expect((await inner.get('k'))?.data.kid).toBe(OLD_KEY.id);

    const during = new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [OLD_KEY] });
    expect(await during.get('k')).toEqual({ data: ANSWERS, version: v1 });
    await during.put('k', { ...ANSWERS, seen: ['Ev1', 'Ev2'] }, v1, 3600);
    expect((await inner.get('k'))?.data.kid).toBe(NEW_KEY.id);

    const after = new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [] });
    expect((await after.get('k'))?.data.seen).toEqual(['Ev1', 'Ev2']);
  });

  it('fails clearly, naming the key id and the setting, when the key is wrong', async () => {
    const inner = new MemorySessionStore();
    await new EncryptedSessionStore(inner, { current: OLD_KEY, previous: [] }).put('k', ANSWERS, null, 3600);
    const wrong = new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [] });
    const error = await wrong.get('k').catch((e: unknown) => e);
    expect(isOverturnError(error, 'config_invalid')).toBe(true);
    expect(String((error as Error).message)).toMatch(
      new RegExp(`key ${OLD_KEY.id}.*not configured.*SESSION_ENCRYPTION_KEY_PREVIOUS`),
    );
    expect(String((error as Error).message)).not.toContain('OCREVUS');
  });

  it('refuses a blob that was altered or copied to another conversation', async () => {
    const inner = new MemorySessionStore();
    const store = new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [] });
    await store.put('slack:T1:U1', ANSWERS, null, 3600);
    const blob = (await inner.get('slack:T1:U1'))!.data;
    const version = (await inner.put('slack:T1:U2', blob, null, 3600))!;
    const error = await store.get('slack:T1:U2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableSessionError);
    expect((error as UnreadableSessionError).version).toBe(version);
  });

  it('reads sessions saved before encryption was turned on, and encrypts them on the next write', async () => {
    const inner = new MemorySessionStore();
    const v1 = (await inner.put('k', ANSWERS, null, 3600))!;
    const store = new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [] });
    expect(await store.get('k')).toEqual({ data: ANSWERS, version: v1 });
    await store.put('k', ANSWERS, v1, 3600);
    expect(JSON.stringify((await inner.get('k'))!.data)).not.toContain('OCREVUS');
  });

  it('with no key configured, says an encrypted session needs SESSION_ENCRYPTION_KEY instead of discarding it', async () => {
    const inner = new MemorySessionStore();
    await new EncryptedSessionStore(inner, { current: NEW_KEY, previous: [] }).put('k', ANSWERS, null, 3600);
    const plain = new PlaintextSessionStore(inner);
    await expect(plain.get('k')).rejects.toThrow(
      new RegExp(`key ${NEW_KEY.id}, but SESSION_ENCRYPTION_KEY is not set`),
    );
    expect(await inner.get('k')).not.toBeNull();
  });
});
