import { afterAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { appealDeadlines, type Deadline } from '../../src/flows/appeal/domain/deadlines.js';
import { plusMonths } from '../../src/flows/appeal/domain/calendar.js';
import { isFederalHoliday, nextBusinessDay } from '../../src/flows/appeal/domain/holidays.js';
import { readDenialDate } from '../../src/flows/appeal/domain/denial-date.js';

const k = loadKnowledge();
const TODAY = '2026-04-01';

function table(
  plan: string,
  denial: string,
  urgent: boolean,
  stage: 'first' | 'appeal-denied',
  today = TODAY,
  reasonId?: string,
) {
  const rows = appealDeadlines(k.planTypes.get(plan)!, denial, urgent, today, {
    stage,
    planTypes: k.planTypes,
    reasonId,
  });
  return Object.fromEntries(rows.map((d: Deadline) => [d.id, `${d.due} ${d.daysLeft} ${d.citation}`]));
}

const originalTz = process.env.TZ;
afterAll(() => {
  process.env.TZ = originalTz;
});

// Node re-reads TZ when it changes, so each zone runs the same tables in this process.
for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
  describe(`deadlines in ${tz}`, () => {
    it('ERISA employer plan, first denial: 180 days (not six months), decision in 30 days, send a week early (a business day)', () => {
      process.env.TZ = tz;
      expect(table('employer', '2026-03-03', false, 'first')).toEqual({
        'file-internal-appeal': '2026-08-30 151 29 CFR 2560.503-1(h)(3)(i)',
        // A week before is Sunday August 23: moved back to Friday August 21.
        'send-by:file-internal-appeal': '2026-08-21 142 29 CFR 2560.503-1(h)(3)(i)',
        'plan-decides-pre-service': '2026-05-01 30 29 CFR 2560.503-1(i)(2)(ii)',
      });
    });

    it('urgent employer appeal: 72 hours', () => {
      process.env.TZ = tz;
      const rows = table('employer', '2026-03-03', true, 'first');
      expect(rows['plan-decides-urgent']).toBe('2026-04-04 3 29 CFR 2560.503-1(i)(2)(i)');
      expect(rows['plan-decides-pre-service']).toBeUndefined();
    });

    it('self-funded plan, appeal denied: four months, rolled past a federal holiday (July 3, 2026 observes July 4)', () => {
      process.env.TZ = tz;
      expect(table('employer-self-funded', '2026-03-03', false, 'appeal-denied')).toEqual({
        'request-external-review-federal': '2026-07-06 96 45 CFR 147.136(d)(2)(i)',
        'send-by:request-external-review-federal': '2026-06-29 89 45 CFR 147.136(d)(2)(i)',
        'reviewer-decides-standard': '2026-05-16 45 45 CFR 147.136(d)(2)(iii)(B)(6)',
      });
    });

    it("four months from October 30: the federal rule's March 1 rolled off a weekend; the state date is February 28", () => {
      process.env.TZ = tz;
      expect(plusMonths('2025-10-30', 4, 'first-of-next-month')).toBe('2026-03-01');
      // March 1, 2026 is a Sunday: the federal rule moves it to Monday March 2.
      expect(
        table('employer-self-funded', '2025-10-30', false, 'appeal-denied', '2025-11-02')[
          'request-external-review-federal'
        ],
      ).toMatch(/^2026-03-02 /);
      // The state process (insured plan, "at least four months", 147.136(c)(2)(vi)) may read the missing day as
      // the last day of the fourth month: February 28 is the earlier reading, so the date shown is never late.
      expect(
        table('employer', '2025-10-30', false, 'appeal-denied', '2025-11-02')['request-external-review-state'],
      ).toMatch(/^2026-02-28 /);
    });

    it('leap years: 180 days across February 29, 2028', () => {
      process.env.TZ = tz;
      expect(table('employer', '2028-01-15', false, 'first', '2028-01-20')['file-internal-appeal']).toMatch(
        /^2028-07-13 /,
      );
      expect(table('employer', '2027-01-15', false, 'first', '2027-01-20')['file-internal-appeal']).toMatch(
        /^2027-07-14 /,
      );
      expect(plusMonths('2027-10-29', 4, 'first-of-next-month')).toBe('2028-02-29');
      expect(plusMonths('2026-10-29', 4, 'first-of-next-month')).toBe('2027-03-01');
    });

    it('Medicare Advantage: 65 days from the notice date since 2025, 60 before; Part B drug decided in 7 days', () => {
      process.env.TZ = tz;
      expect(table('medicare-advantage', '2026-03-03', false, 'first')).toEqual({
        'file-reconsideration': '2026-05-07 36 42 CFR 422.582(b), as amended by 89 FR 30827 (Apr. 23, 2024)',
        'send-by:file-reconsideration': '2026-04-30 29 42 CFR 422.582(b), as amended by 89 FR 30827 (Apr. 23, 2024)',
        'plan-decides-part-b-drug': '2026-04-08 7 42 CFR 422.590(c)(1)',
      });
      const old = table('medicare-advantage', '2024-12-02', false, 'first', '2024-12-05');
      expect(old['file-reconsideration-pre-2025']).toMatch(/^2025-01-31 /);
      expect(old['file-reconsideration']).toBeUndefined();
    });

    it('Medicare Part D: redetermination 65 days, 7-day decision, 72 hours when urgent; IRE and ALJ after a denied appeal', () => {
      process.env.TZ = tz;
      const first = table('medicare-part-d', '2026-03-03', true, 'first');
      expect(first['file-redetermination']).toMatch(/^2026-05-07 36 42 CFR 423.582\(b\)/);
      expect(first['plan-decides-expedited']).toMatch(/^2026-04-04 3 42 CFR 423.590\(d\)\(1\)/);
      const next = table('medicare-part-d', '2026-03-03', false, 'appeal-denied');
      expect(next['request-ire-reconsideration']).toMatch(/^2026-05-07 /);
      expect(next['request-alj-hearing-after-ire']).toMatch(/^2026-05-07 36 42 CFR 423.1972\(b\)/);
    });

    it('Medicaid managed care: 60 days from the notice date, 10 days to keep the drug, 90-day fair hearing', () => {
      process.env.TZ = tz;
      const first = table('medicaid', '2026-03-25', false, 'first');
      expect(first['file-plan-appeal']).toBe('2026-05-24 53 42 CFR 438.402(c)(2)(ii)');
      expect(first['keep-drug-during-appeal']).toBe('2026-04-04 3 42 CFR 438.420(a), (b)(1), (b)(5), (d)');
      expect(first['send-by:keep-drug-during-appeal']).toBeUndefined();
      expect(table('medicaid', '2026-03-03', false, 'appeal-denied')['request-state-fair-hearing']).toBe(
        '2026-06-01 61 42 CFR 438.408(f)(2)',
      );
    });

    it('FEHB six months (clamped at month end) and OPM 90 days; TRICARE 90 days', () => {
      process.env.TZ = tz;
      expect(table('fehb', '2026-03-03', false, 'first')['ask-carrier-reconsider']).toMatch(/^2026-09-03 /);
      expect(table('fehb', '2025-08-31', false, 'first', '2025-09-01')['ask-carrier-reconsider']).toMatch(
        /^2026-02-28 /,
      );
      expect(table('fehb', '2026-03-03', false, 'appeal-denied')['ask-opm-review']).toMatch(/^2026-06-01 /);
      expect(table('tricare', '2026-03-03', false, 'first')['tricare-reconsideration']).toBe(
        '2026-06-01 61 32 CFR 199.10; TRICARE appeals guidance',
      );
    });

    it('unknown plan type: the shortest filing window among the likely types (Medicaid, 60 days)', () => {
      process.env.TZ = tz;
      expect(table('unknown', '2026-03-03', false, 'first')).toEqual({
        'act-by-unknown-plan': '2026-05-02 31 42 CFR 438.402(c)(2)(ii)',
        'send-by:act-by-unknown-plan': '2026-04-24 23 42 CFR 438.402(c)(2)(ii)',
      });
    });

    it('a denial dated today, and an expired window', () => {
      process.env.TZ = tz;
      expect(table('employer', TODAY, false, 'first')['file-internal-appeal']).toBe(
        '2026-09-28 180 29 CFR 2560.503-1(h)(3)(i)',
      );
      const expired = table('employer', '2025-09-01', false, 'first');
      expect(expired['file-internal-appeal']).toBe('2026-02-28 -32 29 CFR 2560.503-1(h)(3)(i)');
      expect(expired['send-by:file-internal-appeal']).toBeUndefined();
      // Send-by never lands before today.
      expect(table('employer', '2025-10-06', false, 'first')['send-by:file-internal-appeal']).toBe(
        '2026-04-01 0 29 CFR 2560.503-1(h)(3)(i)',
      );
    });

    it('marketplace non-formulary exception: 72 hours, 24 if exigent', () => {
      process.env.TZ = tz;
      expect(
        table('marketplace', '2026-03-03', false, 'first', TODAY, 'non-formulary')['exception-decides-standard'],
      ).toBe('2026-04-04 3 45 CFR 156.122(c)(1)(ii)');
      expect(
        table('marketplace', '2026-03-03', true, 'first', TODAY, 'non-formulary')['exception-decides-exigent'],
      ).toBe('2026-04-02 1 45 CFR 156.122(c)(2)(iii)');
    });

    it('dates typed by people read the same calendar day in this zone', () => {
      process.env.TZ = tz;
      expect(readDenialDate('March 3', TODAY)).toEqual({ kind: 'confirm', options: ['2026-03-03'] });
      expect(readDenialDate('2 weeks ago', TODAY)).toEqual({ kind: 'confirm', options: ['2026-03-18'] });
      expect(readDenialDate('3/4/2026', TODAY)).toEqual({ kind: 'confirm', options: ['2026-03-04', '2026-04-03'] });
      expect(readDenialDate('2026-03-03', TODAY)).toEqual({ kind: 'sure', date: '2026-03-03' });
      expect(readDenialDate('2026-02-30', TODAY)).toEqual({ kind: 'none' });
    });
  });
}

describe('federal holidays (5 U.S.C. 6103, observed dates)', () => {
  it('knows the 2026 observed holidays, including Juneteenth and a Saturday Independence Day', () => {
    for (const d of [
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]) {
      expect(isFederalHoliday(d), d).toBe(true);
    }
    expect(isFederalHoliday('2026-07-04')).toBe(false);
    // January 1, 2028 is a Saturday: observed Friday December 31, 2027.
    expect(isFederalHoliday('2027-12-31')).toBe(true);
    expect(nextBusinessDay('2026-11-26')).toBe('2026-11-27');
    expect(nextBusinessDay('2026-12-25')).toBe('2026-12-28');
  });
});

describe('Original Medicare (Part B claims, 42 CFR part 405 subpart I)', () => {
  it('redetermination 120 days after receipt (presumed 5 days after the notice), decided in 60; QIC 180 days', () => {
    expect(table('original-medicare', '2026-03-03', false, 'first')).toEqual({
      'file-medicare-redetermination': '2026-07-06 96 42 CFR 405.942(a)',
      'send-by:file-medicare-redetermination': '2026-06-29 89 42 CFR 405.942(a)',
      'contractor-decides-redetermination': '2026-05-31 60 42 CFR 405.950(a)',
    });
    expect(table('original-medicare', '2026-03-03', true, 'appeal-denied')['request-qic-reconsideration']).toBe(
      '2026-09-04 156 42 CFR 405.962(a)',
    );
  });
});
