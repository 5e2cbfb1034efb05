import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../fakes/discord.js';
import { choice, question, startHarness, type Harness } from './harness.js';

const VOLUNTEERS = '1400000000000000099';

/** "Talk to a person" with DISCORD_HANDOFF_CHANNEL set: a notice in the volunteers' channel, health details only with a yes. */
describe('Discord: hand-off to the volunteers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ handoffChannel: VOLUNTEERS });
  });
  afterAll(async () => {
    await h?.close();
  });

  const inChannel = (): FakeMessage[] => h.fake.outbox.filter((m) => m.channelId === VOLUNTEERS);
  const say = (text: string) => h.turn(() => h.fake.dmMessage(h.user, text));

  it('posts at once, with no health details, when there is nothing to share yet', async () => {
    await say('hi');
    const turn = await say('talk to a person');
    expect(turn.map((m) => m.content).join('\n')).toMatch(/The note has no health details/);
    await h.adapter.idle();
    expect(inChannel().map((m) => m.content)).toEqual([
      `<@${h.user.id}> asked to talk to a person. Please reach them by direct message.\nThey chose not to share their case, so this note has no health details.`,
    ]);
  });

  it('asks with buttons before sharing; "No" keeps health details out, "Yes" shares the summary', async () => {
    await say('cigna');
    await say('ocrevus');
    const asked = question(await say('talk to a person'));
    expect(asked.content).toMatch(/Shall I share your case summary/);
    expect(inChannel()).toHaveLength(1);

    const [no] = choice(asked, 'No, just ask for help');
    await h.turn(() => h.fake.click(h.user, asked, no));
    await h.adapter.idle();
    expect(inChannel()).toHaveLength(2);
    expect(inChannel()[1]!.content).not.toMatch(/cigna|ocrevus|ocrelizumab/i);

    const again = question(await say('talk to a person'));
    const [yes] = choice(again, 'Yes, share the summary');
    const after = await h.turn(() => h.fake.click(h.user, again, yes));
    await h.adapter.idle();
    expect(inChannel()).toHaveLength(3);
    expect(inChannel()[2]!.content).toMatch(
      /They agreed to share their case summary:\n- insurer: Cigna Healthcare\n- drug: Ocrevus \(ocrelizumab\)/,
    );
    expect(question(after).content).toMatch(/What reason did they give/);
  });
});
