import ical, { ICalAlarmType, ICalEventClass, ICalEventTransparency } from 'ical-generator';
import type { FileReply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import type { AppealCase } from './domain/appeal-case.js';
import { fromCalendarDate, plusDays, type CalendarDate } from './domain/calendar.js';
import type { Deadline } from './domain/deadlines.js';
import { deadlineLabel } from './summary.js';

export const ICS_MIME = 'text/calendar';
export const ICS_FILE_NAME = 'appeal-deadlines.ics';
/** How a calendar file is named among the conversation's files, so any replica can make it again. */
export const CALENDAR_REFS = { plain: 'calendar', detailed: 'calendar-details' } as const;

/** Alarms before each deadline: a week, then a day. */
const ALARM_DAYS = [7, 1] as const;
const DAY_SECONDS = 24 * 60 * 60;

export interface CalendarOptions {
  /** Put the drug and insurer in event titles. Off by default: calendars sync, share and preview. */
  details?: boolean;
}

function title(c: AppealCase, ctx: AppealContext, details: boolean): string {
  if (!details) return ctx.t('appeal.calendar.title');
  const drug = c.drug?.brand ?? c.answers.drugText ?? '';
  const insurer = c.insurer?.name ?? c.answers.insurerText ?? '';
  return ctx.t('appeal.calendar.titleDetailed', { drug, insurer });
}

/** A stable id, so importing an updated file replaces the event instead of adding a second one. */
function uid(c: AppealCase, d: Deadline): string {
  return `${d.id.replace(/[^\w-]/g, '-')}.${c.answers.stage}.${c.answers.denialDate}@overturn`;
}

/** The deadlines worth a calendar entry: every one still ahead (a passed date only clutters the calendar). */
export function calendarDeadlines(c: AppealCase): Deadline[] {
  return c.deadlines.filter((d) => d.daysLeft >= 0);
}

/** A calendar's words and dates, worked out from the case: plain values, so a worker thread can write the file. */
export interface CalendarEntries {
  name: string;
  /** The case's "today", not the wall clock: the same case gives the same file. */
  stamp: CalendarDate;
  events: Array<{ id: string; due: CalendarDate; summary: string; description: string }>;
}

/** The case's deadlines still ahead as calendar entries (cheap: words and dates); null when no date is ahead. */
export function calendarEntries(
  c: AppealCase,
  ctx: AppealContext,
  options: CalendarOptions = {},
): CalendarEntries | null {
  const deadlines = calendarDeadlines(c);
  if (deadlines.length === 0) return null;
  const summary = title(c, ctx, options.details ?? false);
  return {
    name: ctx.t('appeal.calendar.name'),
    stamp: ctx.today,
    events: deadlines.map((d) => ({
      id: uid(c, d),
      due: d.due,
      summary,
      description: [deadlineLabel(d, ctx), ctx.t('appeal.calendar.rule', { citation: d.citation })].join('\n\n'),
    })),
  };
}

/**
 * The entries as an iCalendar file: one all-day event per date, its rule in the description, alarms a
 * week and a day before. About a millisecond (ical-generator 10 measures each character's UTF-8 length
 * with a new TextEncoder), so the server writes it in its worker pool (`calendar.ics`).
 */
export function icsText(entries: CalendarEntries): string {
  const calendar = ical({ prodId: { company: 'overturn', product: 'overturn' }, name: entries.name });
  for (const entry of entries.events) {
    const event = calendar.createEvent({
      id: entry.id,
      // Calendar dates as UTC midnights: all-day values come out the same in every time zone.
      start: fromCalendarDate(entry.due),
      end: fromCalendarDate(plusDays(entry.due, 1)),
      allDay: true,
      stamp: fromCalendarDate(entries.stamp),
      summary: entry.summary,
      description: entry.description,
      // A deadline is a reminder, not a meeting: it must not block the day.
      transparency: ICalEventTransparency.TRANSPARENT,
      class: ICalEventClass.PRIVATE,
    });
    for (const days of ALARM_DAYS) {
      event.createAlarm({ type: ICalAlarmType.display, trigger: days * DAY_SECONDS, description: entry.summary });
    }
  }
  return calendar.toString();
}

/** Writes a calendar's file: `icsText` here, or the same in a worker thread. */
export type CalendarWriter = (entries: CalendarEntries) => Promise<string>;

export const writeCalendarHere: CalendarWriter = async (entries) => icsText(entries);

/**
 * The case's deadlines as an iCalendar file: one all-day event per date,
 * its rule in the description, alarms a week and a day before. Titles say
 * only "Appeal deadline" unless `details` is asked for. Null when no date is ahead.
 */
export function calendarFile(c: AppealCase, ctx: AppealContext, options: CalendarOptions = {}): string | null {
  const entries = calendarEntries(c, ctx, options);
  return entries && icsText(entries);
}

function calendarFileReply(text: string, ctx: AppealContext, options: CalendarOptions): FileReply {
  return {
    kind: 'file',
    fileName: ICS_FILE_NAME,
    mimeType: ICS_MIME,
    bytes: new TextEncoder().encode(text),
    caption: ctx.t('appeal.calendar.caption'),
    ref: options.details ? CALENDAR_REFS.detailed : CALENDAR_REFS.plain,
  };
}

/** The calendar as a file reply, with a caption safe for notification previews. */
export function calendarReply(c: AppealCase, ctx: AppealContext, options: CalendarOptions = {}): FileReply | null {
  const text = calendarFile(c, ctx, options);
  return text === null ? null : calendarFileReply(text, ctx, options);
}

/** The same reply, its file written by `write` (in the worker pool on the server). */
export async function writtenCalendarReply(
  c: AppealCase,
  ctx: AppealContext,
  write: CalendarWriter,
  options: CalendarOptions = {},
): Promise<FileReply | null> {
  const entries = calendarEntries(c, ctx, options);
  return entries && calendarFileReply(await write(entries), ctx, options);
}
