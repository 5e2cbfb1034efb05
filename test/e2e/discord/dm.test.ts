import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../fakes/discord.js';
import { customIds, GUILD, question, startHarness, type Harness } from './harness.js';

/** Starting by DMing the bot, typing answers, and one conversation per user wherever they are. */
describe('Discord: the DM', () => {
  let h: Harness;
  let dm: string;

  beforeAll(async () => {
    h = await startHarness();
    dm = h.fake.dmChannelOf(h.user);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('starts when the user simply writes to the bot, and typed answers work', async () => {
    const hello = await h.turn(() => h.fake.dmMessage(h.user, 'hi'));
    expect(hello.every((m) => m.channelId === dm && m.via === 'channel')).toBe(true);
    expect(question(hello).content).toMatch(/are you the patient, helping someone, or on the care team/);
    // Typing the insurer skips the first question.
    const drug = question(await h.turn(() => h.fake.dmMessage(h.user, 'cigna')));
    expect(drug.content).toMatch(/Which drug/);
  });

  it('keeps one conversation whether the user is in a server or the DM', async () => {
    let command = '';
    const again = await h.turn(() => {
      command = h.fake.slashCommand(h.user, 'appeal', { guildId: GUILD.id }).id;
    });
    await h.fake.waitForMessage((m) => m.interactionId === command);
    // /appeal in the server picks up where the DM left off: the drug question, in the DM.
    expect(question(again)).toMatchObject({ channelId: dm });
    expect(question(again).content).toMatch(/Which drug/);
    expect(customIds(question(again))[0]).toBe('t:drug:text');
  });

  it('answers a button it no longer knows with where the conversation is', async () => {
    const old: FakeMessage = {
      id: h.fake.snowflake(),
      via: 'channel',
      channelId: dm,
      ephemeral: false,
      silent: true,
      content: 'An old message',
      embeds: [],
      components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Old', custom_id: 'v0:retired-button' }] }],
      attachments: [],
      edited: false,
    };
    h.fake.outbox.push(old);
    const turn = await h.turn(() => h.fake.click(h.user, old, 'v0:retired-button'));
    expect(turn[0]!.content).toBe('That button is no longer in use. Here is where we are:');
    expect(question(turn).content).toMatch(/Which drug/);
  });

  it('ignores messages from bots (including its own)', async () => {
    const mark = h.fake.outbox.length;
    h.fake.messageIn(dm, h.fake.botUser, 'hello');
    const turn = await h.turn(() => h.fake.dmMessage(h.user, 'ocrevus'));
    expect(question(turn).content).toMatch(/What reason/);
    await h.adapter.idle();
    // Answering its own "hello" would have started a conversation (a greeting and the first question).
    const since = h.fake.outbox.slice(mark);
    expect(since.some((m) => /insurance company|not legal or medical advice/i.test(m.content))).toBe(false);
  });
});
