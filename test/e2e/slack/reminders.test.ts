import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackApiCall } from '../../fakes/slack-api.js';
import { REMINDER_TIMES, reminderBot, TYPED_TO_REMINDERS, WEEK_REMINDER } from '../../helpers/reminder-scenario.js';
import { DM, PATIENT, startHarness, type Harness } from './harness.js';

interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Array<{ type: string; action_id: string; value?: string; text?: { text: string } }>;
}

const blocksOf = (call: SlackApiCall) => (call.params.blocks as Block[] | undefined) ?? [];
const textOf = (call: SlackApiCall) => JSON.stringify(blocksOf(call));

/** Reminders through the real Bolt app: typed DMs in, Web API calls to the fake out, time moved by hand. */
describe('Slack: reminders arrive in the DM on their day', () => {
  const { bot, clock, jobs } = reminderBot();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ bot });
    for (const text of TYPED_TO_REMINDERS) {
      expect((await h.sender.dm(PATIENT, text)).status).toBe(200);
      await h.slack.settled();
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const posted = () => h.api.callsTo('chat.postMessage');

  it('confirms the reminders, and "status" lists them', async () => {
    expect(textOf(posted().at(-1)!)).toContain("Done. I'll message you here on:");
    expect(await jobs.list('slack:T1:U1')).toHaveLength(3);
    const before = posted().length;
    await h.sender.dm(PATIENT, 'status');
    await h.slack.settled();
    expect(posted().slice(before).map(textOf).join('\n')).toContain('Reminders pending:');
  });

  it('posts the week reminder to the DM once, opening the DM when it has to', async () => {
    const before = posted().length;
    clock.set(REMINDER_TIMES.week);
    expect(await bot.reminders.tick()).toBe(1);
    expect(await bot.reminders.tick()).toBe(0);
    const sent = posted().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.params.channel).toBe(DM);
    // The notification preview says only that a message came; the words are in the blocks.
    expect(sent[0]!.params.text).toBe('A new message from Overturn.');
    expect(blocksOf(sent[0]!)[0]?.text?.text).toMatch(WEEK_REMINDER);
    expect(JSON.stringify(sent[0]!.params)).not.toMatch(/ocrevus|cigna/i);
  });

  it('asks "Did the plan answer?" with buttons, and "They denied my appeal" moves to the next level', async () => {
    clock.set(REMINDER_TIMES.day);
    await bot.reminders.tick();
    clock.set(REMINDER_TIMES.decision);
    const before = posted().length;
    expect(await bot.reminders.tick()).toBe(1);
    const [ask] = posted().slice(before);
    expect(textOf(ask!)).toContain('Did the plan answer?');
    const actions = blocksOf(ask!).find((b) => b.block_id?.startsWith('ovq|plan-answer'))!;
    const denied = actions.elements!.find((e) => e.value === 'denied')!;
    expect(denied.text?.text).toBe('They denied my appeal');
    await h.sender.action(
      PATIENT,
      { type: 'button', action_id: denied.action_id, value: 'denied', block_id: actions.block_id },
      DM,
      {
        message: { ts: '9.000100', blocks: blocksOf(ask!) },
      },
    );
    await h.slack.settled();
    expect(
      posted()
        .slice(before + 1)
        .map(textOf)
        .join('\n'),
    ).toMatch(/next level/);
    const mark = posted().length;
    await h.sender.dm(PATIENT, 'status');
    await h.slack.settled();
    expect(posted().slice(mark).map(textOf).join('\n')).toMatch(/They denied my appeal/);
  });

  it('"stop reminders" empties the list', async () => {
    await h.sender.dm(PATIENT, '2026-09-20');
    await h.slack.settled();
    await h.sender.dm(PATIENT, 'patient');
    await h.slack.settled();
    await h.sender.dm(PATIENT, 'yes');
    await h.slack.settled();
    expect((await jobs.list('slack:T1:U1')).length).toBeGreaterThan(0);
    await h.sender.dm(PATIENT, 'stop reminders');
    await h.slack.settled();
    expect(textOf(posted().at(-1)!)).toContain('Reminders stopped.');
    expect(await jobs.list('slack:T1:U1')).toEqual([]);
  });
});
