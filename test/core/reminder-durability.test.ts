import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/types.js';
import { RedisJobStore } from '../../src/core/stores/redis-jobs.js';
import { RedisSessionStore } from '../../src/core/stores/redis-store.js';
import { SqliteJobStore } from '../../src/core/stores/sqlite-jobs.js';
import { SqliteSessionStore } from '../../src/core/stores/sqlite-store.js';
import { Conversation } from '../helpers/chat.js';
import { REMINDER_TIMES, reminderBot, TYPED_TO_REMINDERS } from '../helpers/reminder-scenario.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';

const CONVERSATION = 'test:space:user';
const root = mkdtempSync(join(tmpdir(), 'overturn-reminders-'));
const raw = rawRedis();
const prefixes: string[] = [];

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  for (const prefix of prefixes) await deleteByPrefix(raw, prefix);
  await raw.quit();
});

async function typeAll(c: Conversation): Promise<void> {
  for (const text of TYPED_TO_REMINDERS) await c.send(text);
}

describe('reminders are durable jobs beside the sessions', () => {
  it('survive a restart between scheduling and firing (SQLite)', async () => {
    const file = join(root, 'sessions.db');
    const first = reminderBot({
      store: new SqliteSessionStore({ file, purgeEveryMs: 0 }),
      jobs: new SqliteJobStore({ file }),
    });
    first.bot.reminders.deliverVia('test', async () => undefined);
    await typeAll(new Conversation(first.bot, CONVERSATION));
    expect(await first.jobs.list(CONVERSATION)).toHaveLength(3);
    await first.jobs.close();

    // A new process on the same file: the jobs are there and fire.
    const store = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    const second = reminderBot({ store, jobs: new SqliteJobStore({ file }) });
    const delivered: Reply[][] = [];
    second.bot.reminders.deliverVia('test', async (_c, replies) => void delivered.push(replies));
    second.clock.set(REMINDER_TIMES.week);
    expect(await second.bot.reminders.tick()).toBe(1);
    expect(delivered).toHaveLength(1);
    expect((await second.jobs.list(CONVERSATION)).map((j) => j.id)).toEqual([
      'send-day:2026-08-20',
      'decision:2026-09-20',
    ]);
    await second.jobs.close();
    await store.close();
  });

  it('fire once across two replicas sharing Redis, however often both look', async () => {
    const prefix = uniquePrefix('reminders');
    prefixes.push(prefix);
    const replica = async () => {
      const store = new RedisSessionStore({ url: REDIS_URL, keyPrefix: prefix });
      const jobs = new RedisJobStore({ url: REDIS_URL, keyPrefix: prefix });
      await store.connect();
      await jobs.connect();
      const made = reminderBot({ store, jobs });
      const delivered: string[] = [];
      made.bot.reminders.deliverVia('test', async (conversation) => void delivered.push(conversation));
      return { ...made, store, delivered };
    };
    const a = await replica();
    const b = await replica();
    // Twenty users each asked for reminders on replica A or B.
    const users = Array.from({ length: 20 }, (_, i) => `test:space:user-${i}`);
    for (const [i, user] of users.entries()) await typeAll(new Conversation((i % 2 ? a : b).bot, user));

    for (const at of [REMINDER_TIMES.week, REMINDER_TIMES.day, REMINDER_TIMES.decision]) {
      a.clock.set(at);
      b.clock.set(at);
      await Promise.all([
        a.bot.reminders.tick(),
        b.bot.reminders.tick(),
        a.bot.reminders.tick(),
        b.bot.reminders.tick(),
      ]);
    }
    const all = [...a.delivered, ...b.delivered];
    expect(all).toHaveLength(60);
    for (const user of users) expect(all.filter((c) => c === user)).toHaveLength(3);
    for (const r of [a, b]) {
      await r.jobs.close();
      await r.store.close();
    }
  });
});
