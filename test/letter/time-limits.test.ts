import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../src/flows/appeal/letter/index.js';
import { lineText } from '../../src/flows/appeal/letter/model.js';
import { caseOf, modelText, t, TEMPLATE_LEFTOVERS, TODAY } from './support.js';

/** The letter's own time limits and requests, per plan type, each with the rule it cites. */
const clean = (text: string) => {
  for (const leftover of TEMPLATE_LEFTOVERS) expect(text).not.toMatch(leftover);
};

describe('Medicaid letters ask to keep the drug while the window is open (42 CFR 438.420)', () => {
  it.each(['patient', 'care-team'] as const)(
    '%s: within 10 days of the notice, the request and the repayment risk',
    (author) => {
      const text = modelText({ planTypeId: 'medicaid', denialDate: '2026-03-25' }, author);
      expect(text).toMatch(
        /within 10 days of your notice, and (I ask|my patient asks) to keep receiving Ocrevus .*\(42 CFR 438\.420\(a\), \(b\)\(1\), \(b\)\(5\), \(d\)\)/,
      );
      expect(text).toMatch(
        /if the denial is upheld in the end, the plan may ask (me to repay|for repayment of) the cost/,
      );
      expect(text).toMatch(
        /\[Delete this paragraph if (you were|the patient was) not already receiving Ocrevus under an earlier approval/,
      );
      clean(text);
    },
  );

  it('not once the 10 days have passed, and never for another plan type', () => {
    expect(modelText({ planTypeId: 'medicaid', denialDate: '2026-03-03' })).not.toMatch(/keep receiving/);
    expect(modelText({ planTypeId: 'employer', denialDate: '2026-03-25' })).not.toMatch(/keep receiving/);
  });

  it('at the fair hearing: within 10 days of the plan decision (438.420(c)(2))', () => {
    const text = modelText({ planTypeId: 'medicaid', stage: 'appeal-denied', denialDate: '2026-03-25' });
    expect(text).toMatch(
      /I ask to keep receiving Ocrevus until the hearing decision \(42 CFR 438\.420\(c\)\(2\), \(d\)\)/,
    );
    clean(text);
  });
});

describe('urgent letters use the urgent timeframes', () => {
  it('FEHB: an urgent reconsideration asks for a decision within 72 hours, cited, never "within 30 days"', () => {
    const text = modelText({ planTypeId: 'fehb', urgent: true });
    expect(text).toContain('request for an urgent reconsideration by the carrier');
    expect(text).toContain(
      'Please send me your written decision within 72 hours of receiving this request. This time limit is set by your FEHB plan brochure on urgent care claims.',
    );
    expect(text).not.toMatch(/within 30 days/);
    expect(modelText({ planTypeId: 'fehb' })).toMatch(
      /within 30 days of receiving this request\. This time limit is set by 5 CFR 890\.105\(b\)\(2\)\./,
    );
  });

  it('TRICARE: an urgent appeal cites the 3-day expedited window, never "within the 90 days the rules allow"', () => {
    const open = modelText({ planTypeId: 'tricare', urgent: true, denialDate: '2026-03-27' });
    expect(open).toMatch(
      /within 3 days of receiving it, the time allowed for an expedited appeal \(32 CFR 199\.10; TRICARE Quality Monitoring Contractor/,
    );
    expect(open).not.toMatch(/within the 90 days the rules allow/);
    const passed = modelText({ planTypeId: 'tricare', urgent: true, denialDate: '2026-03-03' }, 'care-team');
    expect(passed).toMatch(
      /The time to ask for an expedited appeal \(3 days from receipt, .*\) has passed, so please review this request as quickly as my patient's health requires/,
    );
    expect(passed).not.toMatch(/within the 90 days the rules allow/);
    clean(open);
    clean(passed);
    // Not urgent: the standard 90 days.
    expect(modelText({ planTypeId: 'tricare' })).toContain(
      'within the 90 days the rules allow (32 CFR 199.10; TRICARE appeals guidance)',
    );
  });
});

describe('the notes page gives send-by dates on business days', () => {
  it('a week before Sunday August 30 is a Sunday: send by Friday August 21 (5 U.S.C. 6103)', () => {
    const model = composeLetter({ appeal: caseOf(), author: 'patient', t, today: TODAY });
    const table = model.sections[1]!.blocks.find((b) => b.kind === 'table');
    const rows = table && table.kind === 'table' ? table.rows.map((r) => r.map(lineText).join(' | ')) : [];
    expect(rows[0]).toMatch(/^Send it by .* \| Friday, August 21, 2026 \| 29 CFR 2560\.503-1\(h\)\(3\)\(i\)$/);
  });
});
