import { describe, expect, it } from 'vitest';
import { Conversation, texts, typeScenario } from '../helpers/chat.js';

/**
 * The five seed guides, as full conversations through the engine. Each checks
 * the deadlines and checklist the user sees (the seed guides are the floor).
 */
function deadlineRows(c: Conversation): string[] {
  return c.lastSummary().deadlines.map((d) => `${d.dateText} | ${d.daysLeftText} | ${d.rule}`);
}

function checklist(c: Conversation): string {
  return c
    .lastSummary()
    .sections.find((s) => s.heading === 'Documents to gather')!
    .items.join('\n');
}

const employerFirst = [
  'Friday, August 21, 2026 | 142 days left | Rule: 29 CFR 2560.503-1(h)(3)(i)',
  'Sunday, August 30, 2026 | 151 days left | Rule: 29 CFR 2560.503-1(h)(3)(i)',
  'Friday, May 1, 2026 | 30 days left | Rule: 29 CFR 2560.503-1(i)(2)(ii)',
];

describe('seed scenarios through the engine', () => {
  it('Ocrevus / Cigna / not medically necessary (typed "anti cd20 ocrevus")', async () => {
    const c = new Conversation();
    await typeScenario(c, {
      insurer: 'cigna',
      drug: 'anti cd20 ocrevus',
      reason: 'not medically necessary',
      plan: 'employer plan',
      stage: 'first',
      date: '2026-03-03',
      urgent: 'no',
    });
    const s = c.lastSummary();
    expect(s.facts).toContainEqual({ label: 'Drug', value: 'Ocrevus (ocrelizumab)' });
    expect(s.facts).toContainEqual({ label: 'Insurer', value: 'Cigna Healthcare' });
    expect(deadlineRows(c)).toEqual(employerFirst);
    expect(s.deadlines.map((d) => d.label)).toContain('File your internal appeal with the plan');
    const docs = checklist(c);
    for (const needed of [
      /MS diagnosis and subtype/,
      /MRI reports/,
      /Relapse history/,
      /disease-modifying therapy tried/,
      /medical-necessity letter from the treating neurologist/,
      /American Academy of Neurology/,
      /Drug and Biologic Coverage Policy/,
    ]) {
      expect(docs).toMatch(needed);
    }
    expect(c.lastQuestion().step).toBe('author');
  });

  it('Ocrevus / Cigna / quantity limit ("they said the dose is too high")', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('Cigna');
    await c.send('ocrelizumab');
    await c.send('they said the dose is too high');
    await c.send('employer plan');
    await c.send('first');
    await c.send('March 3, 2026');
    // A spelled-out date is confirmed before it is used.
    expect(c.lastQuestion().text).toBe('I read that as Tuesday, March 3, 2026. Is that right?');
    await c.choose('Yes');
    await c.send('no');
    expect(c.lastSummary().facts).toContainEqual({ label: 'Denial reason', value: 'Quantity or dose limit' });
    expect(deadlineRows(c)).toEqual(employerFirst);
    const docs = checklist(c);
    for (const needed of [
      /FDA prescribing information \(label\)/,
      /Infusion records/,
      /Billing and coding check/,
      /reason for any change from the labeled infusion schedule/,
      /quantity-limit policy/,
    ]) {
      expect(docs).toMatch(needed);
    }
    const next = c
      .lastSummary()
      .sections.find((x) => x.heading === 'Next steps')!
      .items.join('\n');
    expect(next).toMatch(/check the billing/);
  });

  it('Ocrevus / Blue Cross Blue Shield / medical necessity, misspelt drug confirmed', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('Blue Cross');
    const guess = await c.send('ocrevis');
    expect(texts(guess)).toContain('Did you mean Ocrevus (ocrelizumab)?');
    await c.choose('Yes');
    await c.choose('Not medically necessary');
    await c.choose('Employer plan');
    await c.choose('First denial');
    await c.send({ kind: 'date', step: 'denialDate', date: '2026-03-03' });
    await c.choose('No');
    expect(c.lastSummary().facts).toContainEqual({ label: 'Insurer', value: 'Blue Cross Blue Shield' });
    expect(deadlineRows(c)).toEqual(employerFirst);
    expect(checklist(c)).toMatch(/Blue Cross Blue Shield's Medical Policy/);
    expect(checklist(c)).toMatch(/disability measures in the chart \(such as EDSS\)/);
  });

  it('Saphnelo / Cigna / medical necessity', async () => {
    const c = new Conversation();
    await typeScenario(c, {
      insurer: 'cigna',
      drug: 'saphnelo',
      reason: 'not medically necessary',
      plan: 'employer plan',
      stage: 'first',
      date: '2026-03-03',
      urgent: 'no',
    });
    expect(c.lastSummary().facts).toContainEqual({ label: 'Drug', value: 'Saphnelo (anifrolumab-fnia)' });
    expect(deadlineRows(c)).toEqual(employerFirst);
    const docs = checklist(c);
    for (const needed of [
      /ANA and other antibody results/,
      /SLEDAI/,
      /hydroxychloroquine/,
      /treating rheumatologist/,
      /American College of Rheumatology/,
    ]) {
      expect(docs).toMatch(needed);
    }
  });

  it('Roctavian / Cigna / medical necessity, urgent', async () => {
    const c = new Conversation();
    await typeScenario(c, {
      insurer: 'cigna',
      drug: 'roctavian',
      reason: 'not medically necessary',
      plan: 'employer plan',
      stage: 'first',
      date: '2026-03-03',
      urgent: 'yes',
    });
    const s = c.lastSummary();
    expect(deadlineRows(c)).toEqual([
      'Friday, August 21, 2026 | 142 days left | Rule: 29 CFR 2560.503-1(h)(3)(i)',
      'Sunday, August 30, 2026 | 151 days left | Rule: 29 CFR 2560.503-1(h)(3)(i)',
      'Saturday, April 4, 2026 | 3 days left | Rule: 29 CFR 2560.503-1(i)(2)(i)',
    ]);
    const docs = checklist(c);
    for (const needed of [
      /factor VIII activity/,
      /Annualized bleed rate \(ABR\)/,
      /prophylaxis history/,
      /hemophilia treatment center \(HTC\)/,
      /treating hematologist/,
    ]) {
      expect(docs).toMatch(needed);
    }
    const next = s.sections.find((x) => x.heading === 'Next steps')!.items.join('\n');
    expect(next).toMatch(/expedited appeal.*45 CFR 147\.136\(b\)\(2\)\(ii\)\(B\)/s);
    expect(next).toMatch(/peer-to-peer/);
    const notes = s.sections.find((x) => x.heading === 'Good to know')!.items.join('\n');
    expect(notes).toMatch(/expedited external review at the same time/);
  });
});

describe('other plan types and stages', () => {
  it('an unknown plan type gets help finding out and the safest date, with the reason said', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('aetna');
    await c.send('ocrevus');
    await c.send('step therapy');
    const help = await c.send("I don't know");
    expect(texts(help)).toMatch(/insurance card/);
    await c.send('first');
    await c.send('2026-03-03');
    await c.send('no');
    const s = c.lastSummary();
    expect(s.deadlines.map((d) => `${d.due} ${d.rule}`)).toEqual([
      '2026-04-24 Rule: 42 CFR 438.402(c)(2)(ii)',
      '2026-05-02 Rule: 42 CFR 438.402(c)(2)(ii)',
    ]);
    expect(s.sections[0]!.items.join(' ')).toMatch(/shortest filing window.*Medicaid managed care/);
  });

  it('a denied appeal on a self-funded plan leads to external review; a passed deadline says what to do', async () => {
    const c = new Conversation();
    await typeScenario(c, {
      insurer: 'uhc',
      drug: 'ocrevus',
      reason: 'experimental',
      plan: 'self-funded',
      stage: 'they denied my appeal',
      date: '2025-10-30',
      urgent: 'no',
    });
    const s = c.lastSummary();
    expect(s.deadlines.find((d) => d.id === 'request-external-review-federal')).toMatchObject({
      due: '2026-03-02',
      status: 'passed',
      daysLeftText: 'Passed 30 days ago',
    });
    expect(s.sections[0]!.items.join(' ')).toMatch(
      /has passed\. The law counts from the day you received the letter.*If not, ask the plan in writing whether it will still accept/,
    );
  });

  it('Medicare Advantage, unknown drug: general guidance clearly marked', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('humana');
    await c.send('zzqxvy');
    await c.choose('Continue with');
    await c.choose('Prior authorization');
    await c.choose('Medicare Advantage');
    await c.choose('First denial');
    await c.send('2026-03-03');
    await c.choose('No');
    const s = c.lastSummary();
    expect(s.facts).toContainEqual({ label: 'Drug', value: 'zzqxvy (General guidance)' });
    expect(s.sections[0]!.items.join(' ')).toMatch(/I don't have details for "zzqxvy"/);
    expect(s.deadlines.find((d) => d.id === 'file-reconsideration')?.due).toBe('2026-05-07');
  });

  it('Original Medicare: a Part B drug follows the contractor redetermination rules; a pharmacy drug follows Part D', async () => {
    const c = new Conversation();
    await typeScenario(c, {
      insurer: 'original medicare',
      drug: 'ocrevus',
      reason: 'not medically necessary',
      plan: 'original medicare',
      stage: 'first',
      date: '2026-03-03',
      urgent: 'no',
    });
    const s = c.lastSummary();
    expect(s.facts).toContainEqual({ label: 'Plan type', value: 'Original Medicare (Part B)' });
    expect(s.deadlines.find((d) => d.id === 'file-medicare-redetermination')).toMatchObject({
      due: '2026-07-06',
      rule: 'Rule: 42 CFR 405.942(a)',
    });

    const d = new Conversation();
    await typeScenario(d, {
      insurer: 'original medicare',
      drug: 'entresto',
      reason: 'not medically necessary',
      plan: 'original medicare',
      stage: 'first',
      date: '2026-03-03',
      urgent: 'no',
    });
    const partD = d.lastSummary();
    expect(partD.facts).toContainEqual({ label: 'Rules that apply', value: 'Medicare Part D (drug plan)' });
    expect(partD.deadlines.find((x) => x.id === 'file-redetermination')?.due).toBe('2026-05-07');
  });
});
