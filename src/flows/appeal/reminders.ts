import type { StepResult } from '../../core/flow.js';
import type { QuestionReply, Reply, ScheduledJob } from '../../core/types.js';
import { navActions } from '../commands.js';
import type { AppealContext } from './context.js';
import type { AppealCase } from './domain/appeal-case.js';
import { daysBetween, fromCalendarDate, longDate, plusDays, type CalendarDate } from './domain/calendar.js';
import type { Deadline } from './domain/deadlines.js';
import type { AppealState, FollowUp, Reminder, ReminderKind } from './state.js';

/**
 * Reminders after the letter, as pure functions over the state: which days,
 * what each says, and the jobs the engine keeps for them. The jobs carry only
 * ids and times; what a reminder says is read from the state when it fires.
 */

/** Reminders arrive at 16:00 UTC: morning on the US Pacific coast, midday on the East coast. */
const REMINDER_UTC_HOUR = 16;
/** The session is kept this long after the last reminder, so the user can still answer it. */
export const KEEP_AFTER_LAST_DAYS = 7;

type Result = StepResult<AppealState>;

const say = (text: string, tone?: 'info' | 'warning' | 'success'): Reply => ({
  kind: 'text',
  text,
  ...(tone ? { tone } : {}),
});

/** The earliest "send it by" date still ahead. */
function sendBy(c: AppealCase): Deadline | undefined {
  return c.deadlines.find((d) => d.kind === 'send-by' && d.daysLeft >= 0);
}

/** The rule for the plan's (or reviewer's) decision: the urgent one, counted in hours, when urgent. */
export function decisionRule(c: AppealCase): Deadline | undefined {
  const deciding = c.deadlines.filter((d) => d.kind === 'plan-decides' || d.kind === 'reviewer-decides');
  return (c.answers.urgent ? deciding.find((d) => d.basis.hours !== undefined) : undefined) ?? deciding[0];
}

/** The day the decision is due if the appeal leaves on `sent` (deadlines count from receipt: the earliest it can be). */
export function decideBy(c: AppealCase, sent: CalendarDate): { date: CalendarDate; citation: string } | null {
  const rule = decisionRule(c);
  if (!rule) return null;
  return { date: plusDays(sent, daysBetween(c.today, rule.due)), citation: rule.citation };
}

function reminder(kind: ReminderKind, date: CalendarDate): Reminder {
  return { id: `${kind}:${date}`, kind, date, fired: false };
}

/** The reminders for a case: a week and a day before "send it by" (until it is sent), and the decision day. */
export function plannedReminders(c: AppealCase, sentOn: CalendarDate | undefined): Reminder[] {
  const items: Reminder[] = [];
  const send = sendBy(c);
  if (!sentOn && send) {
    for (const [kind, days] of [
      ['send-week', 7],
      ['send-day', 1],
    ] as const) {
      const date = plusDays(send.due, -days);
      if (date > c.today) items.push(reminder(kind, date));
    }
  }
  const base = sentOn ?? send?.due;
  const decision = base ? decideBy(c, base) : null;
  if (decision && decision.date >= c.today) items.push(reminder('decision', decision.date));
  return items;
}

export function pendingReminders(state: AppealState): Reminder[] {
  return (state.followUp?.items ?? []).filter((r) => !r.fired);
}

/** While reminders are pending the session is kept until a week after the last one. */
export function keepUntil(state: AppealState): number | null {
  const last = pendingReminders(state).at(-1);
  return last ? dueInstant(plusDays(last.date, KEEP_AFTER_LAST_DAYS)) : null;
}

export function dueInstant(date: CalendarDate): number {
  return fromCalendarDate(date).getTime() + REMINDER_UTC_HOUR * 60 * 60 * 1000;
}

/** The jobs for the pending reminders; on a surface without push, none (they show when the user returns). */
export function scheduleEffect(followUp: FollowUp | undefined, ctx: AppealContext): Result['effects'] {
  const items = followUp?.reminders ? followUp.items.filter((r) => !r.fired) : [];
  const jobs: ScheduledJob[] =
    ctx.reminders === 'push' ? items.map((r) => ({ id: r.id, due: dueInstant(r.date) })) : [];
  return [{ type: 'schedule', jobs }];
}

function reminderLine(r: Reminder, ctx: AppealContext): string {
  return ctx.t(`appeal.reminders.line.${r.kind}`, { date: longDate(r.date, ctx.t) });
}

function keptUntilText(items: Reminder[], ctx: AppealContext): string {
  const last = items.at(-1);
  return last ? longDate(plusDays(last.date, KEEP_AFTER_LAST_DAYS), ctx.t) : '';
}

/** Whether to ask "Shall I remind you?" after this letter: the surface can remind, and there is a day to remind of. */
export function shouldOffer(state: AppealState, c: AppealCase, ctx: AppealContext): boolean {
  return (ctx.reminders ?? 'none') !== 'none' && !state.followUp && plannedReminders(c, undefined).length > 0;
}

export function offerQuestion(state: AppealState, c: AppealCase, ctx: AppealContext): QuestionReply {
  const t = ctx.t;
  const items = plannedReminders(c, state.followUp?.sentOn);
  const mode = ctx.reminders === 'push' ? 'push' : 'onReturn';
  const send = sendBy(c);
  return {
    kind: 'question',
    step: 'reminders',
    text: t(`appeal.reminders.offer.${mode}`, { sendBy: send ? longDate(send.due, ctx.t) : '' }),
    hint: t('appeal.reminders.offer.hint', { until: keptUntilText(items, ctx) }),
    input: {
      type: 'choices',
      choices: [
        { id: 'yes', label: t('appeal.reminders.offer.yes') },
        { id: 'no', label: t('appeal.reminders.offer.no') },
      ],
      style: 'short',
      allowText: true,
    },
    nav: navActions(t, ['change', 'help', 'forget']),
  };
}

/** The answer to "Shall I remind you?". */
export function answerOffer(state: AppealState, c: AppealCase, ctx: AppealContext, yes: boolean): Result {
  const cleared: AppealState = { ...state, pending: undefined };
  if (!yes) {
    const followUp: FollowUp = { reminders: false, items: [] };
    return { state: { ...cleared, followUp }, replies: [say(ctx.t('appeal.reminders.declined'))], effects: [] };
  }
  const items = plannedReminders(c, state.followUp?.sentOn);
  const followUp: FollowUp = {
    reminders: true,
    ...(state.followUp?.sentOn ? { sentOn: state.followUp.sentOn } : {}),
    items,
  };
  const mode = ctx.reminders === 'push' ? 'push' : 'onReturn';
  const text = [
    ctx.t(`appeal.reminders.scheduled.${mode}`),
    ...items.map((r) => `- ${reminderLine(r, ctx)}`),
    ctx.t('appeal.reminders.scheduled.kept', { until: keptUntilText(items, ctx) }),
  ].join('\n');
  return { state: { ...cleared, followUp }, replies: [say(text, 'success')], effects: scheduleEffect(followUp, ctx) };
}

/** "Stop reminders": cancel every pending one; the session returns to its usual expiry. */
export function stopReminders(state: AppealState, ctx: AppealContext): Result {
  const followUp: FollowUp = {
    reminders: false,
    ...(state.followUp?.sentOn ? { sentOn: state.followUp.sentOn } : {}),
    items: [],
  };
  const had = pendingReminders(state).length > 0;
  const text = had
    ? ctx.t('appeal.reminders.stopped', { days: ctx.retentionDays })
    : ctx.t('appeal.reminders.noneToStop');
  return { state: { ...state, followUp }, replies: [say(text)], effects: [{ type: 'schedule', jobs: [] }] };
}

/** "I sent it on <date>": record it and move the decision reminder to the day the plan must answer. */
export function recordSent(state: AppealState, c: AppealCase, ctx: AppealContext, sent: CalendarDate): Result {
  const t = ctx.t;
  const wanted = state.followUp?.reminders ?? false;
  const items = wanted ? plannedReminders(c, sent) : [];
  const followUp: FollowUp = { reminders: wanted, sentOn: sent, items };
  const decision = decideBy(c, sent);
  const lines = [t('appeal.reminders.sent.noted', { date: longDate(sent, ctx.t) })];
  if (decision)
    lines.push(
      t('appeal.reminders.sent.decideBy', { date: longDate(decision.date, ctx.t), citation: decision.citation }),
    );
  if (items.some((r) => r.kind === 'decision')) lines.push(t('appeal.reminders.sent.willAsk'));
  return { state: { ...state, followUp }, replies: [say(lines.join(' '))], effects: scheduleEffect(followUp, ctx) };
}

/** The lines `status` adds: the pending reminders, or that there are none. */
export function statusLines(state: AppealState, ctx: AppealContext): string[] {
  const pending = pendingReminders(state);
  if (!state.followUp?.reminders || pending.length === 0) return [ctx.t('appeal.reminders.status.none')];
  return [ctx.t('appeal.reminders.status.title'), ...pending.map((r) => `- ${reminderLine(r, ctx)}`)];
}

/** What a reminder says when it fires; the decision reminder asks whether the plan answered. */
function reminderReplies(r: Reminder, c: AppealCase, ctx: AppealContext): Reply[] {
  const t = ctx.t;
  if (r.kind !== 'decision') {
    const send = sendBy(c);
    return [
      say(
        t(`appeal.reminders.due.${r.kind}`, { date: send ? longDate(send.due, ctx.t) : longDate(r.date, ctx.t) }),
        'info',
      ),
    ];
  }
  return [planAnswerQuestion(ctx, decisionRule(c)?.citation ?? '')];
}

export function planAnswerQuestion(ctx: AppealContext, citation: string): QuestionReply {
  const t = ctx.t;
  return {
    kind: 'question',
    step: 'plan-answer',
    text: t('appeal.reminders.due.decision', { citation }),
    input: {
      type: 'choices',
      choices: [
        { id: 'approved', label: t('appeal.reminders.answer.approved') },
        { id: 'denied', label: t('appeal.reminders.answer.denied') },
        { id: 'waiting', label: t('appeal.reminders.answer.waiting') },
      ],
      style: 'short',
      allowText: true,
    },
    nav: navActions(t, ['status', 'help', 'forget']),
  };
}

/**
 * A reminder's job came due. Unknown ids (cancelled or moved since) say
 * nothing. Saying it again is allowed: a retry after a failed delivery must
 * carry the words again.
 */
export function fireReminder(state: AppealState, c: AppealCase, ctx: AppealContext, id: string): Result {
  const item = state.followUp?.items.find((r) => r.id === id);
  if (!state.followUp?.reminders || !item) return { state, replies: [], effects: [] };
  return markFired(state, c, ctx, [item]);
}

function markFired(state: AppealState, c: AppealCase, ctx: AppealContext, fired: Reminder[]): Result {
  const followUp = state.followUp;
  if (!followUp) return { state, replies: [], effects: [] };
  const ids = new Set(fired.map((r) => r.id));
  const items = followUp.items.map((r) => (ids.has(r.id) ? { ...r, fired: true } : r));
  const asks = fired.some((r) => r.kind === 'decision');
  const next: AppealState = {
    ...state,
    followUp: { ...followUp, items },
    ...(asks ? { pending: { type: 'plan-answer' as const } } : {}),
  };
  return { state: next, replies: fired.flatMap((r) => reminderReplies(r, c, ctx)), effects: [] };
}

/** On a surface without push: reminders whose day has come, shown when the user comes back. */
export function dueOnReturn(state: AppealState, c: AppealCase, ctx: AppealContext): Result | null {
  if (ctx.reminders !== 'on-return' || !state.followUp?.reminders) return null;
  const due = pendingReminders(state).filter((r) => r.date <= ctx.today);
  return due.length > 0 ? markFired(state, c, ctx, due) : null;
}
