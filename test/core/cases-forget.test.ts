import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { MemorySessionStore, type SessionStore } from '../../src/core/session-store.js';
import { createSessionStore, storeConfigFromEnv } from '../../src/core/stores/index.js';
import { Conversation, texts } from '../helpers/chat.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'overturn-cases-'));
const raw = rawRedis();
const prefix = uniquePrefix('cases');
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await deleteByPrefix(raw, prefix);
  await raw.quit();
});

const CONVERSATION = 'slack:T0SECRET:U0PRIVATE';
const SECRET = 'a-session-secret-of-at-least-32-characters!';

/** A care team with three cases, each with answers of its own. */
async function threeCases(store: SessionStore): Promise<Conversation> {
  const c = new Conversation(createBot({ clock: fixedClock('2026-04-01'), store }), CONVERSATION);
  await c.start();
  await c.choose("I'm on the care team");
  for (const answer of ['cigna', 'ocrevus']) await c.send(answer);
  await c.send('new case');
  for (const answer of ['aetna', 'saphnelo']) await c.send(answer);
  await c.send('new case');
  await c.send('humana');
  await c.send('cases');
  const list = c.lastQuestion().input;
  expect(list.type === 'choices' ? list.choices : []).toHaveLength(4);
  return c;
}

async function forgetAll(c: Conversation, store: SessionStore): Promise<void> {
  expect(texts(await c.send('forget me'))).toMatch(/deleted everything/);
  expect(await store.get(CONVERSATION)).toBeNull();
}

describe('"forget me" deletes every case, in every store', () => {
  it('memory', async () => {
    const store = new MemorySessionStore();
    const c = await threeCases(store);
    await forgetAll(c, store);
  });

  it('SQLite: no row is left, and the stored key is a hash', async () => {
    const dir = join(root, 'sqlite');
    const store = await createSessionStore(storeConfigFromEnv({ DATA_DIR: dir }), silentLogger);
    const c = await threeCases(store);
    const rows = () =>
      new Database(join(dir, 'sessions.db'), { readonly: true }).prepare('SELECT * FROM sessions').all();
    const before = JSON.stringify(rows());
    expect(before).toMatch(/saphnelo/);
    expect(before).not.toContain('U0PRIVATE');
    await forgetAll(c, store);
    expect(rows()).toEqual([]);
    await store.close();
  });

  it('Redis: no key is left under the prefix, and stored keys are hashes', async () => {
    const store = await createSessionStore(
      storeConfigFromEnv({ REDIS_URL, REDIS_KEY_PREFIX: prefix, SESSION_SECRET: SECRET }),
      silentLogger,
    );
    const c = await threeCases(store);
    const keys = async () => {
      const found: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        found.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      // `#version` marks the store's key scheme: the store's own, not a session.
      return found.filter((key) => key !== `${prefix}#version`);
    };
    const stored = await keys();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.join(' ')).not.toMatch(/U0PRIVATE|T0SECRET/);
    await forgetAll(c, store);
    expect(await keys()).toEqual([]);
    await store.close();
  });
});
