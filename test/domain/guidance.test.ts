import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n.js';
import { appealCase, type AppealAnswers } from '../../src/flows/appeal/domain/appeal-case.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import type { Stage } from '../../src/flows/appeal/domain/knowledge-schema.js';
import type { AppealContext } from '../../src/flows/appeal/context.js';
import { nextStepTexts, noteTexts, summaryDeadline, warningTexts } from '../../src/flows/appeal/summary.js';

/**
 * Guidance at every level: what the summary tells a patient, one table row per
 * rule, each with the regulation (or official guidance) it comes from.
 */
const k = loadKnowledge();
const t = translator('en');

function guidance(answers: Partial<AppealAnswers> & { planTypeId: string }, today: string) {
  const full: AppealAnswers = { stage: 'first', denialDate: '2026-03-01', urgent: false, ...answers };
  const c = appealCase(full, k, today);
  const ctx: AppealContext = { today, knowledge: k, t, locale: 'en', retentionDays: 1, detailsHours: 24 };
  const rows = Object.fromEntries(
    c.deadlines.map((d) => {
      const s = summaryDeadline(d, ctx);
      return [d.id, { due: d.due, kind: d.kind, citation: d.citation, label: s.label, note: s.note ?? '' }];
    }),
  );
  return {
    c,
    rows,
    warnings: warningTexts(c, ctx),
    next: nextStepTexts(c, ctx).join('\n'),
    notes: noteTexts(c, ctx).join('\n'),
  };
}

describe('a passed optional window never reads as a passed filing deadline', () => {
  it('Medicaid: March 11 (keep the drug, 42 CFR 438.420(a)) has passed; the appeal is open until April 30 (438.402(c)(2)(ii))', () => {
    const g = guidance({ planTypeId: 'medicaid', denialDate: '2026-03-01' }, '2026-03-16');
    expect(g.rows['keep-drug-during-appeal']).toMatchObject({ due: '2026-03-11', kind: 'you-may' });
    expect(g.rows['file-plan-appeal']).toMatchObject({ due: '2026-04-30', kind: 'you-file' });
    const text = g.warnings.join('\n');
    expect(text).not.toMatch(/will still accept your appeal/);
    expect(text).not.toMatch(/The deadline .* has passed/);
    expect(text).toMatch(
      /optional date .* \(Wednesday, March 11, 2026\) has passed\. That does not end your right to appeal/,
    );
    expect(text).toMatch(/You can still file until Thursday, April 30, 2026/);
  });

  it('a clock that runs from receipt (29 CFR 2560.503-1(h)(3)(i)) is not declared over: the letter may have arrived later', () => {
    const g = guidance({ planTypeId: 'employer', denialDate: '2025-09-01' }, '2026-03-16');
    const text = g.warnings.join('\n');
    expect(text).toMatch(
      /Counting from the date printed on the letter, the deadline for .* has passed\. The law counts from the day you received the letter/,
    );
    expect(text).toMatch(/you may still be in time/);
    // A rule that counts from the date on the notice (Medicaid, 438.402(c)(2)(ii)) says so plainly.
    const medicaid = guidance({ planTypeId: 'medicaid', denialDate: '2025-09-01' }, '2026-03-16').warnings.join('\n');
    expect(medicaid).toMatch(
      /^The deadline for .*File your appeal with the Medicaid plan.* has passed\. Ask the plan in writing/m,
    );
  });

  // Every plan type, stage and urgency, with every window passed: a "deadline has passed" warning is only
  // ever about a filing deadline, and an optional window never produces one.
  const stages: Stage[] = ['first', 'appeal-denied'];
  for (const plan of k.planTypes.values()) {
    for (const stage of stages) {
      for (const urgent of [false, true]) {
        it(`${plan.id}, ${stage}${urgent ? ', urgent' : ''}: passed-deadline warnings name filing deadlines only`, () => {
          const g = guidance({ planTypeId: plan.id, stage, urgent, denialDate: '2025-01-02' }, '2026-03-16');
          for (const w of g.c.warnings.filter((x) => x.id.startsWith('deadline-passed'))) {
            expect(g.c.deadlines.find((d) => d.id === w.params.deadlineId)?.kind).toBe('you-file');
          }
          for (const d of g.c.deadlines.filter((x) => x.kind === 'you-may')) {
            expect(g.c.warnings.filter((w) => w.params.deadlineId === d.id).map((w) => w.id)).toEqual([
              'optional-window-passed',
            ]);
          }
        });
      }
    }
  }
});

describe('the keep-the-drug rows say what they require and what they risk', () => {
  it('first appeal: file within the window to keep the drug (438.420(b)); the plan may recover the cost (438.420(d))', () => {
    const g = guidance({ planTypeId: 'medicaid', denialDate: '2026-03-10' }, '2026-03-12');
    const row = g.rows['keep-drug-during-appeal']!;
    expect(row.citation).toBe('42 CFR 438.420(a), (b)(1), (b)(5), (d)');
    expect(row.note).toMatch(/file your appeal and ask to keep getting the drug by this date \(42 CFR 438\.420\(b\)\)/);
    expect(row.note).toMatch(/may ask you to pay back the cost .* \(42 CFR 438\.420\(d\)\)/);
    expect(row.note).toMatch(/never ends your right to appeal/);
  });

  it('appeal denied: 10 days to keep the drug during the state fair hearing (438.420(c)(2)); urgent: 3 working days (431.244(f)(2))', () => {
    const g = guidance(
      { planTypeId: 'medicaid', stage: 'appeal-denied', denialDate: '2026-03-10', urgent: true },
      '2026-03-12',
    );
    expect(g.rows['keep-drug-during-fair-hearing']).toMatchObject({
      due: '2026-03-20',
      kind: 'you-may',
      citation: '42 CFR 438.420(c)(2), (d)',
    });
    expect(g.rows['request-state-fair-hearing']).toMatchObject({ due: '2026-06-08' });
    expect(g.notes).toMatch(
      /expedited state fair hearing.*3 working days.*\(42 CFR 431\.244\(f\)\(2\); 42 CFR 431\.224\(a\)\)/,
    );
    expect(guidance({ planTypeId: 'medicaid', stage: 'appeal-denied' }, '2026-03-12').notes).not.toMatch(
      /3 working days/,
    );
  });
});

describe('later levels have their deadlines', () => {
  it('TRICARE, appeal denied: second reconsideration 90 days, formal review 60 days (32 CFR 199.10; tricare.mil)', () => {
    const unknownReason = guidance(
      { planTypeId: 'tricare', stage: 'appeal-denied', denialDate: '2026-03-02' },
      '2026-03-05',
    );
    expect(unknownReason.rows['tricare-second-reconsideration']).toMatchObject({
      due: '2026-05-31',
      citation: '32 CFR 199.10; TRICARE medical necessity appeals',
    });
    expect(unknownReason.rows['tricare-formal-review']).toMatchObject({
      due: '2026-05-01',
      citation: '32 CFR 199.10; TRICARE factual appeals',
    });
    const medical = guidance(
      { planTypeId: 'tricare', stage: 'appeal-denied', denialDate: '2026-03-02', reasonId: 'prior-authorization' },
      '2026-03-05',
    );
    expect(Object.keys(medical.rows).filter((id) => !id.startsWith('send-by'))).toEqual([
      'tricare-second-reconsideration',
    ]);
    const factual = guidance(
      { planTypeId: 'tricare', stage: 'appeal-denied', denialDate: '2026-03-02', reasonId: 'benefit-exclusion' },
      '2026-03-05',
    );
    expect(Object.keys(factual.rows).filter((id) => !id.startsWith('send-by'))).toEqual(['tricare-formal-review']);
  });

  it('TRICARE, urgent first denial: expedited appeal within 3 days of receipt, receipt 5 days after mailing (TQMC)', () => {
    const g = guidance({ planTypeId: 'tricare', urgent: true, denialDate: '2026-03-02' }, '2026-03-05');
    expect(g.rows['tricare-expedited-appeal']).toMatchObject({ due: '2026-03-10', kind: 'you-may' });
    expect(g.rows['tricare-expedited-appeal']!.citation).toMatch(
      /^32 CFR 199\.10; TRICARE Quality Monitoring Contractor/,
    );
    expect(g.rows['tricare-expedited-appeal']!.note).toMatch(/still reviewed, at the standard pace/);
    expect(
      guidance({ planTypeId: 'tricare', denialDate: '2026-03-02' }, '2026-03-05').rows['tricare-expedited-appeal'],
    ).toBeUndefined();
  });

  it('Medicare Part D, appeal denied: the IRE decides within 7 days, 72 hours expedited (42 CFR 423.600(d), 423.590)', () => {
    const standard = guidance(
      { planTypeId: 'medicare-part-d', stage: 'appeal-denied', denialDate: '2026-03-02' },
      '2026-03-05',
    );
    expect(standard.rows['ire-decides-part-d-standard']).toMatchObject({
      due: '2026-03-12',
      citation: '42 CFR 423.600(d); 42 CFR 423.590(a)',
    });
    expect(standard.notes).toMatch(
      /Independent Review Entity has 14 days .*\(42 CFR 423\.600\(d\); 42 CFR 423\.590\(b\)\)/,
    );
    const urgent = guidance(
      { planTypeId: 'medicare-part-d', stage: 'appeal-denied', denialDate: '2026-03-02', urgent: true },
      '2026-03-05',
    );
    expect(urgent.rows['ire-decides-part-d-expedited']).toMatchObject({
      due: '2026-03-08',
      citation: '42 CFR 423.600(d); 42 CFR 423.590(d)(1)',
    });
    expect(urgent.rows['ire-decides-part-d-standard']).toBeUndefined();
  });

  it('FEHB urgent: the carrier decides within 72 hours (plan brochure; 5 CFR 890.105(b)(2) has only the 30 days), not 30 days', () => {
    const g = guidance({ planTypeId: 'fehb', urgent: true, denialDate: '2026-03-02' }, '2026-03-05');
    expect(g.rows['carrier-decides-urgent']).toMatchObject({
      due: '2026-03-08',
      citation: 'your FEHB plan brochure on urgent care claims',
    });
    expect(g.rows['carrier-decides']).toBeUndefined();
  });
});

describe('state external review: "four months" with no matching day (45 CFR 147.136(c)(2)(vi))', () => {
  it('shows the last day of the fourth month, one day before the federal reading, and says why', () => {
    const g = guidance({ planTypeId: 'employer', stage: 'appeal-denied', denialDate: '2025-10-30' }, '2025-11-02');
    const row = g.rows['request-external-review-state']!;
    expect(row.due).toBe('2026-02-28');
    expect(row.note).toMatch(
      /4 months from Thursday, October 30, 2025 has no matching day .* last day: the earliest way it can be counted/,
    );
    expect(g.warnings.join(' ')).toMatch(/never later than the legal ones/);
    // Marketplace plans follow the same state reading.
    expect(
      guidance({ planTypeId: 'marketplace', stage: 'appeal-denied', denialDate: '2025-10-30' }, '2025-11-02').rows[
        'request-external-review-state'
      ]!.due,
    ).toBe('2026-02-28');
    // The federal process (45 CFR 147.136(d)(2)(i)) names the first day of the fifth month, then rolls off the weekend.
    const federal = guidance(
      { planTypeId: 'employer-self-funded', stage: 'appeal-denied', denialDate: '2025-10-30' },
      '2025-11-02',
    );
    expect(federal.rows['request-external-review-federal']!.due).toBe('2026-03-02');
    expect(federal.rows['request-external-review-federal']!.note).toMatch(
      /moves it to the first day of the next month/,
    );
    // A day that exists needs no explanation.
    expect(
      guidance({ planTypeId: 'employer', stage: 'appeal-denied', denialDate: '2026-03-03' }, '2026-03-05').rows[
        'request-external-review-state'
      ]!.note,
    ).not.toMatch(/no matching day/);
  });
});

describe('send-by dates fall on business days (5 U.S.C. 6103 holidays)', () => {
  it.each([
    // 180 days (29 CFR 2560.503-1(h)(3)(i)) from March 3, 2026 ends Sunday August 30; a week before is a Sunday.
    ['2026-03-03', '2026-08-30', '2026-08-21', 'Sunday, August 23, 2026'],
    // Ends Friday July 10, 2026; a week before is Friday July 3, the observed Independence Day.
    ['2026-01-11', '2026-07-10', '2026-07-02', 'Friday, July 3, 2026'],
    // A week before is a Monday: unchanged.
    ['2026-03-04', '2026-08-31', '2026-08-24', undefined],
  ])('denial %s: legal date %s, send by %s', (denial, legal, sendBy, movedFrom) => {
    const g = guidance({ planTypeId: 'employer', denialDate: denial }, '2026-03-05');
    expect(g.rows['file-internal-appeal']!.due).toBe(legal);
    expect(g.rows['send-by:file-internal-appeal']!.due).toBe(sendBy);
    if (movedFrom) expect(g.rows['send-by:file-internal-appeal']!.note).toContain(`Moved back from ${movedFrom}`);
    else expect(g.rows['send-by:file-internal-appeal']!.note).not.toMatch(/Moved back/);
  });

  it('never before today: a send-by date that would move back past today is today', () => {
    // Legal date Tuesday March 17, 2026; a week before is Tuesday March 10 < today (Saturday March 14).
    const g = guidance({ planTypeId: 'medicaid', denialDate: '2026-01-16' }, '2026-03-14');
    expect(g.rows['send-by:file-plan-appeal']!.due).toBe('2026-03-14');
  });
});

describe('next steps follow the plan type', () => {
  it('Medicare Advantage: no peer-to-peer shortcut after a denial; the reconsideration is the step (42 CFR 422.578(b))', () => {
    const g = guidance({ planTypeId: 'medicare-advantage', drugId: 'ocrevus', insurerId: 'humana' }, '2026-03-05');
    expect(g.next).not.toMatch(/peer-to-peer|fastest way/i);
    expect(g.next).toMatch(/changed through a reconsideration.*\(42 CFR 422\.578\(b\); 42 CFR 422\.582\)/);
    expect(g.next).toMatch(/Independent Review Entity \(IRE\) itself/);
  });

  it.each([
    [
      'medicare-part-d',
      'humira',
      /redetermination .*\(42 CFR 423\.580; 42 CFR 423\.582\)/,
      /ask the Independent Review Entity \(IRE\) to reconsider, within 60 days/,
    ],
    [
      'original-medicare',
      'ocrevus',
      /redetermination by the Medicare contractor .*\(42 CFR 405\.940; 42 CFR 405\.942\(a\)\)/,
      /Qualified Independent Contractor \(QIC\).*180 days/,
    ],
    ['medicaid', 'ocrevus', /peer-to-peer review.*Send your written appeal anyway/, /state fair hearing/],
    ['fehb', 'ocrevus', /peer-to-peer review/, /ask OPM .* within 90 days/],
    ['tricare', 'ocrevus', /peer-to-peer review/, /second reconsideration or a formal review/],
    ['employer', 'ocrevus', /peer-to-peer review/, /independent external review, within four months/],
  ])('%s: first denial', (planTypeId, drugId, step, nextLevel) => {
    const g = guidance({ planTypeId, drugId }, '2026-03-05');
    expect(g.next).toMatch(step);
    expect(g.next).toMatch(nextLevel);
    expect(g.next).not.toMatch(/fastest way/);
  });

  it('after a denied appeal no plan type suggests a peer-to-peer call', () => {
    for (const plan of k.planTypes.values()) {
      expect(guidance({ planTypeId: plan.id, stage: 'appeal-denied' }, '2026-03-05').next).not.toMatch(/peer-to-peer/);
    }
  });

  it('Original Medicare, urgent: no expedited redetermination is promised; the 60 days is said (42 CFR 405.950(a))', () => {
    const g = guidance({ planTypeId: 'original-medicare', drugId: 'ocrevus', urgent: true }, '2026-03-05');
    expect(g.next).toMatch(/up to 60 days \(42 CFR 405\.950\(a\)\)/);
    expect(g.next).not.toMatch(/ask for an expedited appeal/);
  });

  it('without a cited right, the claim-file step does not promise it is free', () => {
    expect(guidance({ planTypeId: 'medicaid' }, '2026-03-05').next).not.toMatch(/free of charge/);
    expect(guidance({ planTypeId: 'employer' }, '2026-03-05').next).toMatch(
      /free of charge \(29 CFR 2560\.503-1\(h\)\(2\)\(iii\)\)/,
    );
  });
});

describe('a drug Medicare covers under Part B, denied by a Part D plan (42 U.S.C. 1395w-102(e)(2)(B))', () => {
  it('Ocrevus (an infusion, knowledge benefit: medical) under Part D: warned that Part B or the MA medical benefit covers it', () => {
    const g = guidance({ planTypeId: 'medicare-part-d', drugId: 'ocrevus' }, '2026-03-05');
    expect(g.warnings.join('\n')).toMatch(
      /Ocrevus is given by a clinic or infusion center, so Medicare normally covers it under Part B .*Medicare Advantage plan.*change plan.*\(42 U\.S\.C\. 1395w-102\(e\)\(2\)\(B\); 42 CFR 423\.100/s,
    );
    expect(g.notes).not.toMatch(/Part B/);
  });

  it('not for a pharmacy drug under Part D, nor for Ocrevus under Medicare Advantage', () => {
    expect(guidance({ planTypeId: 'medicare-part-d', drugId: 'humira' }, '2026-03-05').warnings.join('\n')).not.toMatch(
      /Part B/,
    );
    expect(
      guidance({ planTypeId: 'medicare-advantage', drugId: 'ocrevus' }, '2026-03-05').warnings.join('\n'),
    ).not.toMatch(/Part B/);
  });
});
