import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentsOf, type FakeMessage } from '../../fakes/discord.js';
import { choice, customIds, docxText, GUILD, question, startHarness, type Harness } from './harness.js';

/**
 * A user whose privacy settings refuse DMs (Discord answers 50007): the flow
 * continues in ephemeral replies in the server channel, typed answers go
 * through modals, and the letter arrives as an ephemeral attachment.
 */
describe('Discord: a user with DMs closed', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    h.fake.closedDms.add(h.user.id);
  });
  afterAll(async () => {
    await h?.close();
  });

  const click = (message: FakeMessage, target: [string, string[] | undefined]) =>
    h.turn(() => h.fake.click(h.user, message, target[0], target[1]));

  /** Presses the question's "type" button, checks the modal opened, and submits `text`. */
  async function typeInModal(message: FakeMessage, text: string): Promise<FakeMessage[]> {
    const button = customIds(message).find((id) => id.startsWith('t:'));
    expect(button).toBeDefined();
    const opened = h.fake.click(h.user, message, button!);
    await h.fake.waitForRequest((r) => r.path === `/interactions/${opened.id}/${opened.token}/callback`);
    expect(opened.callbacks).toEqual([9]);
    return h.turn(() => h.fake.submitModal(h.user, opened, text, message));
  }

  it('completes the flow with ephemeral replies and says why', async () => {
    const start = await h.turn(() => h.fake.slashCommand(h.user, 'appeal', { guildId: GUILD.id }));
    expect(start[0]).toMatchObject({ via: 'reply', ephemeral: true, channelId: GUILD.channelId });
    expect(start[0]!.content).toContain("I can't send you direct messages");
    expect(start.slice(1).every((m) => m.via === 'followup' && m.ephemeral)).toBe(true);
    expect(start.map((m) => m.content).join('\n')).toMatch(/not legal or medical advice/);
    // The bot tried the DM and Discord refused it.
    expect(
      h.fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${h.fake.dmChannelOf(h.user)}/messages`),
    ).toBe(true);

    const voice = question(start);
    const insurer = question(await click(voice, choice(voice, 'Skip')));
    const drug = question(await click(insurer, choice(insurer, 'Cigna')));
    // In a server channel the bot cannot read typed text, so the question points to the modal.
    expect(drug.content).toContain('Press "Type my answer"');
    // A misspelt drug: the fuzzy match is confirmed with buttons.
    const didYouMean = question(await typeInModal(drug, 'ocrevis'));
    expect(didYouMean.content).toMatch(/Did you mean Ocrevus/);
    expect(
      componentsOf(didYouMean).filter((c) => c.type === 2 && c.custom_id.startsWith('c:')).length,
    ).toBeGreaterThanOrEqual(2);
    const reason = question(await click(didYouMean, choice(didYouMean, 'Yes')));
    expect(reason.content).toMatch(/What reason/);
    const plan = question(await click(reason, ['c:reason:medical-necessity', undefined]));
    const stage = question(await click(plan, ['c:plan:employer', undefined]));
    const date = question(await click(stage, ['c:stage:first', undefined]));
    expect(date.content).toContain('Press "Enter the date"');
    const confirmDate = question(await typeInModal(date, 'March 3, 2026'));
    expect(confirmDate.content).toContain('Tuesday, March 3, 2026');
    const urgent = question(await click(confirmDate, choice(confirmDate, 'Yes')));
    const notUrgent = customIds(urgent).find((id) => /^c:[^:]+:no$/.test(id));
    const summaryTurn = await click(urgent, [notUrgent!, undefined]);
    expect(summaryTurn.some((m) => m.embeds.length > 0)).toBe(true);
    const author = question(summaryTurn);
    const details = question(await click(author, choice(author, /patient|myself|^I /i)));
    const letterTurn = await click(details, ['c:details:skip', undefined]);

    const letter = letterTurn.find((m) => m.attachments.length > 0)!;
    expect(letter).toMatchObject({ ephemeral: true, channelId: GUILD.channelId });
    expect(letter.content).toContain('download it now');
    expect(await docxText(letter.attachments[0]!.bytes)).toMatch(/Ocrevus/);

    // Nothing was ever posted where others could see it, and nothing reached the closed DM.
    expect(h.fake.outbox.every((m) => m.ephemeral && m.channelId === GUILD.channelId)).toBe(true);
    expect([...h.fake.interactions.values()].every((i) => i.callbacks.length === 1)).toBe(true);
  });

  it('a user who shares no server with the bot (50278) is told that, not that their settings block DMs', async () => {
    const user = h.user;
    h.fake.closedDms.delete(user.id);
    h.fake.noMutualServer.add(user.id);
    try {
      const start = await h.turn(() => h.fake.slashCommand(user, 'appeal', { guildId: GUILD.id }));
      expect(start[0]).toMatchObject({ via: 'reply', ephemeral: true });
      expect(start[0]!.content).toMatch(/don't share one right now/);
      expect(start[0]!.content).not.toMatch(/privacy settings/);
    } finally {
      h.fake.noMutualServer.delete(user.id);
      h.fake.closedDms.add(h.user.id);
    }
  });
});
