import type { AppealCase } from './appeal-case.js';
import type { Contact, Knowledge, StateHelp, SupportProgram } from './knowledge.js';

/** Plan types regulated by the state, where its insurance department and external review apply. */
const STATE_REGULATED = new Set(['employer', 'marketplace']);

/** Who can help with this appeal, and how to keep getting the drug meanwhile. */
export interface AppealHelp {
  /** The user's state, when they gave one. */
  state?: {
    code: string;
    name: string;
    consumerAssistance?: Contact;
    /** Only for plans the state regulates (insured employer plans, Marketplace plans). */
    insuranceDepartment?: StateHelp['insuranceDepartment'];
    /** Only for plans the state regulates: whether the state or the federal process reviews. */
    externalReview?: StateHelp['externalReview'];
    /** Only for Medicaid. */
    medicaidFairHearing?: Contact;
  };
  /** The drug maker's program, when the knowledge base has it. */
  manufacturer?: SupportProgram;
  /** Set when the plan is a public program whose members may not use copay cards. */
  copayCardsBarred?: { citation: string; source: string };
}

export function appealHelp(c: AppealCase, stateCode: string | undefined, k: Knowledge): AppealHelp {
  const state = stateCode ? k.states.get(stateCode) : undefined;
  const planId = c.planType.id;
  const manufacturer = c.drug ? k.supportPrograms.get(c.drug.id) : undefined;
  const rule = k.copayCardRule;
  const barred = rule?.regimes.includes(c.rulesPlanType.regime) || rule?.regimes.includes(c.planType.regime);
  return {
    ...(state
      ? {
          state: {
            code: state.code,
            name: state.name,
            ...(state.consumerAssistance ? { consumerAssistance: state.consumerAssistance } : {}),
            ...(STATE_REGULATED.has(planId) && state.insuranceDepartment
              ? { insuranceDepartment: state.insuranceDepartment }
              : {}),
            ...(STATE_REGULATED.has(planId) && state.externalReview ? { externalReview: state.externalReview } : {}),
            ...(c.planType.regime === 'medicaid' && state.medicaidFairHearing
              ? { medicaidFairHearing: state.medicaidFairHearing }
              : {}),
          },
        }
      : {}),
    ...(manufacturer ? { manufacturer } : {}),
    ...(rule && barred ? { copayCardsBarred: { citation: rule.citation, source: rule.source } } : {}),
  };
}
