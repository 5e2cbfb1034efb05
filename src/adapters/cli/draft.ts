import type { AppealContext } from '../../flows/appeal/context.js';
import type { AppealCase } from '../../flows/appeal/domain/appeal-case.js';
import {
  checklistText,
  daysLeftText,
  deadlineLabel,
  nextStepTexts,
  noteTexts,
  warningTexts,
} from '../../flows/appeal/summary.js';

export interface Draft {
  today: string;
  insurer: { id: string | null; name: string | null };
  drug: { id: string | null; name: string | null; generic: string | null };
  reason: { id: string | null; name: string | null };
  plan: { id: string; name: string; rulesFrom: string };
  stage: string;
  denialDate: string;
  urgent: boolean;
  deadlines: Array<{ id: string; label: string; due: string; daysLeft: number; citation: string }>;
  documents: string[];
  nextSteps: string[];
  notes: string[];
  warnings: string[];
  /** Where the letter was written, with `--out`. */
  letter?: string;
  /** Where its PDF was written, with `--pdf`. */
  pdf?: string;
}

/** The `overturn draft --json` object: the same facts the chat shows, for scripts. */
export function draftJson(appeal: AppealCase, ctx: AppealContext): Draft {
  return {
    today: appeal.today,
    insurer: appeal.insurer
      ? { id: appeal.insurer.id, name: appeal.insurer.name }
      : { id: null, name: appeal.answers.insurerText ?? null },
    drug: appeal.drug
      ? { id: appeal.drug.id, name: appeal.drug.brand, generic: appeal.drug.generic }
      : { id: null, name: appeal.answers.drugText ?? null, generic: null },
    reason: appeal.reason ? { id: appeal.reason.id, name: appeal.reason.name } : { id: null, name: null },
    plan: { id: appeal.planType.id, name: appeal.planType.name, rulesFrom: appeal.rulesPlanType.id },
    stage: appeal.answers.stage,
    denialDate: appeal.answers.denialDate,
    urgent: appeal.answers.urgent,
    deadlines: appeal.deadlines.map((d) => ({
      id: d.id,
      label: deadlineLabel(d, ctx),
      due: d.due,
      daysLeft: d.daysLeft,
      citation: d.citation,
    })),
    documents: appeal.checklist.map((item) => checklistText(item, ctx)),
    nextSteps: nextStepTexts(appeal, ctx),
    notes: noteTexts(appeal, ctx),
    warnings: warningTexts(appeal, ctx),
  };
}

/** The plain `overturn draft` output: what README promises, readable in a terminal. */
export function draftText(d: Draft, ctx: AppealContext): string {
  const t = ctx.t;
  const general = ` (${t('appeal.summary.general')})`;
  const list = (heading: string, items: string[], numbered: boolean) =>
    items.length === 0
      ? []
      : ['', `${heading}:`, ...items.map((item, i) => `  ${numbered ? `${i + 1}.` : '-'} ${item}`)];
  const drug = d.drug.id ? `${d.drug.name} (${d.drug.generic})` : `${d.drug.name}${general}`;
  const lines = [
    `${t('appeal.summary.facts.insurer')}: ${d.insurer.name}${d.insurer.id ? '' : general}`,
    `${t('appeal.summary.facts.drug')}: ${drug}`,
    `${t('appeal.summary.facts.reason')}: ${d.reason.name ?? t('appeal.reason.other')}`,
    `${t('appeal.summary.facts.plan')}: ${d.plan.name}`,
    `${t('appeal.summary.facts.stage')}: ${t(d.stage === 'first' ? 'appeal.stage.first' : 'appeal.stage.appealDenied')}`,
    `${t('appeal.summary.facts.denialDate')}: ${d.denialDate}`,
    `${t('appeal.summary.facts.urgent')}: ${t(d.urgent ? 'appeal.yesNo.yes' : 'appeal.yesNo.no')}`,
    '',
    d.deadlines.length > 0 ? `${t('appeal.summary.deadlines')}:` : t('appeal.summary.noDeadlines'),
    ...d.deadlines.map((x) => `  ${x.due}  ${x.label} (${daysLeftText(x.daysLeft, ctx)}; ${x.citation})`),
    ...list(t('appeal.summary.warnings'), d.warnings, false),
    ...list(t('appeal.summary.checklist'), d.documents, true),
    ...list(t('appeal.summary.nextSteps'), d.nextSteps, true),
    ...list(t('appeal.summary.goodToKnow'), d.notes, false),
    ...(d.letter || d.pdf ? [''] : []),
    ...[d.letter, d.pdf].flatMap((path) => (path ? [t('cli.saved', { path })] : [])),
  ];
  return `${lines.join('\n')}\n`;
}
