import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../../fakes/discord.js';
import { customIds, GUILD, question, startHarness, type Harness } from './harness.js';

/** Modals tied to their question, blank modal answers, and slash commands the bot does not know. */
describe('Discord: modals and commands', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Presses the question's "type my answer" button and waits for the modal to open. */
  async function openModal(message: FakeMessage) {
    const button = customIds(message).find((id) => id.startsWith('t:'))!;
    const opened = h.fake.click(h.user, message, button);
    await h.fake.waitForRequest((r) => r.path === `/interactions/${opened.id}/${opened.token}/callback`);
    expect(opened.callbacks).toEqual([9]);
    return opened;
  }

  it('answers a slash command it does not know, instead of leaving "The application did not respond"', async () => {
    const command = h.fake.slashCommand(h.user, 'status', { guildId: GUILD.id });
    const reply = await h.fake.waitForMessage((m) => m.interactionId === command.id);
    expect(command.callbacks).toEqual([4]);
    expect(reply).toMatchObject({ ephemeral: true, via: 'reply' });
    expect(reply.content).toBe('I only know the /appeal command. Type /appeal to start or continue your appeal.');
  });

  it('a modal of only spaces asks for an answer and shows the question again', async () => {
    await h.turn(() => h.fake.dmMessage(h.user, 'hi'));
    const drug = question(await h.turn(() => h.fake.dmMessage(h.user, 'cigna')));
    const opened = await openModal(drug);
    const turn = await h.turn(() => h.fake.submitModal(h.user, opened, '   ', drug));
    expect(turn[0]!.content).toBe("Please type an answer in the box: it was empty. Here's the question again:");
    expect(question(turn).content).toMatch(/Which drug/);
  });

  it('a modal submitted after its question was answered another way is refused, not applied to the next one', async () => {
    const insurer = question(await h.turn(() => h.fake.dmMessage(h.user, 'start over')));
    expect(insurer.content).toMatch(/insurance company/i);
    // Open the drug question's form, then answer the drug by typing in the DM instead.
    const atDrug = question(await h.turn(() => h.fake.dmMessage(h.user, 'cigna')));
    expect(atDrug.content).toMatch(/Which drug/);
    const opened = await openModal(atDrug);
    const reason = question(await h.turn(() => h.fake.dmMessage(h.user, 'ocrevus')));
    expect(reason.content).toMatch(/What reason/);
    // The forgotten form, sent now, names a drug: it must not become the denial reason.
    const turn = await h.turn(() => h.fake.submitModal(h.user, opened, 'they said not medically necessary', atDrug));
    expect(turn.map((m) => m.content).join('\n')).toMatch(/a question we had already left/);
    expect(question(turn).content).toMatch(/What reason/);
    const status = await h.turn(() => h.fake.dmMessage(h.user, 'status'));
    expect(status.map((m) => m.content).join('\n')).toMatch(/denial reason: not answered yet/);
  });
});
