import { daysBetween, fromCalendarDate, laterOf, plusDays, plusMonths, type CalendarDate } from './calendar.js';
import { nextBusinessDay, previousBusinessDay } from './holidays.js';
import type { DeadlineRule, PlanType, RuleCondition, Stage } from './knowledge-schema.js';

/** Days before a filing deadline we tell people to send: most rules count the day the plan receives it. */
export const SEND_EARLY_DAYS = 7;

export interface Deadline {
  /** Rule id, or `send-by:<rule id>` for the advised sending date. */
  id: string;
  ruleId: string;
  kind: DeadlineRule['kind'] | 'send-by';
  due: CalendarDate;
  daysLeft: number;
  citation: string;
  source: string;
  /** How the date was counted, for the words shown beside it. */
  basis: {
    start: DeadlineRule['start'];
    days?: number;
    hours?: number;
    months?: number;
    receiptPresumedDays?: number;
    runsFromReceipt?: boolean;
    rolledForwardFrom?: CalendarDate;
    /** Set when the month count landed on a day the target month lacks: how the rule resolved it, from which date. */
    monthOverflow?: { rule: 'first-of-next-month' | 'last-day-of-month'; from: CalendarDate };
    /** For a send-by date moved back off a weekend or federal holiday: the date it would have been. */
    movedBackFrom?: CalendarDate;
  };
  /** The plan type whose rule gave this date (differs from the asked one when the type is unknown). */
  planTypeId: string;
  sendEarly: boolean;
}

export interface DeadlineOptions {
  stage: Stage;
  reasonId?: string;
  benefit?: 'medical' | 'pharmacy';
  /** For the "unknown" plan type: the plan types to compare. */
  planTypes?: Map<string, PlanType>;
}

export function conditionHolds(
  when: RuleCondition | undefined,
  facts: { urgent: boolean; reasonId?: string; benefit?: string; noticeDate: CalendarDate },
): boolean {
  if (!when) return true;
  if (when.urgent !== undefined && when.urgent !== facts.urgent) return false;
  if (when.reasons && !(facts.reasonId && when.reasons.includes(facts.reasonId))) return false;
  if (when.unlessReasons && facts.reasonId && when.unlessReasons.includes(facts.reasonId)) return false;
  if (when.benefit && when.benefit !== facts.benefit) return false;
  if (when.noticeOnOrAfter && facts.noticeDate < when.noticeOnOrAfter) return false;
  if (when.noticeBefore && facts.noticeDate >= when.noticeBefore) return false;
  return true;
}

function dueDate(
  rule: DeadlineRule,
  noticeDate: CalendarDate,
  today: CalendarDate,
): Pick<Deadline['basis'], 'rolledForwardFrom' | 'monthOverflow'> & { due: CalendarDate } {
  const start = rule.start === 'notice' ? plusDays(noticeDate, rule.receiptPresumedDays ?? 0) : today;
  let due: CalendarDate;
  let monthOverflow: Deadline['basis']['monthOverflow'];
  if (rule.months !== undefined) {
    const overflow = rule.monthOverflow ?? 'last-day-of-month';
    due = plusMonths(start, rule.months, overflow);
    // The day of the month changed only because the target month lacks it (October 30 + 4 months).
    if (fromCalendarDate(due).getDate() !== fromCalendarDate(start).getDate())
      monthOverflow = { rule: overflow, from: start };
  } else if (rule.hours !== undefined) due = plusDays(start, Math.ceil(rule.hours / 24));
  else due = plusDays(start, rule.days ?? 0);
  if (rule.rollForward) {
    const moved = nextBusinessDay(due);
    if (moved !== due) return { due: moved, rolledForwardFrom: due, monthOverflow };
  }
  return { due, monthOverflow };
}

function fromRule(rule: DeadlineRule, plan: PlanType, noticeDate: CalendarDate, today: CalendarDate): Deadline {
  const { due, rolledForwardFrom, monthOverflow } = dueDate(rule, noticeDate, today);
  return {
    id: rule.id,
    ruleId: rule.id,
    kind: rule.kind,
    due,
    daysLeft: daysBetween(today, due),
    citation: rule.citation,
    source: rule.source,
    basis: {
      start: rule.start,
      days: rule.days,
      hours: rule.hours,
      months: rule.months,
      receiptPresumedDays: rule.receiptPresumedDays,
      runsFromReceipt: rule.runsFromReceipt,
      rolledForwardFrom,
      monthOverflow,
    },
    planTypeId: plan.id,
    sendEarly: rule.sendEarly,
  };
}

/** A week before the legal date, moved back to a business day (never before today). */
function sendBy(deadline: Deadline, today: CalendarDate): Deadline | null {
  if (deadline.daysLeft < 0 || !deadline.sendEarly) return null;
  const weekBefore = plusDays(deadline.due, -SEND_EARLY_DAYS);
  const business = previousBusinessDay(weekBefore);
  const due = laterOf(business, today);
  return {
    ...deadline,
    id: `send-by:${deadline.id}`,
    kind: 'send-by',
    due,
    daysLeft: daysBetween(today, due),
    basis: { ...deadline.basis, movedBackFrom: due === business && business !== weekBefore ? weekBefore : undefined },
  };
}

function applicableRules(
  plan: PlanType,
  urgent: boolean,
  noticeDate: CalendarDate,
  options: DeadlineOptions,
): DeadlineRule[] {
  return plan.rules.filter(
    (rule) =>
      rule.stage === options.stage &&
      conditionHolds(rule.when, { urgent, reasonId: options.reasonId, benefit: options.benefit, noticeDate }),
  );
}

/**
 * Every deadline that applies to this plan type, stage and urgency, each with
 * its citation, plus a "send it by" date a week before each filing deadline.
 * For the unknown plan type, the earliest filing deadline among the likely
 * types stands in, so acting by it is safe whatever the type turns out to be.
 */
export function appealDeadlines(
  plan: PlanType,
  denialDate: CalendarDate,
  urgent: boolean,
  today: CalendarDate,
  options: DeadlineOptions,
): Deadline[] {
  let deadlines: Deadline[];
  if (plan.likelyTypes && options.planTypes) {
    const candidates = plan.likelyTypes
      .map((id) => options.planTypes!.get(id))
      .filter((p): p is PlanType => p !== undefined)
      .flatMap((p) =>
        applicableRules(p, urgent, denialDate, options)
          .filter((r) => r.kind === 'you-file' && r.sendEarly)
          .map((r) => fromRule(r, p, denialDate, today)),
      )
      .sort((a, b) => a.due.localeCompare(b.due));
    deadlines = candidates.length > 0 ? [{ ...candidates[0]!, id: 'act-by-unknown-plan' }] : [];
  } else {
    deadlines = applicableRules(plan, urgent, denialDate, options).map((rule) =>
      fromRule(rule, plan, denialDate, today),
    );
  }
  const advised = deadlines
    .filter((d) => d.kind === 'you-file')
    .map((d) => sendBy(d, today))
    .filter((d): d is Deadline => d !== null);
  return [...deadlines, ...advised].sort(
    (a, b) => group(a) - group(b) || a.due.localeCompare(b.due) || order(a) - order(b),
  );
}

/** What the user must or may do comes first; what the plan or reviewer must do follows. */
function group(d: Deadline): number {
  return d.kind === 'send-by' || d.kind === 'you-file' || d.kind === 'you-may' ? 0 : 1;
}

/** On the same day, the advice to send comes before the legal deadline it serves. */
function order(d: Deadline): number {
  return d.kind === 'send-by' ? 0 : d.kind === 'you-file' ? 1 : d.kind === 'you-may' ? 2 : 3;
}
