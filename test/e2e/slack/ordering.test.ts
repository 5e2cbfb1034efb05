import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import type { SlackApiCall } from '../../fakes/slack-api.js';
import { DM, PATIENT, startHarness, type Harness } from './harness.js';

const t = translator('en');

/**
 * One conversation's messages and clicks, sent faster than the bot answers:
 * Slack must show each turn's replies before the next turn's, and a second
 * click on the same button must post nothing.
 */
let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

interface Block {
  type: string;
  block_id?: string;
  elements?: Array<{ type: string; action_id: string; value?: string; options?: Array<{ value: string }> }>;
}

const blocksOf = (call: SlackApiCall): Block[] => (call.params.blocks as Block[] | undefined) ?? [];
const shown = (call: SlackApiCall): string => JSON.stringify(call.params);

/** Where the question of `step` was posted among the DM messages. */
function questionIndex(posted: SlackApiCall[], step: string): number {
  return posted.findIndex((call) => blocksOf(call).some((b) => b.block_id?.startsWith(`ovq|${step}|`)));
}

async function started(): Promise<Harness> {
  const harness = await startHarness();
  // Slack's API answers in tens of milliseconds, not instantly: the race needs that time to show.
  harness.api.latencyMs = 25;
  await harness.sender.dm(PATIENT, 'hi');
  await harness.slack.settled();
  return harness;
}

describe('Slack: replies in order', () => {
  it('"Cigna" then "Ocrevus" sent quickly: the drug question comes before "Drug: Ocrevus"', async () => {
    h = await started();
    expect((await h.sender.dm(PATIENT, 'Cigna')).status).toBe(200);
    expect((await h.sender.dm(PATIENT, 'Ocrevus')).status).toBe(200);
    await h.slack.settled();

    const posted = h.api.callsTo('chat.postMessage');
    const drugQuestion = posted.findIndex((call) => shown(call).includes(t('appeal.drug.question')));
    const drugAnswered = posted.findIndex((call) => /Drug: Ocrevus/.test(shown(call)));
    const reasonQuestion = questionIndex(posted, 'reason');
    expect(drugQuestion).toBeGreaterThan(-1);
    expect(drugAnswered).toBeGreaterThan(drugQuestion);
    expect(reasonQuestion).toBeGreaterThan(drugAnswered);
  });

  it('five quick messages are answered in the order they were sent', async () => {
    h = await started();
    for (const text of ['cigna', 'ocrevus', 'status', 'help', 'status']) await h.sender.dm(PATIENT, text);
    await h.slack.settled();
    const texts = h.api.callsTo('chat.postMessage').map(shown);
    const insurer = texts.findIndex((s) => /Insurer: Cigna/.test(s));
    const drug = texts.findIndex((s) => /Drug: Ocrevus/.test(s));
    const statuses = texts.flatMap((s, i) => (/Here's what I have so far/.test(s) ? [i] : []));
    expect(insurer).toBeGreaterThan(-1);
    expect(drug).toBeGreaterThan(insurer);
    expect(statuses).toHaveLength(2);
    expect(statuses[0]).toBeGreaterThan(drug);
  });

  it('a double click on an answer posts the next question once, with no "earlier question" notice', async () => {
    h = await started();
    await h.sender.dm(PATIENT, 'cigna');
    await h.sender.dm(PATIENT, 'ocrevus');
    await h.slack.settled();
    const posted = h.api.callsTo('chat.postMessage');
    const question = posted[questionIndex(posted, 'reason')]!;
    const block = blocksOf(question).find((b) => b.block_id?.startsWith('ovq|reason|'))!;
    const element = block.elements![0]!;
    const action =
      element.type === 'button'
        ? { type: 'button', action_id: element.action_id, block_id: block.block_id, value: element.value }
        : {
            type: element.type,
            action_id: element.action_id,
            block_id: block.block_id,
            selected_option: { value: element.options![0]!.value },
          };
    const click = () =>
      h!.sender.action(PATIENT, action, DM, { message: { ts: '9.000100', blocks: blocksOf(question) } });
    const before = posted.length;

    await Promise.all([click(), click()]);
    await h.slack.settled();

    const after = h.api.callsTo('chat.postMessage').slice(before);
    expect(after.filter((call) => questionIndex([call], 'plan') === 0)).toHaveLength(1);
    expect(after.map(shown).join('\n')).not.toContain(t('appeal.staleChoice').slice(0, 30));
  });
});
