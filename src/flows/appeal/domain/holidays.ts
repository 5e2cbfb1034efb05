import { calendarDate, fromCalendarDate, plusDays, toCalendarDate, weekday, type CalendarDate } from './calendar.js';
import { UTCDate } from '@date-fns/utc';

/**
 * Observed dates of the eleven federal holidays (5 U.S.C. 6103): a holiday on
 * a Saturday is observed the Friday before, on a Sunday the Monday after.
 */
function nthWeekday(year: number, month: number, dow: number, n: number): CalendarDate {
  const first = calendarDate(year, month, 1);
  const offset = (dow - weekday(first) + 7) % 7;
  return plusDays(first, offset + (n - 1) * 7);
}

function lastWeekday(year: number, month: number, dow: number): CalendarDate {
  const last = toCalendarDate(new UTCDate(year, month, 0));
  return plusDays(last, -((weekday(last) - dow + 7) % 7));
}

function observed(date: CalendarDate): CalendarDate {
  const dow = weekday(date);
  if (dow === 6) return plusDays(date, -1);
  if (dow === 0) return plusDays(date, 1);
  return date;
}

function holidaysOf(year: number): CalendarDate[] {
  return [
    observed(calendarDate(year, 1, 1)), // New Year's Day
    nthWeekday(year, 1, 1, 3), // Birthday of Martin Luther King, Jr.
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    lastWeekday(year, 5, 1), // Memorial Day
    observed(calendarDate(year, 6, 19)), // Juneteenth
    observed(calendarDate(year, 7, 4)), // Independence Day
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    observed(calendarDate(year, 11, 11)), // Veterans Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving Day
    observed(calendarDate(year, 12, 25)), // Christmas Day
  ];
}

const byYear = new Map<number, Set<CalendarDate>>();

export function isFederalHoliday(date: CalendarDate): boolean {
  const year = fromCalendarDate(date).getFullYear();
  // New Year's Day of next year can be observed on December 31 of this one.
  const check = (y: number) => {
    let set = byYear.get(y);
    if (!set) byYear.set(y, (set = new Set(holidaysOf(y))));
    return set.has(date);
  };
  return check(year) || check(year + 1);
}

/** Moves a deadline off a Saturday, Sunday or federal holiday to the next day that is none of these. */
export function nextBusinessDay(date: CalendarDate): CalendarDate {
  let day = date;
  while (weekday(day) === 0 || weekday(day) === 6 || isFederalHoliday(day)) day = plusDays(day, 1);
  return day;
}

/** Moves an advised date back off a Saturday, Sunday or federal holiday, so the advice never asks for a day offices are closed. */
export function previousBusinessDay(date: CalendarDate): CalendarDate {
  let day = date;
  while (weekday(day) === 0 || weekday(day) === 6 || isFederalHoliday(day)) day = plusDays(day, -1);
  return day;
}
