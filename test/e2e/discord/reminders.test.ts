import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../fakes/discord.js';
import { REMINDER_TIMES, reminderBot, TYPED_TO_REMINDERS, WEEK_REMINDER } from '../../helpers/reminder-scenario.js';
import { APP_ID, customIds, startHarness, type Harness } from './harness.js';

/** Reminders through the real discord.js client against the loopback fake, time moved by hand. */
describe('Discord: reminders arrive as DMs on their day', () => {
  const { bot, clock, jobs } = reminderBot();
  let h: Harness;
  let dm: string;
  let conversation: string;

  beforeAll(async () => {
    h = await startHarness({ bot });
    dm = h.fake.dmChannelOf(h.user);
    conversation = `discord:${APP_ID}:${h.user.id}`;
    for (const text of TYPED_TO_REMINDERS.slice(0, -1)) await h.turn(() => h.fake.dmMessage(h.user, text));
    // "yes" to reminders: the confirmation asks nothing, so wait for it by its words.
    const mark = h.fake.outbox.length;
    h.fake.dmMessage(h.user, TYPED_TO_REMINDERS.at(-1)!);
    await h.fake.waitForMessage((m) => m.content.startsWith('Done.'), mark);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Fires what is due and returns the DM messages it sent. */
  async function fire(at: string): Promise<FakeMessage[]> {
    const mark = h.fake.outbox.length;
    clock.set(at);
    await bot.reminders.tick();
    return h.fake.outbox.slice(mark);
  }

  it('schedules three reminders after "yes"', async () => {
    expect(h.fake.outbox.at(-1)!.content).toContain("Done. I'll message you here on:");
    expect((await jobs.list(conversation)).map((j) => j.id)).toEqual([
      'send-week:2026-08-14',
      'send-day:2026-08-20',
      'decision:2026-09-20',
    ]);
  });

  it('sends the week reminder to the DM once', async () => {
    const sent = await fire(REMINDER_TIMES.week);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channelId: dm });
    expect(sent[0]!.content).toMatch(WEEK_REMINDER);
    expect(sent[0]!.content).not.toMatch(/ocrevus|cigna/i);
    expect(await fire('2026-08-14T18:00:00Z')).toEqual([]);
  });

  it('asks "Did the plan answer?" with buttons on the decision day, and a click answers it', async () => {
    await fire(REMINDER_TIMES.day);
    const [ask] = await fire(REMINDER_TIMES.decision);
    expect(ask!.content).toContain('Did the plan answer?');
    const ids = customIds(ask!);
    const approved = ids.find((id) => id.endsWith(':approved'))!;
    expect(approved).toBeTruthy();
    const mark = h.fake.outbox.length;
    h.fake.click(h.user, ask!, approved);
    await h.fake.waitForMessage((m) => m.content.startsWith("That's great news!"), mark);
    expect(await jobs.list(conversation)).toEqual([]);
  });
});
