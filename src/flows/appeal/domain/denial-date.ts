import * as chrono from 'chrono-node';
import { calendarDate, isCalendarDate, type CalendarDate } from './calendar.js';

/**
 * Reading the date on a denial letter from what people type. ISO dates are
 * taken as they are; anything else is echoed back for confirmation; a
 * numeric date that reads two ways ("3/4/2026") offers both readings.
 */
export type DateReading =
  | { kind: 'sure'; date: CalendarDate }
  | { kind: 'confirm'; options: CalendarDate[] }
  | { kind: 'none' };

const NUMERIC = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})\s*$/;
const ISO_TEXT = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/;

function fullYear(year: string): number {
  const n = Number(year);
  return year.length === 2 ? 2000 + n : n;
}

function validDate(y: number, m: number, d: number): CalendarDate | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const value = calendarDate(y, m, d);
  return isCalendarDate(value) &&
    value === `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
    ? value
    : null;
}

export function readDenialDate(text: string, today: CalendarDate): DateReading {
  const trimmed = text.trim().slice(0, 200);
  const iso = ISO_TEXT.exec(trimmed);
  if (iso) {
    const date = validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return date ? { kind: 'sure', date } : { kind: 'none' };
  }
  const numeric = NUMERIC.exec(trimmed);
  if (numeric) {
    const [, first, second, yearText = ''] = numeric;
    const a = Number(first);
    const b = Number(second);
    const year = fullYear(yearText);
    const monthFirst = validDate(year, a, b);
    const dayFirst = validDate(year, b, a);
    const options = [...new Set([monthFirst, dayFirst].filter((d): d is CalendarDate => d !== null))];
    return options.length > 0 ? { kind: 'confirm', options } : { kind: 'none' };
  }
  // chrono reads the reference's local calendar fields; noon keeps every zone on the same day.
  const [y = 1970, m = 1, d = 1] = today.split('-').map(Number);
  const reference = new Date(y, m - 1, d, 12);
  const results = chrono.en.parse(trimmed, { instant: reference }, { forwardDate: false });
  const first = results[0];
  if (!first) return { kind: 'none' };
  const parts = first.start;
  const date = validDate(parts.get('year') ?? y, parts.get('month') ?? 0, parts.get('day') ?? 0);
  return date ? { kind: 'confirm', options: [date] } : { kind: 'none' };
}
