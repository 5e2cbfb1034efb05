import { UTCDate } from '@date-fns/utc';
import {
  addDays,
  addMonths,
  differenceInCalendarDays,
  format,
  getDaysInMonth,
  isValid,
  parse,
  type Locale,
} from 'date-fns';

/**
 * Calendar dates (`YYYY-MM-DD`), never instants. All arithmetic runs on UTC
 * dates so the answer is the same in every time zone and across DST changes.
 */
export type CalendarDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const date = new UTCDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isValid(date) && toCalendarDate(date) === value;
}

export function fromCalendarDate(value: CalendarDate): UTCDate {
  const m = ISO.exec(value);
  if (!m) throw new RangeError(`not a calendar date: ${value}`);
  return new UTCDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function toCalendarDate(date: Date): CalendarDate {
  return format(date, 'yyyy-MM-dd');
}

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return toCalendarDate(new UTCDate(year, month - 1, day));
}

export function plusDays(value: CalendarDate, days: number): CalendarDate {
  return toCalendarDate(addDays(fromCalendarDate(value), days));
}

/**
 * Adds calendar months. When the day does not exist in the target month
 * (October 30 + 4 months), `first-of-next-month` gives March 1 (45 CFR
 * 147.136(d)(2)(i)); `last-day-of-month` gives the month's last day.
 */
export function plusMonths(
  value: CalendarDate,
  months: number,
  overflow: 'first-of-next-month' | 'last-day-of-month',
): CalendarDate {
  const start = fromCalendarDate(value);
  const day = start.getDate();
  const landed = addMonths(start, months); // date-fns clamps to the month's last day
  if (landed.getDate() === day || overflow === 'last-day-of-month') return toCalendarDate(landed);
  const firstOfTarget = new UTCDate(landed.getFullYear(), landed.getMonth(), 1);
  return day > getDaysInMonth(firstOfTarget) ? toCalendarDate(addMonths(firstOfTarget, 1)) : toCalendarDate(landed);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return differenceInCalendarDays(fromCalendarDate(to), fromCalendarDate(from));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(value: CalendarDate): number {
  return fromCalendarDate(value).getDay();
}

export function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

/** The words a date is written with: a catalog (a translator) that holds the patterns and its date-fns locale. */
export interface DateWords {
  (key: string): string;
  readonly dateLocale: Locale;
}

/**
 * "Sunday, August 30, 2026", "domingo, 30 de agosto de 2026": the catalog's
 * pattern (`core.date.long`, or another key such as `letter.dateFormat`) with
 * the catalog's month and weekday names.
 */
export function longDate(value: CalendarDate, words: DateWords, patternKey = 'core.date.long'): string {
  return format(fromCalendarDate(value), words(patternKey), { locale: words.dateLocale });
}

/** Parses a date in an explicit numeric pattern such as `M/d/yyyy`; null when invalid. */
export function parseWithPattern(text: string, pattern: string): CalendarDate | null {
  const parsed = parse(text, pattern, new UTCDate(2000, 0, 1));
  return isValid(parsed)
    ? toCalendarDate(new UTCDate(parsed.getFullYear(), parsed.getMonth(), parsed.getDate()))
    : null;
}
