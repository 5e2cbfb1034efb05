import type { CalendarDate } from './calendar.js';
import { appealDeadlines, conditionHolds, type Deadline } from './deadlines.js';
import {
  planTypeOrUnknown,
  type DenialReason,
  type Drug,
  type Insurer,
  type Knowledge,
  type PlanType,
} from './knowledge.js';
import type { Stage } from './knowledge-schema.js';

/** What the user told us, by knowledge id where we recognised it, else their own words. */
export interface AppealAnswers {
  insurerId?: string;
  insurerText?: string;
  drugId?: string;
  drugText?: string;
  reasonId?: string;
  planTypeId: string;
  stage: Stage;
  denialDate: CalendarDate;
  urgent: boolean;
}

/** A checklist item: knowledge text as is, or a standard item the presentation words. */
export type ChecklistItem =
  | { kind: 'text'; text: string }
  | { kind: 'standard'; id: 'denial-letter' | 'claim-file' | 'guideline' | 'policy'; params: Record<string, string> };

export interface CaseNote {
  id: string;
  citation: string;
  source: string;
}

export interface CaseWarning {
  id:
    | 'plan-unknown'
    | 'ma-drug-under-part-d'
    | 'deadline-passed-medicare'
    | 'deadline-passed'
    | 'deadline-passed-receipt'
    | 'optional-window-passed'
    | 'plan-note'
    | 'runs-from-receipt'
    | 'medicare-pre-2025'
    | 'drug-unknown'
    | 'insurer-unknown'
    | 'reason-unknown';
  params: Record<string, string>;
}

export interface NextStep {
  id:
    | 'billing-check'
    | 'request-claim-file'
    | 'peer-to-peer'
    | 'appeal-required'
    | 'expedited'
    | 'submit-in-writing'
    | 'next-level';
  citation?: string;
  /** The rules regime, for the steps whose words differ by plan type. */
  regime?: PlanType['regime'];
}

export interface AppealCase {
  answers: AppealAnswers;
  today: CalendarDate;
  insurer?: Insurer;
  drug?: Drug;
  reason?: DenialReason;
  /** The plan type the user picked. */
  planType: PlanType;
  /** The plan type whose rules apply (Medicare Advantage drugs on the pharmacy benefit follow Part D). */
  rulesPlanType: PlanType;
  deadlines: Deadline[];
  checklist: ChecklistItem[];
  notes: CaseNote[];
  warnings: CaseWarning[];
  nextSteps: NextStep[];
}

const CLINICAL_REASONS = new Set(['medical-necessity', 'step-therapy', 'experimental', 'non-formulary', 'off-label']);

/** Medicare covers pharmacy-benefit drugs under Part D, whether the rest of the coverage is Advantage or Original. */
function rulesPlanFor(planType: PlanType, drug: Drug | undefined, knowledge: Knowledge): PlanType {
  const medicareMedical = planType.regime === 'medicare-c' || planType.regime === 'original-medicare';
  if (medicareMedical && drug?.benefit === 'pharmacy') return knowledge.planTypes.get('medicare-part-d') ?? planType;
  return planType;
}

function checklistFor(
  drug: Drug | undefined,
  reason: DenialReason | undefined,
  insurer: Insurer | undefined,
): ChecklistItem[] {
  const items: ChecklistItem[] = [{ kind: 'standard', id: 'denial-letter', params: {} }];
  items.push({ kind: 'standard', id: 'claim-file', params: {} });
  if (insurer?.policyDocuments) {
    items.push({
      kind: 'standard',
      id: 'policy',
      params: { insurer: insurer.name, policy: insurer.policyDocuments, drug: drug?.brand ?? '' },
    });
  }
  const reasonId = reason?.id ?? 'medical-necessity';
  const plan = (reason?.documents ?? []).map((text): ChecklistItem => ({ kind: 'text', text }));
  let chart: string[];
  const drugDefault = drug?.documents.default ?? [];
  if (drug && (drug.documents[reasonId] || drugDefault.length > 0)) {
    const specific = drug.documents[reasonId];
    chart = specific ?? [...drugDefault, ...(reasonId === 'medical-necessity' ? [] : (reason?.chartDocuments ?? []))];
  } else {
    // No list of the drug's own (or none in the user's language): the reason's chart documents.
    chart = reason?.chartDocuments ?? [];
  }
  items.push(...plan, ...chart.map((text): ChecklistItem => ({ kind: 'text', text })));
  if (drug && CLINICAL_REASONS.has(reasonId)) {
    items.push({ kind: 'standard', id: 'guideline', params: { org: drug.guidelineOrg, drug: drug.brand } });
  }
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.kind === 'text' ? item.text.toLowerCase() : item.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function warningsFor(
  c: Omit<AppealCase, 'warnings' | 'nextSteps' | 'checklist' | 'notes'>,
  noteWarnings: CaseNote[],
): CaseWarning[] {
  const warnings: CaseWarning[] = [];
  const { answers, planType, rulesPlanType, deadlines } = c;
  if (!c.insurer) warnings.push({ id: 'insurer-unknown', params: { name: answers.insurerText ?? '' } });
  if (!c.drug) warnings.push({ id: 'drug-unknown', params: { name: answers.drugText ?? '' } });
  if (!c.reason) warnings.push({ id: 'reason-unknown', params: {} });
  if (planType.regime === 'unknown') {
    const chosen = deadlines.find((d) => d.id === 'act-by-unknown-plan');
    warnings.push({ id: 'plan-unknown', params: { planTypeId: chosen?.planTypeId ?? '' } });
  }
  if (rulesPlanType !== planType) warnings.push({ id: 'ma-drug-under-part-d', params: {} });
  for (const n of noteWarnings) warnings.push({ id: 'plan-note', params: { noteId: n.id, citation: n.citation } });
  // Medicare Parts C and D changed their filing windows on 2025-01-01; every Medicare level allows good cause.
  const medicarePrivate = ['medicare-c', 'medicare-d'].includes(rulesPlanType.regime);
  const medicare = medicarePrivate || rulesPlanType.regime === 'original-medicare';
  if (medicarePrivate && answers.denialDate < '2025-01-01') warnings.push({ id: 'medicare-pre-2025', params: {} });
  // The earliest open filing deadline: what is still possible after an optional window has passed.
  const open = deadlines.find((d) => d.kind === 'you-file' && d.daysLeft >= 0);
  for (const d of deadlines) {
    if (d.kind === 'you-file' && d.daysLeft < 0) {
      // A clock that runs from receipt may still be open if the letter arrived after its date.
      const id = medicare
        ? 'deadline-passed-medicare'
        : d.basis.runsFromReceipt
          ? 'deadline-passed-receipt'
          : 'deadline-passed';
      warnings.push({ id, params: { deadlineId: d.id, due: d.due } });
    } else if (d.kind === 'you-may' && d.daysLeft < 0) {
      // A passed optional window never reads as a passed filing deadline.
      warnings.push({
        id: 'optional-window-passed',
        params: { deadlineId: d.id, due: d.due, ...(open ? { openId: open.id, openDue: open.due } : {}) },
      });
    }
  }
  if (deadlines.some((d) => d.basis.runsFromReceipt)) warnings.push({ id: 'runs-from-receipt', params: {} });
  return warnings;
}

/**
 * Next steps for this plan type and stage. A peer-to-peer call is suggested only
 * before an appeal, and never for plan types where an issued denial changes only
 * through the formal appeal (Medicare); there the appeal itself is the step.
 */
function nextStepsFor(c: Pick<AppealCase, 'answers' | 'reason' | 'rulesPlanType'>): NextStep[] {
  const { rulesPlanType: plan, answers } = c;
  const regime = plan.regime;
  const steps: NextStep[] = [];
  if (c.reason?.id === 'quantity-limit') steps.push({ id: 'billing-check' });
  steps.push({ id: 'request-claim-file', citation: plan.claimFileRight?.citation });
  if (answers.stage === 'first') {
    if (plan.appealRequiredAfterDenial)
      steps.push({ id: 'appeal-required', citation: plan.appealRequiredAfterDenial.citation, regime });
    else steps.push({ id: 'peer-to-peer' });
  }
  if (answers.urgent) steps.push({ id: 'expedited', citation: plan.urgencyDeference?.citation, regime });
  steps.push({ id: 'submit-in-writing' });
  if (answers.stage === 'first') steps.push({ id: 'next-level', regime });
  return steps;
}

/** Everything the summary and the letter say about one denial, computed from the answers. */
export function appealCase(answers: AppealAnswers, knowledge: Knowledge, today: CalendarDate): AppealCase {
  const insurer = answers.insurerId ? knowledge.insurers.get(answers.insurerId) : undefined;
  const drug = answers.drugId ? knowledge.drugs.get(answers.drugId) : undefined;
  const reason = answers.reasonId ? knowledge.reasons.get(answers.reasonId) : undefined;
  const planType = planTypeOrUnknown(knowledge, answers.planTypeId);
  const rulesPlanType = rulesPlanFor(planType, drug, knowledge);
  const deadlines = appealDeadlines(rulesPlanType, answers.denialDate, answers.urgent, today, {
    stage: answers.stage,
    reasonId: reason?.id,
    benefit: drug?.benefit,
    planTypes: knowledge.planTypes,
  });
  const notes = rulesPlanType.notes
    .filter((n) => n.stage === 'any' || n.stage === answers.stage)
    .filter((n) =>
      conditionHolds(n.when, {
        urgent: answers.urgent,
        reasonId: reason?.id,
        benefit: drug?.benefit,
        noticeDate: answers.denialDate,
      }),
    );
  const base = { answers, today, insurer, drug, reason, planType, rulesPlanType, deadlines };
  const cited = ({ id, citation, source }: CaseNote) => ({ id, citation, source });
  return {
    ...base,
    checklist: checklistFor(drug, reason, insurer),
    notes: notes.filter((n) => !n.warn).map(cited),
    warnings: warningsFor(base, notes.filter((n) => n.warn).map(cited)),
    nextSteps: nextStepsFor(base),
  };
}
