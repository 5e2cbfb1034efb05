import type { Activity } from 'botbuilder';
import { translator } from '../../src/core/i18n.js';
import type { ConversationDriver } from '../lib/conversation-bench.js';
import { BENCH_TODAY } from '../lib/scenario.js';
import { nowMs } from '../lib/stats.js';
import { ReferenceAppealBot } from './appeal-dialog.js';

/**
 * The seed appeal as the reference receives it: typed text for the opening,
 * insurer, drug and date (TextPrompts), and the choice ids that hero-card
 * `imBack` buttons send for the rest (ChoicePrompts).
 */
export const REFERENCE_MESSAGES = [
  'hello',
  'cigna',
  'ocrevus',
  'medical-necessity',
  'employer',
  'first',
  '2026-03-03',
  'no',
  'patient',
];

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function hasLetter(activities: Partial<Activity>[]): boolean {
  return activities.some((a) =>
    a.attachments?.some((x) => x.contentType === DOCX && (x.content as Uint8Array).length > 0),
  );
}

/** What the bot must ask after each message: checked once per driver, so a wrong path cannot be benchmarked. */
const EXPECTED_PROMPTS = [
  'appeal.insurer.question',
  'appeal.drug.question',
  'appeal.reason.question',
  'appeal.plan.question',
  'appeal.stage.question',
  'appeal.denialDate.question',
  'appeal.urgency.question',
  'appeal.author.question',
];

export async function checkReference(): Promise<void> {
  const t = translator('en');
  const bot = new ReferenceAppealBot(BENCH_TODAY);
  for (const [i, text] of REFERENCE_MESSAGES.entries()) {
    const sent = await bot.message('check', text);
    const expected = EXPECTED_PROMPTS[i];
    const ok = expected ? JSON.stringify(sent).includes(JSON.stringify(t(expected)).slice(1, -1)) : hasLetter(sent);
    if (!ok) throw new Error(`reference turn ${i} (${text}): expected ${expected ?? 'the letter'}`);
  }
}

export function referenceDriver(): ConversationDriver {
  const bot = new ReferenceAppealBot(BENCH_TODAY);
  return {
    async conversation(key, withLetter) {
      const messages = withLetter ? REFERENCE_MESSAGES : REFERENCE_MESSAGES.slice(0, -1);
      const timings: number[] = [];
      let last: Partial<Activity>[] = [];
      for (const text of messages) {
        const t0 = nowMs();
        last = await bot.message(key, text);
        timings.push(nowMs() - t0);
      }
      if (withLetter && !hasLetter(last)) throw new Error('reference conversation ended without a letter');
      return timings;
    },
  };
}
