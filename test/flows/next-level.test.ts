import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { translator } from '../../src/core/i18n.js';
import { MemoryJobStore } from '../../src/core/jobs/job-store.js';
import type { Reply } from '../../src/core/types.js';
import { appealCase } from '../../src/flows/appeal/domain/appeal-case.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { composeLetter, letterText } from '../../src/flows/appeal/letter/index.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../helpers/chat.js';
import { movableClock } from '../helpers/movable-clock.js';

const knowledge = loadKnowledge();
const t = translator('en');

/** The next level's request, per plan type: what it asks for and the filing rule it cites. */
const LEVELS: Array<[plan: string, drug: string, request: string, citation: string]> = [
  ['employer', 'ocrevus', 'my request for an independent external review', '45 CFR 147.136(c)(2)(vi)'],
  ['employer-self-funded', 'ocrevus', 'my request for an independent external review', '45 CFR 147.136(d)(2)(i)'],
  ['marketplace', 'ocrevus', 'my request for an independent external review', '45 CFR 147.136(c)(2)(vi)'],
  ['medicare-part-d', 'humira', 'a reconsideration by the Independent Review Entity', '42 CFR 423.600(a)'],
  ['medicaid', 'humira', 'my request for a state fair hearing', '42 CFR 438.408(f)(2)'],
  ['fehb', 'humira', 'a review by the Office of Personnel Management (OPM)', '5 CFR 890.105'],
  ['tricare', 'humira', 'my request for a review at the next appeal level', '32 CFR 199.10'],
];

describe('the next level: a request built by the same letter builder, citing its rule', () => {
  for (const [plan, drug, request, citation] of LEVELS) {
    it(plan, () => {
      const appeal = appealCase(
        {
          insurerId: 'cigna',
          drugId: drug,
          reasonId: 'medical-necessity',
          planTypeId: plan,
          stage: 'appeal-denied',
          denialDate: '2026-03-31',
          urgent: false,
        },
        knowledge,
        '2026-04-01',
      );
      const text = letterText(composeLetter({ appeal, author: 'patient', t, today: '2026-04-01' }));
      expect(text).toContain(request);
      expect(text).toContain('upheld, after my internal appeal');
      expect(text).toContain(citation);
    });
  }

  it('Medicaid: the ten days to keep the drug during the fair hearing are a dated deadline with their rule', () => {
    const appeal = appealCase(
      { planTypeId: 'medicaid', stage: 'appeal-denied', denialDate: '2026-03-31', urgent: false, drugText: 'x' },
      knowledge,
      '2026-04-01',
    );
    expect(appeal.deadlines.find((d) => d.id === 'keep-drug-during-fair-hearing')).toMatchObject({
      due: '2026-04-10',
      citation: expect.stringContaining('42 CFR 438.420(c)(2)'),
    });
  });
});

describe('"They denied my appeal" in the chat', () => {
  const texts = (replies: Reply[]) =>
    replies.map((r) => (r.kind === 'text' || r.kind === 'question' ? r.text : r.kind));

  it('Medicare Advantage: what to watch for, since the plan sends the case to the IRE itself', async () => {
    const clock = movableClock('2026-04-01T15:00:00Z');
    const c = new Conversation(createBot({ clock, jobs: new MemoryJobStore() }), 'test:space:ma');
    await typeScenario(c, {
      insurer: 'cigna',
      drug: 'ocrevus',
      reason: 'not medically necessary',
      plan: 'medicare advantage',
      stage: 'first',
      date: '2026-03-20',
      urgent: 'no',
    });
    await c.choose('Me (patient or representative)');
    await c.choose('Skip');
    expect(texts(await c.send('they denied my appeal'))[0]).toMatch(/next level/);
    const replies = await c.send('2026-03-30');
    const watch = texts(replies).find((text) => text.startsWith("You don't need a letter for this step."));
    expect(watch).toContain('Independent Review Entity (IRE) itself (42 CFR 422.590(d))');
    expect(watch).toContain('What to watch for');
    expect(c.lastSummary().facts.find((f) => f.label.startsWith('Stage'))?.value).toBe('They denied my appeal');
  });

  it('an employer plan: the external review deadline, and the letter asks for it', async () => {
    const c = new Conversation(createBot({ clock: movableClock('2026-04-01T15:00:00Z') }), 'test:space:employer');
    await typeScenario(c, SEED_ANSWERS);
    await c.send('they denied my appeal');
    const replies = await c.send('2026-03-31');
    expect(replies.some((r) => r.kind === 'text' && r.text.startsWith("You don't need a letter"))).toBe(false);
    expect(c.lastSummary().deadlines.map((d) => d.id)).toContain('request-external-review-state');
    await c.choose('Me (patient or representative)');
    await c.choose('Skip');
    expect(c.lastFile().fileName).toBe('appeal-ocrevus-cigna-2026-03-31.docx');
  });
});
