import type { AppealContext } from '../../flows/appeal/context.js';
import type { AppealCase } from '../../flows/appeal/domain/appeal-case.js';
import { checklistText, deadlineLabel, nextStepTexts, noteTexts, warningTexts } from '../../flows/appeal/summary.js';

/** The `overturn draft --json` object: the same facts the chat shows, for scripts. */
export function draftJson(appeal: AppealCase, ctx: AppealContext) {
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
