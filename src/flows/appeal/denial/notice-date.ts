import * as chrono from 'chrono-node';
import { calendarDate, isCalendarDate, type CalendarDate } from '../domain/calendar.js';
import { labelMatcher } from './label.js';
import { LABELS, NOT_THE_FIELD } from './labels.js';
import { type LetterLine, sourceOf } from './letter-text.js';
import type { FoundField } from './types.js';

const EARLIEST = '1990-01-01';
const HEADER_LINES = 15;
const dateLabel = labelMatcher(LABELS.noticeDate);

/** Full dates written on the line (US letters: 03/04/2026 is March 4). */
export function datesOn(text: string, today: CalendarDate): CalendarDate[] {
  const [y = 2000, m = 1, d = 1] = today.split('-').map(Number);
  const reference = new Date(y, m - 1, d, 12);
  return chrono.strict
    .parse(text.replace(/(\d),(\d{4})/g, '$1, $2'), { instant: reference }, { forwardDate: false })
    .filter((r) => r.start.isCertain('year') && r.start.isCertain('day'))
    .map((r) => calendarDate(r.start.get('year') ?? 0, r.start.get('month') ?? 0, r.start.get('day') ?? 0))
    .filter((date) => isCalendarDate(date) && date >= EARLIEST && date <= today);
}

/**
 * The date of the notice: a "Date:" label first, then a date standing alone in the
 * header block. Dates of birth, received dates and deadlines are never taken.
 */
export function findNoticeDate(lines: LetterLine[], today: CalendarDate): FoundField | undefined {
  let best: { date: CalendarDate; score: number; line: LetterLine } | undefined;
  for (const line of lines) {
    if (NOT_THE_FIELD.noticeDate.test(line.text)) continue;
    const dates = datesOn(line.text, today);
    if (dates.length === 0) continue;
    const labeled = dateLabel(line.text);
    const alone = line.text.replace(/[^A-Za-z]/g, '').length <= 12;
    let score = 0;
    if (labeled && datesOn(labeled.rest, today).length > 0) score = 3;
    else if (alone && line.index < HEADER_LINES) score = 2;
    else if (line.index < HEADER_LINES) score = 0.5;
    const date = dates[0];
    if (date && score > (best?.score ?? 0)) best = { date, score, line };
  }
  if (!best) return undefined;
  return {
    value: best.date,
    confidence: best.score >= 3 ? 0.95 : best.score >= 2 ? 0.85 : 0.5,
    source: sourceOf(best.line),
  };
}
