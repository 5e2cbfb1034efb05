import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySessionStore, type SessionRecord } from '../../../src/core/session-store.js';
import { componentsOf, type InteractionRecord } from '../../fakes/discord.js';
import { choice, GUILD, question, startHarness, type Harness } from './harness.js';

/** A session store that answers slowly while `slow` is set (a busy Redis, a cold disk). */
class SlowStore extends MemorySessionStore {
  slow = false;
  override async get(key: string): Promise<SessionRecord | null> {
    if (this.slow) await sleep(400);
    return super.get(key);
  }
}

/**
 * Discord drops an interaction not answered within 3 seconds. When a turn is
 * slow the adapter defers first ("thinking…"), then edits the real answer in.
 * The adapter here defers after 20 ms, so a 400 ms store makes every turn "slow".
 */
describe('Discord: slow turns', () => {
  let h: Harness;
  const store = new SlowStore();

  beforeAll(async () => {
    h = await startHarness({ store, adapter: { deferAfterMs: 20, typingAfterMs: 20 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('defers a slow slash command and a slow click in the DM, then delivers every reply', async () => {
    store.slow = true;
    let record: InteractionRecord | undefined;
    const messages = await h.turn(() => {
      record = h.fake.slashCommand(h.user, 'appeal');
    });
    expect(record!.callbacks).toEqual([5]);
    const original = messages.find((m) => m.interactionId === record!.id && m.via === 'deferred')!;
    expect(original).toMatchObject({ edited: true, ephemeral: false });
    expect(original.content).toMatch(/not legal or medical advice/);
    const voice = question(messages);
    const insurer = question(await h.turn(() => h.fake.click(h.user, voice, ...choice(voice, 'Skip'))));
    expect(insurer.via).toBe('followup');

    // A slow button click is acknowledged with a deferred update; the question is then marked answered and the reply follows.
    const [customId, values] = choice(insurer, 'Cigna');
    const clicked = await h.turn(() => {
      record = h.fake.click(h.user, insurer, customId, values);
    });
    expect(record!.callbacks).toEqual([6]);
    expect(clicked.every((m) => m.via === 'followup')).toBe(true);
    expect(clicked.map((m) => m.content).join('\n')).toMatch(/Which drug/);
    await h.fake.waitForMessage((m) => m.id === insurer.id && m.edited);
    expect(componentsOf(insurer).every((c) => c.disabled === true)).toBe(true);
    store.slow = false;
  });

  it('shows "typing…" while a slow DM answer is prepared', async () => {
    store.slow = true;
    const turn = await h.turn(() => h.fake.dmMessage(h.user, 'ocrevus'));
    store.slow = false;
    expect(h.fake.requests.some((r) => r.path === `/channels/${h.fake.dmChannelOf(h.user)}/typing`)).toBe(true);
    expect(turn.map((m) => m.content).join('\n')).toMatch(/Ocrevus/);
  });

  it('defers a slow server command ephemerally, before the DM is written', async () => {
    store.slow = true;
    const record = h.fake.slashCommand(h.user, 'appeal', { guildId: GUILD.id });
    await h.fake.waitForMessage((m) => m.interactionId === record.id && m.edited);
    store.slow = false;
    expect(record.callbacks).toEqual([5]);
    const callback = h.fake.requests.find((r) => r.path === `/interactions/${record.id}/${record.token}/callback`)!;
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    const pointer = h.fake.outbox.find((m) => m.interactionId === record.id)!;
    expect(pointer).toMatchObject({ ephemeral: true, channelId: GUILD.channelId });
    expect(pointer.content).toContain('so your health details stay private');
  });
});
