import * as chrono from 'chrono-node';
import { calendarDate, isCalendarDate, plusDays, plusMonths, type CalendarDate } from './calendar.js';

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

/**
 * The words dates are typed with in one language: chrono-node's parser for it
 * (`core.locale.chrono`), and relative dates such as "hace dos semanas" that the
 * parser may lack (`core.date.ago`, with unit and number words from the catalog).
 */
export interface DateReadingWords {
  chrono: string;
  /** A pattern with `{count}` and `{unit}`, e.g. "hace {count} {unit}". */
  ago: string;
  units: Record<'day' | 'week' | 'month', string[]>;
  /** Number words and their values ("dos" → 2). */
  numbers: Map<string, number>;
}

const UNIT_DAYS = { day: 1, week: 7 } as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "hace dos semanas", "3 days ago": the day that many days, weeks or months before today. */
function readAgo(text: string, today: CalendarDate, words: DateReadingWords): CalendarDate | null {
  const numberWords = [...words.numbers.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const unitOf = new Map<string, 'day' | 'week' | 'month'>();
  for (const unit of ['day', 'week', 'month'] as const) for (const w of words.units[unit]) unitOf.set(w, unit);
  const unitWords = [...unitOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (unitWords.length === 0 || !words.ago.includes('{count}') || !words.ago.includes('{unit}')) return null;
  const [before = '', middle = '', after = ''] = words.ago.split(/\{count\}|\{unit\}/);
  const countFirst = words.ago.indexOf('{count}') < words.ago.indexOf('{unit}');
  const count = `(\\d{1,3}|${numberWords.join('|') || '\\d{1,3}'})`;
  const unit = `(${unitWords.join('|')})`;
  const body = countFirst
    ? `${escapeRegExp(before)}${count}${escapeRegExp(middle)}${unit}${escapeRegExp(after)}`
    : `${escapeRegExp(before)}${unit}${escapeRegExp(middle)}${count}${escapeRegExp(after)}`;
  const m = new RegExp(`(?<![\\p{L}\\d])${body.replace(/ /g, '\\s+')}(?![\\p{L}\\d])`, 'iu').exec(text);
  if (!m) return null;
  const [countText = '', unitText = ''] = countFirst ? [m[1], m[2]] : [m[2], m[1]];
  const n = /^\d+$/.test(countText) ? Number(countText) : words.numbers.get(countText.toLowerCase());
  const u = unitOf.get(unitText.toLowerCase());
  if (n === undefined || !u) return null;
  return u === 'month' ? plusMonths(today, -n, 'last-day-of-month') : plusDays(today, -n * UNIT_DAYS[u]);
}

type ChronoParser = { parse: typeof chrono.en.parse };

function isParser(value: unknown): value is ChronoParser {
  return typeof value === 'object' && value !== null && 'parse' in value && typeof value.parse === 'function';
}

/** chrono-node's parser for a language by its export name (`en`, `es`, `fr`…), English when it has none. */
function chronoFor(name: string): ChronoParser {
  const parser = Object.entries(chrono).find(([key]) => key === name)?.[1];
  return isParser(parser) ? parser : chrono.en;
}

export function readDenialDate(text: string, today: CalendarDate, words?: DateReadingWords): DateReading {
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
  const ago = words ? readAgo(trimmed, today, words) : null;
  if (ago) return { kind: 'confirm', options: [ago] };
  // chrono reads the reference's local calendar fields; noon keeps every zone on the same day.
  const [y = 1970, m = 1, d = 1] = today.split('-').map(Number);
  const reference = new Date(y, m - 1, d, 12);
  // The conversation's language first, then English: a date is a date in either.
  const parsers = [...new Set([chronoFor(words?.chrono ?? 'en'), chrono.en])];
  for (const parser of parsers) {
    const first = parser.parse(trimmed, { instant: reference }, { forwardDate: false })[0];
    if (!first) continue;
    const parts = first.start;
    const date = validDate(parts.get('year') ?? y, parts.get('month') ?? 0, parts.get('day') ?? 0);
    return date ? { kind: 'confirm', options: [date] } : { kind: 'none' };
  }
  return { kind: 'none' };
}
