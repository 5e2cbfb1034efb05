import ical, { type VEvent } from 'node-ical';
import { appealContext, fixedClock } from '../../src/bot.js';
import { describe, expect, it } from 'vitest';
import type { FileReply } from '../../src/core/types.js';
import { calendarFile, ICS_FILE_NAME, ICS_MIME } from '../../src/flows/appeal/calendar-file.js';
import type { AppealContext } from '../../src/flows/appeal/context.js';
import { appealCase } from '../../src/flows/appeal/domain/appeal-case.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../helpers/chat.js';

const knowledge = loadKnowledge();

function events(text: string): VEvent[] {
  return Object.values(ical.sync.parseICS(text))
    .filter((c): c is VEvent => c?.type === 'VEVENT')
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The all-day date as written in the file (node-ical gives a Date at UTC midnight, flagged dateOnly). */
function day(date: (Date & { dateOnly?: boolean }) | undefined): string {
  expect(date?.dateOnly).toBe(true);
  return date!.toISOString().slice(0, 10);
}

function alarmsOf(event: VEvent): string[] {
  return (event.alarms ?? []).map((a) => `${a.action} ${String(a.trigger)}`);
}

describe('the calendar file that comes with the letter', () => {
  it('round-trips through an iCalendar parser: all-day dates, rules, alarms, and no health details', async () => {
    const c = new Conversation();
    await typeScenario(c, SEED_ANSWERS);
    await c.choose('Me (patient or representative)');
    const turn = await c.choose('Skip');
    const files = turn.filter((r): r is FileReply => r.kind === 'file');
    expect(files.map((f) => f.fileName)).toEqual([
      'appeal-ocrevus-cigna-2026-03-03.docx',
      'appeal-ocrevus-cigna-2026-03-03.pdf',
      ICS_FILE_NAME,
    ]);
    const file = files[2]!;
    expect(file.mimeType).toBe(ICS_MIME);
    expect(file.caption).not.toMatch(/ocrevus|cigna/i);
    const text = new TextDecoder().decode(file.bytes);

    const parsed = events(text);
    expect(parsed.map((e) => [day(e.start), day(e.end)])).toEqual([
      ['2026-05-01', '2026-05-02'], // the plan must decide (if it gets the appeal today)
      ['2026-08-21', '2026-08-22'], // send it by
      ['2026-08-30', '2026-08-31'], // file by
    ]);
    expect(parsed.map((e) => e.description)).toEqual([
      expect.stringMatching(/^The plan must decide within 30 days[\s\S]*Rule: 29 CFR 2560\.503-1\(i\)\(2\)\(ii\)$/),
      expect.stringMatching(/^Send it by[\s\S]*Rule: 29 CFR 2560\.503-1\(h\)\(3\)\(i\)$/),
      expect.stringMatching(/^File your internal appeal with the plan\n\nRule: 29 CFR 2560\.503-1\(h\)\(3\)\(i\)$/),
    ]);
    for (const event of parsed) {
      expect(event.summary).toBe('Appeal deadline');
      expect(alarmsOf(event)).toEqual(['DISPLAY -P7D', 'DISPLAY -P1D']);
      expect(event.transparency).toBe('TRANSPARENT');
      expect(event.class).toBe('PRIVATE');
    }
    expect(new Set(parsed.map((e) => e.uid)).size).toBe(3);
    expect(text).not.toMatch(/ocrevus|ocrelizumab|cigna|sclerosis|medical necessity/i);
  });

  it('puts the drug and insurer in the titles only when asked, and leaves out dates already passed', () => {
    const ctx: AppealContext = appealContext({
      clock: fixedClock('2026-10-01'),
      knowledge,
      locale: 'en',
      ttlSeconds: 30 * 86_400,
      detailsTtlSeconds: 24 * 3600,
    })();
    const appeal = appealCase(
      {
        insurerId: 'cigna',
        drugId: 'ocrevus',
        reasonId: 'medical-necessity',
        planTypeId: 'employer',
        stage: 'first',
        denialDate: '2026-03-03',
        urgent: false,
      },
      knowledge,
      ctx.today,
    );
    // The filing deadline (August 30) has passed; only the plan's decision date is still ahead.
    const parsed = events(calendarFile(appeal, ctx, { details: true })!);
    expect(parsed.map((e) => [day(e.start), e.summary])).toEqual([
      ['2026-10-31', 'Appeal deadline: Ocrevus (Cigna Healthcare)'],
    ]);
    const later = { ...ctx, today: '2027-06-01' };
    expect(calendarFile({ ...appeal, deadlines: [], today: later.today }, later)).toBeNull();
  });

  it('writes the same all-day dates whatever the process time zone', () => {
    // The suite runs in one zone; the domain's calendar dates are UTC midnights, which ical-generator writes as dates.
    const ctx: AppealContext = appealContext({
      clock: fixedClock('2026-04-01'),
      knowledge,
      locale: 'en',
      ttlSeconds: 30 * 86_400,
      detailsTtlSeconds: 24 * 3600,
    })();
    const appeal = appealCase(
      {
        planTypeId: 'medicaid',
        stage: 'first',
        denialDate: '2026-03-31',
        urgent: true,
        drugText: 'x',
        insurerText: 'y',
      },
      knowledge,
      ctx.today,
    );
    const text = calendarFile(appeal, ctx)!;
    const dates = [...text.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1]);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates).toEqual(appeal.deadlines.filter((d) => d.daysLeft >= 0).map((d) => d.due.replaceAll('-', '')));
  });
});

describe('the calendar again, on request', () => {
  it('"calendar" sends it again; "calendar with details" names the drug and insurer, with a warning', async () => {
    const c = new Conversation();
    await typeScenario(c, SEED_ANSWERS);
    const plain = await c.send('calendar');
    expect(plain.map((r) => r.kind)).toEqual(['file']);
    expect(new TextDecoder().decode((plain[0] as FileReply).bytes)).not.toMatch(/ocrevus/i);
    const detailed = await c.send('calendar with details');
    expect(detailed[0]).toMatchObject({ kind: 'text', tone: 'warning' });
    const text = new TextDecoder().decode((detailed[1] as FileReply).bytes);
    expect(events(text).map((e) => e.summary)).toContain('Appeal deadline: Ocrevus (Cigna Healthcare)');
  });
});
