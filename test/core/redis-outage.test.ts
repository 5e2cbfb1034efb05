import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSessionStore } from '../../src/core/stores/redis-store.js';
import { CuttableProxy, deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';
import { capturedLogger, notesEngine, text, textsOf } from './notes-flow.js';

const prefix = uniquePrefix('outage');
const raw = rawRedis();
const proxy = CuttableProxy.forUrl(REDIS_URL);
const STORE_DOWN = /I can't save right now\. Please try again in a minute/;

beforeAll(() => proxy.start());

afterAll(async () => {
  await proxy.stop();
  await deleteByPrefix(raw, prefix);
  await raw.quit();
});

/** Waits (bounded) until the store answers again after the proxy is restored. */
async function untilReachable(store: RedisSessionStore): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    try {
      await store.get('probe');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('Redis did not come back through the proxy');
}

describe('Redis goes away during a conversation', () => {
  it('gives a clear reply, does not crash, and continues with nothing lost once Redis is back', async () => {
    const { logger, lines } = capturedLogger();
    const store = new RedisSessionStore({ url: proxy.url, keyPrefix: prefix, commandTimeoutMs: 500, logger });
    await store.connect();
    const engine = notesEngine(store, { logger });
    const conversation = 'slack:T1:U-outage';

    expect(textsOf(await engine.handle(text(conversation, 'cigna', 'e1')))).toEqual(['#1:cigna']);
    await proxy.cut();
    expect(textsOf(await engine.handle(text(conversation, 'ocrevus', 'e2')))).toEqual([
      expect.stringMatching(STORE_DOWN),
    ]);
    expect(textsOf(await engine.handle(text(conversation, 'employer', 'e3')))).toEqual([
      expect.stringMatching(STORE_DOWN),
    ]);
    expect(textsOf(await engine.handle(text('slack:T1:U-other', 'aetna', 'e4')))).toEqual([
      expect.stringMatching(STORE_DOWN),
    ]);
    expect(lines()).toContain('store_unavailable');

    await proxy.restore();
    await untilReachable(store);
    expect(lines()).toContain('store_recovered');
    expect(textsOf(await engine.handle(text(conversation, 'employer', 'e5')))).toEqual(['#2:ocrevus', '#3:employer']);
    expect(textsOf(await engine.handle(text(conversation, 'first', 'e6')))).toEqual(['#4:first']);
    expect(((await store.get(conversation))!.data.state as { notes: string[] }).notes).toEqual([
      'cigna',
      'ocrevus',
      'employer',
      'first',
    ]);
    expect(lines()).not.toMatch(/ocrevus|employer|aetna/);
    await store.close();
  });

  it('times out on a connection that has gone silent, and applies each answer once when it wakes up', async () => {
    const store = new RedisSessionStore({ url: proxy.url, keyPrefix: prefix, commandTimeoutMs: 300 });
    await store.connect();
    const engine = notesEngine(store);
    const conversation = 'slack:T1:U-silent';
    expect(textsOf(await engine.handle(text(conversation, 'cigna', 'e1')))).toEqual(['#1:cigna']);
    proxy.freeze();
    expect(textsOf(await engine.handle(text(conversation, 'ocrevus', 'e2')))).toEqual([
      expect.stringMatching(STORE_DOWN),
    ]);
    proxy.thaw();
    await untilReachable(store);
    expect(textsOf(await engine.handle(text(conversation, 'employer', 'e3')))).toEqual(['#2:ocrevus', '#3:employer']);
    expect(((await store.get(conversation))!.data.state as { notes: string[] }).notes).toEqual([
      'cigna',
      'ocrevus',
      'employer',
    ]);
    await store.close();
  });

  it('answers honestly when Redis is down at start-up, and works once it is up', async () => {
    await proxy.cut();
    const store = new RedisSessionStore({ url: proxy.url, keyPrefix: prefix, commandTimeoutMs: 500 });
    await store.connect();
    const engine = notesEngine(store);
    const conversation = 'slack:T1:U-startup';
    expect(textsOf(await engine.handle(text(conversation, 'cigna')))).toEqual([expect.stringMatching(STORE_DOWN)]);
    await proxy.restore();
    await untilReachable(store);
    expect(textsOf(await engine.handle(text(conversation, 'ocrevus')))).toEqual(['#1:cigna', '#2:ocrevus']);
    await store.close();
  });
});
