import type { ScheduledJob } from '../../core/types.js';
import { allCases } from './case-label.js';
import type { AppealContext } from './context.js';
import { plusDays, type CalendarDate } from './domain/calendar.js';
import { dueInstant, KEEP_AFTER_LAST_DAYS } from './reminders.js';
import type { AppealState, StoredCase } from './state.js';

/** Each case's reminders and expiry: the jobs for all cases together, and how long each case is kept. */

/** The last day a case's reminders keep it, or null when none wait. */
function remindersKeep(c: Pick<StoredCase, 'followUp'>): CalendarDate | null {
  const last = (c.followUp?.items ?? []).filter((r) => !r.fired).at(-1);
  return last ? plusDays(last.date, KEEP_AFTER_LAST_DAYS) : null;
}

/** The day a case is deleted: its retention after it was last worked on, or later while its reminders wait. */
export function caseExpires(c: StoredCase, ctx: AppealContext): CalendarDate {
  const own = plusDays(c.touched ?? ctx.today, ctx.retentionDays);
  const kept = remindersKeep(c);
  return kept && kept > own ? kept : own;
}

/** The reminder job id of a case's reminder: case 1 keeps the ids it had before cases existed. */
export function caseJobId(caseId: number, reminderId: string): string {
  return caseId === 1 ? reminderId : `c${caseId}:${reminderId}`;
}

export function readJobId(job: string): { caseId: number; reminderId: string } {
  const m = /^c(\d+):(.+)$/.exec(job);
  return m?.[1] && m[2] ? { caseId: Number(m[1]), reminderId: m[2] } : { caseId: 1, reminderId: job };
}

/** Every case's pending reminders as the conversation's jobs (a surface that pushes only). */
export function allJobs(state: AppealState, ctx: AppealContext): ScheduledJob[] {
  if (ctx.reminders !== 'push') return [];
  return allCases(state).flatMap((c) =>
    c.followUp?.reminders
      ? c.followUp.items.filter((r) => !r.fired).map((r) => ({ id: caseJobId(c.id, r.id), due: dueInstant(r.date) }))
      : [],
  );
}

/**
 * The cases whose reminders are wanted. When this changes (a case closed,
 * deleted or expired) the jobs are rewritten; a reminder firing changes
 * nothing here: the job store completes or retries its own job.
 */
export const remindingCases = (state: AppealState): string =>
  allCases(state)
    .filter((c) => c.followUp?.reminders)
    .map((c) => c.id)
    .join(',');

/** Keeps the session while any case's reminders wait. */
export function keepUntilAnyCase(state: AppealState): number | null {
  const days = allCases(state)
    .map(remindersKeep)
    .filter((d): d is CalendarDate => d !== null)
    .sort();
  const last = days.at(-1);
  return last ? dueInstant(last) : null;
}
