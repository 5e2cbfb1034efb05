import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import type { FakeMessage } from '../../fakes/discord.js';
import { choice, question, startHarness, type Harness } from './harness.js';

const t = translator('en');

/**
 * One user's messages and clicks, faster than the bot answers, through the
 * real discord.js client: each turn's replies reach Discord before the next
 * turn's, and a second click on the same button posts nothing.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const text = (message: FakeMessage): string => [message.content, JSON.stringify(message.embeds)].join(' ');

async function started(): Promise<Harness> {
  const harness = await startHarness();
  // Discord answers in tens of milliseconds, not instantly: the race needs that time to show.
  harness.fake.latencyMs = 25;
  await harness.turn(() => harness.fake.dmMessage(harness.user, 'hi'));
  return harness;
}

/** Waits until every event sent so far has been answered. */
async function settled(harness: Harness, last: (message: FakeMessage) => boolean): Promise<void> {
  await harness.fake.waitForMessage(last);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await harness.adapter.idle();
}

describe('Discord: replies in order', () => {
  it('"Cigna" then "Ocrevus" sent quickly: the drug question comes before "Drug: Ocrevus"', async () => {
    h = await started();
    const mark = h.fake.outbox.length;
    h.fake.dmMessage(h.user, 'Cigna');
    h.fake.dmMessage(h.user, 'Ocrevus');
    await settled(h, (m) => m.content.includes(t('appeal.reason.question')));

    const sent = h.fake.outbox.slice(mark).map(text);
    const drugQuestion = sent.findIndex((s) => s.includes(t('appeal.drug.question')));
    const drugAnswered = sent.findIndex((s) => /Drug: Ocrevus/.test(s));
    const reasonQuestion = sent.findIndex((s) => s.includes(t('appeal.reason.question')));
    expect(drugQuestion).toBeGreaterThan(-1);
    expect(drugAnswered).toBeGreaterThan(drugQuestion);
    expect(reasonQuestion).toBeGreaterThan(drugAnswered);
  });

  it('a double click on an answer posts the next question once, with no "earlier question" notice', async () => {
    h = await started();
    await h.turn(() => h!.fake.dmMessage(h!.user, 'cigna'));
    const reason = question(await h.turn(() => h!.fake.dmMessage(h!.user, 'ocrevus')));
    const [customId, values] = choice(reason, /./);
    const mark = h.fake.outbox.length;

    h.fake.click(h.user, reason, customId, values);
    h.fake.click(h.user, reason, customId, values);
    await settled(h, (m) => m.content.includes(t('appeal.plan.question')));

    const sent = h.fake.outbox.slice(mark).map(text);
    expect(sent.filter((s) => s.includes(t('appeal.plan.question')))).toHaveLength(1);
    expect(sent.join('\n')).not.toContain(t('appeal.staleChoice'));
  });
});
