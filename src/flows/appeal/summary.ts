import type { SummaryDeadline, SummaryReply, SummarySection } from '../../core/types.js';
import { navActions } from '../commands.js';
import type { AppealCase, ChecklistItem } from './domain/appeal-case.js';
import { longDate } from './domain/calendar.js';
import type { Deadline } from './domain/deadlines.js';
import type { AppealContext } from './context.js';
import { organisationItems } from './organisation.js';
import { aboutThePatient } from './voice.js';
import { helpSections, stepHelpNote } from './help-sections.js';
import { answerText } from './questions.js';
import type { AppealState } from './state.js';

export { caseFromState } from './case.js';

export function deadlineLabel(d: Deadline, ctx: AppealContext): string {
  if (d.kind === 'send-by') {
    const legalId = d.id.slice('send-by:'.length);
    return ctx.t('appeal.deadline.sendBy', { label: ctx.t(`appeal.deadline.${legalId}`) });
  }
  return ctx.t(`appeal.deadline.${d.id}`);
}

export function daysLeftText(daysLeft: number, ctx: AppealContext): string {
  const t = ctx.t;
  if (daysLeft === 0) return t('appeal.summary.today');
  if (daysLeft === -1) return t('appeal.summary.passedOne');
  return daysLeft > 0
    ? t('appeal.summary.daysLeft', { count: daysLeft })
    : t('appeal.summary.passed', { count: -daysLeft });
}

/** A catalog sentence that only some rules have (the translator returns the key itself when there is none). */
function optionalText(key: string, ctx: AppealContext): string | undefined {
  const text = ctx.t(key);
  return text === key ? undefined : text;
}

function basisNote(d: Deadline, ctx: AppealContext): string | undefined {
  const t = ctx.t;
  if (d.kind === 'send-by') {
    const moved = d.basis.movedBackFrom;
    return moved
      ? t('appeal.basis.adviceMovedBack', { advice: t('appeal.summary.advice'), from: longDate(moved, ctx.t) })
      : t('appeal.summary.advice');
  }
  const notes: string[] = [];
  const detail = optionalText(`appeal.detail.${d.ruleId}`, ctx);
  if (detail) notes.push(detail);
  if (d.kind === 'you-may') notes.push(t('appeal.basis.optional'));
  if (d.basis.receiptPresumedDays && d.basis.days) {
    notes.push(t('appeal.basis.presumed', { days: d.basis.days, presumed: d.basis.receiptPresumedDays }));
  }
  if (d.basis.rolledForwardFrom)
    notes.push(t('appeal.basis.rolledForward', { from: longDate(d.basis.rolledForwardFrom, ctx.t) }));
  const overflow = d.basis.monthOverflow;
  if (overflow) {
    const params = { months: d.basis.months ?? 0, from: longDate(overflow.from, ctx.t) };
    notes.push(t(overflow.rule === 'last-day-of-month' ? 'appeal.basis.monthEnd' : 'appeal.basis.monthNext', params));
  }
  if (d.basis.runsFromReceipt) notes.push(t('appeal.basis.runsFromReceipt'));
  return notes.length > 0 ? notes.join(' ') : undefined;
}

export function summaryDeadline(d: Deadline, ctx: AppealContext): SummaryDeadline {
  const note = basisNote(d, ctx);
  return {
    id: d.id,
    label: deadlineLabel(d, ctx),
    dateText: longDate(d.due, ctx.t),
    due: d.due,
    daysLeft: d.daysLeft,
    daysLeftText: daysLeftText(d.daysLeft, ctx),
    status: d.daysLeft < 0 ? 'passed' : d.daysLeft === 0 ? 'today' : 'open',
    rule: ctx.t('appeal.summary.rule', { citation: d.citation }),
    ...(note ? { note } : {}),
  };
}

export function checklistText(item: ChecklistItem, ctx: AppealContext): string {
  if (item.kind !== 'text') return ctx.t(`appeal.checklist.${item.id}`, item.params);
  // Knowledge text is written to the patient; a helper or care team reads it about the patient.
  return ctx.voice && ctx.voice !== 'patient' ? aboutThePatient(item.text, ctx.t) : item.text;
}

export function warningTexts(c: AppealCase, ctx: AppealContext): string[] {
  return c.warnings.map((w) => {
    const params: Record<string, string> = { ...w.params };
    if (w.params.due) params.date = longDate(w.params.due, ctx.t);
    if (w.params.deadlineId) params.label = ctx.t(`appeal.deadline.${w.params.deadlineId}`);
    if (w.params.planTypeId)
      params.plan = ctx.knowledge.planTypes.get(w.params.planTypeId)?.name ?? w.params.planTypeId;
    if (c.drug) params.drug = c.drug.brand;
    if (w.id === 'plan-note') return `${ctx.t(`appeal.note.${w.params.noteId}`, params)} (${w.params.citation})`;
    if (w.id === 'optional-window-passed') {
      const { openId, openDue } = w.params;
      const still =
        openId && openDue
          ? ctx.t('appeal.warning.stillOpen', {
              openDate: longDate(openDue, ctx.t),
              openLabel: ctx.t(`appeal.deadline.${openId}`),
            })
          : ctx.t('appeal.warning.stillLater');
      return `${ctx.t('appeal.warning.optional-window-passed', params)} ${still}`;
    }
    return ctx.t(`appeal.warning.${w.id}`, params);
  });
}

/** The words of a step: the plan type's own version when there is one, with the rule cited when known. */
export function nextStepTexts(c: AppealCase, ctx: AppealContext): string[] {
  return c.nextSteps.map((s) => {
    const params = s.citation ? { citation: s.citation } : undefined;
    const own = s.regime && optionalText(`appeal.next.byRegime.${s.id}.${s.regime}`, ctx);
    if (own) return ctx.t(`appeal.next.byRegime.${s.id}.${s.regime}`, params);
    return s.citation ? ctx.t(`appeal.next.${s.id}-cited`, params) : ctx.t(`appeal.next.${s.id}`);
  });
}

export function noteTexts(c: AppealCase, ctx: AppealContext): string[] {
  return c.notes.map((n) => `${ctx.t(`appeal.note.${n.id}`)} (${n.citation})`);
}

/** The external-review and fair-hearing steps also say who can help in the user's state (or how to find out). */
function withStateHelp(d: SummaryDeadline, state: AppealState, c: AppealCase, ctx: AppealContext): SummaryDeadline {
  const help = stepHelpNote(d.id, state, c, ctx);
  if (!help) return d;
  return { ...d, note: d.note ? `${d.note} ${help}` : help };
}

/** The summary reply: facts, every deadline with its rule, the checklist, next steps and notes. */
export function summaryReply(state: AppealState, c: AppealCase, ctx: AppealContext): SummaryReply {
  const t = ctx.t;
  const general = ` (${t('appeal.summary.general')})`;
  const facts = [
    {
      label: t('appeal.summary.facts.insurer'),
      value: `${answerText('insurer', state, ctx)}${c.insurer ? '' : general}`,
    },
    { label: t('appeal.summary.facts.drug'), value: `${answerText('drug', state, ctx)}${c.drug ? '' : general}` },
    { label: t('appeal.summary.facts.reason'), value: answerText('reason', state, ctx) ?? '' },
    { label: t('appeal.summary.facts.plan'), value: c.planType.name },
    ...(c.rulesPlanType !== c.planType
      ? [{ label: t('appeal.summary.facts.rules'), value: c.rulesPlanType.name }]
      : []),
    { label: t('appeal.summary.facts.stage'), value: answerText('stage', state, ctx) ?? '' },
    { label: t('appeal.summary.facts.denialDate'), value: answerText('denialDate', state, ctx) ?? '' },
    { label: t('appeal.summary.facts.urgent'), value: answerText('urgency', state, ctx) ?? '' },
  ];
  const sections: SummarySection[] = [];
  // Deadlines counted from a guessed date are estimates too: say so first.
  const estimate = state.answers.denialDateEstimated ? [t('appeal.summary.estimateWarning')] : [];
  const warnings = [...estimate, ...warningTexts(c, ctx)];
  if (warnings.length > 0) sections.push({ heading: t('appeal.summary.warnings'), items: warnings, style: 'bullets' });
  sections.push({
    heading: t('appeal.summary.checklist'),
    items: c.checklist.map((i) => checklistText(i, ctx)),
    style: 'numbered',
  });
  sections.push({ heading: t('appeal.summary.nextSteps'), items: nextStepTexts(c, ctx), style: 'numbered' });
  sections.push(...helpSections(state, c, ctx));
  const notes = noteTexts(c, ctx);
  if (notes.length > 0) sections.push({ heading: t('appeal.summary.goodToKnow'), items: notes, style: 'bullets' });
  const org = ctx.organisation;
  const orgItems = org ? organisationItems(org, t) : [];
  if (org && orgItems.length > 0)
    sections.push({ heading: t('appeal.org.heading', { name: org.name }), items: orgItems, style: 'bullets' });
  return {
    kind: 'summary',
    title: t('appeal.summary.title'),
    facts,
    deadlineHeading: c.deadlines.length > 0 ? t('appeal.summary.deadlines') : t('appeal.summary.noDeadlines'),
    deadlines: c.deadlines.map((d) => withStateHelp(summaryDeadline(d, ctx), state, c, ctx)),
    sections,
    nav: navActions(t, ['back', 'change', 'restart', 'help', 'forget']),
  };
}
