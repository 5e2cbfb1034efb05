import type { AppealContext } from './context.js';
import { appealCase, type AppealCase } from './domain/appeal-case.js';
import type { AppealState } from './state.js';

/** The appeal case for a finished questionnaire (every answer present). */
export function caseFromState(state: AppealState, ctx: AppealContext): AppealCase {
  const a = state.answers;
  return appealCase(
    {
      insurerId: a.insurer?.id,
      insurerText: a.insurer?.text,
      drugId: a.drug?.id,
      drugText: a.drug?.text,
      reasonId: a.reason?.id ?? undefined,
      planTypeId: a.plan ?? 'unknown',
      stage: a.stage ?? 'first',
      denialDate: a.denialDate ?? ctx.today,
      urgent: a.urgent ?? false,
    },
    ctx.knowledge,
    ctx.today,
  );
}
