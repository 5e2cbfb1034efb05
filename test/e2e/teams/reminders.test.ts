import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBotConnector, type ConnectorActivity, type FakeBotConnector } from '../../fakes/teams-connector.js';
import { REMINDER_TIMES, reminderBot, TYPED_TO_REMINDERS, WEEK_REMINDER } from '../../helpers/reminder-scenario.js';
import { actions, adaptiveCards, texts } from './card-checks.js';
import { TeamsChat, startTeamsHarness, type TeamsHarness } from './harness.js';

/**
 * Reminders as proactive messages through the real CloudAdapter to the
 * loopback Bot Connector, with time moved by hand.
 */
const { bot, clock, jobs } = reminderBot();
let connector: FakeBotConnector;
let harness: TeamsHarness;
let chat: TeamsChat;

beforeAll(async () => {
  connector = await startFakeBotConnector();
  harness = await startTeamsHarness({ appId: null, appType: 'MultiTenant' }, { bot });
  chat = new TeamsChat(harness, connector);
  for (const text of TYPED_TO_REMINDERS) expect((await chat.say(text)).status).toBe(200);
});

afterAll(async () => {
  await harness?.close();
  await connector?.close();
});

const words = (activity: ConnectorActivity) =>
  [activity.text ?? '', ...adaptiveCards(activity).flatMap(texts)].join('\n');

/** Fires what is due and returns the activities it posted on its own (no replyToId: proactive). */
async function fire(at: string) {
  const mark = connector.activities.length;
  clock.set(at);
  await bot.reminders.tick();
  return connector.activities.slice(mark);
}

describe('Teams: reminders as proactive messages', () => {
  it('schedules them after "yes"', async () => {
    expect(words(connector.activities.at(-1)!.activity)).toContain("Done. I'll message you here on:");
    expect((await jobs.list('teams:tenant-hospital-1:aad-nurse-1')).map((j) => j.id)).toEqual([
      'send-week:2026-08-14',
      'send-day:2026-08-20',
      'decision:2026-09-20',
    ]);
  });

  it('posts the week reminder into the personal chat once, proactively', async () => {
    const posted = await fire(REMINDER_TIMES.week);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ conversationId: 'a:personal-chat-1' });
    // Not a reply to anything the user sent: the SDK's continuation of the stored conversation.
    expect(posted[0]!.replyToId ?? '').not.toMatch(/^incoming-/);
    expect(words(posted[0]!.activity)).toMatch(WEEK_REMINDER);
    expect(JSON.stringify(posted[0]!.activity)).not.toMatch(/ocrevus|cigna/i);
    expect(await fire('2026-08-14T20:00:00Z')).toEqual([]);
  });

  it('retries when the Bot Connector fails, and delivers once', async () => {
    // Down for longer than the SDK's own retries: the scheduler tries again later.
    connector.failNextActivity(503, 100);
    const refused = connector.refusedActivities;
    expect(await fire(REMINDER_TIMES.day)).toEqual([]);
    expect(connector.refusedActivities).toBeGreaterThan(refused);
    connector.failNextActivity(503, 0); // back up
    const retried = await fire('2026-08-20T16:01:00Z');
    expect(retried).toHaveLength(1);
    expect(words(retried[0]!.activity)).toMatch(/send your appeal by tomorrow/);
    expect(await fire('2026-08-20T18:00:00Z')).toEqual([]);
  });

  it('asks "Did the plan answer?" as a card whose buttons answer it', async () => {
    const [ask] = await fire(REMINDER_TIMES.decision);
    expect(words(ask!.activity)).toContain('Did the plan answer?');
    const card = adaptiveCards(ask!.activity).at(-1)!;
    const waiting = actions(card).find((a) => a.data?.choice === 'waiting');
    expect(waiting?.title).toBe('No answer yet');
    const { replies } = await chat.submit(waiting!.data);
    expect(replies.map(words).join('\n')).toMatch(/call them, ask for the decision in writing/);
    expect(await jobs.list('teams:tenant-hospital-1:aad-nurse-1')).toEqual([]);
  });
});
