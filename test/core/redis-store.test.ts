import { afterAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../src/core/stores/redis-store.js';
import { notesEngine, text, textsOf } from './notes-flow.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';
import { sessionStoreContract } from './store-contract.js';

const raw = rawRedis();
const prefixes: string[] = [];

async function openStore(): Promise<{ store: RedisSessionStore; prefix: string }> {
  const prefix = uniquePrefix('contract');
  prefixes.push(prefix);
  const store = new RedisSessionStore({ url: REDIS_URL, keyPrefix: prefix });
  await store.connect();
  return { store, prefix };
}

afterAll(async () => {
  for (const prefix of prefixes) await deleteByPrefix(raw, prefix);
  await raw.quit();
});

sessionStoreContract('redis', async () => {
  const { store } = await openStore();
  return {
    store,
    // Redis expires keys on its own clock: really wait.
    elapse: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
    close: () => store.close(),
  };
});

describe('RedisSessionStore', () => {
  it('keeps each session under the configured prefix with an expiry Redis enforces', async () => {
    const { store, prefix } = await openStore();
    await store.put('slack:T1:U1', { n: 1 }, null, 3600);
    expect(await raw.exists(`${prefix}slack:T1:U1`)).toBe(1);
    const ttl = await raw.pttl(`${prefix}slack:T1:U1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3600 * 1000);
    await store.delete('slack:T1:U1');
    expect(await raw.exists(`${prefix}slack:T1:U1`)).toBe(0);
    await store.close();
  });

  it('fails fast instead of queueing when Redis cannot be reached', async () => {
    const store = new RedisSessionStore({
      url: 'redis://127.0.0.1:1',
      keyPrefix: uniquePrefix('down'),
      commandTimeoutMs: 300,
    });
    await store.connect();
    await expect(store.get('k')).rejects.toThrow();
    await expect(store.put('k', { n: 1 }, null, 60)).rejects.toThrow();
    await store.close();
  });

  it('reports a damaged value as unreadable, so the user starts over instead of being stuck', async () => {
    const { store, prefix } = await openStore();
    await store.put('slack:T1:U1', { n: 1 }, null, 3600);
    await raw.hset(`${prefix}slack:T1:U1`, 'd', '[1,2');
    const replies = textsOf(await notesEngine(store).handle(text('slack:T1:U1', 'cigna')));
    expect(replies).toEqual([expect.stringMatching(/let's start over/), '#1:cigna']);
    await store.close();
  });
});
