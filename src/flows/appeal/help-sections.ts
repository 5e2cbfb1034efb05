import type { SummarySection } from '../../core/types.js';
import { contactText } from './contact-text.js';
import type { AppealContext } from './context.js';
import type { AppealCase } from './domain/appeal-case.js';
import { appealHelp } from './domain/where-to-get-help.js';
import type { AppealState } from './state.js';

/**
 * Who runs the external review where the user lives, for the external-review step of the plan;
 * without a state, how to find out. Self-funded plans always use the federal rules, said in the help section.
 */
function externalReviewNote(state: AppealState, c: AppealCase, ctx: AppealContext): string | undefined {
  const t = ctx.t;
  if (c.planType.id === 'employer-self-funded') return undefined;
  const help = appealHelp(c, state.answers.state, ctx.knowledge);
  const s = help.state;
  if (!s) return t('support.externalReviewStepNoState');
  const department = s.insuranceDepartment ? contactText(s.insuranceDepartment, t) : undefined;
  if (s.externalReview?.process === 'state')
    return department
      ? t('support.externalReviewStepState', { state: s.name, contact: department })
      : t('support.externalReviewStepStateOnly', { state: s.name });
  if (s.externalReview?.process === 'federal') return t('support.externalReviewStepFederal', { state: s.name });
  return department ? t('support.externalReviewStepUnknown', { state: s.name, contact: department }) : undefined;
}

/** Where a Medicaid member asks for the state fair hearing in their state; without a state, how to see it. */
function fairHearingNote(state: AppealState, c: AppealCase, ctx: AppealContext): string | undefined {
  const t = ctx.t;
  const s = appealHelp(c, state.answers.state, ctx.knowledge).state;
  if (!s) return t('support.fairHearingStepNoState');
  return s.medicaidFairHearing
    ? t('support.fairHearingStep', { state: s.name, contact: contactText(s.medicaidFairHearing, t) })
    : undefined;
}

/**
 * What the user's state adds to a step of the plan (by deadline id, "send-by:" included):
 * who runs the external review, or where to ask for the Medicaid fair hearing.
 */
export function stepHelpNote(
  deadlineId: string,
  state: AppealState,
  c: AppealCase,
  ctx: AppealContext,
): string | undefined {
  const id = deadlineId.replace(/^send-by:/, '');
  if (id.startsWith('request-external-review')) return externalReviewNote(state, c, ctx);
  if (id === 'request-state-fair-hearing') return fairHearingNote(state, c, ctx);
  return undefined;
}

/** The plan's "Help in your state" and "Keep getting the drug while you appeal" sections. */
export function helpSections(state: AppealState, c: AppealCase, ctx: AppealContext): SummarySection[] {
  const t = ctx.t;
  const help = appealHelp(c, state.answers.state, ctx.knowledge);
  const stateItems: string[] = [];
  const s = help.state;
  if (s) {
    if (s.consumerAssistance)
      stateItems.push(t('support.consumerAssistance', { contact: contactText(s.consumerAssistance, t) }));
    if (s.insuranceDepartment) {
      stateItems.push(t('support.insuranceDepartment', { contact: contactText(s.insuranceDepartment, t) }));
      if (s.insuranceDepartment.complaintPage)
        stateItems.push(t('support.complaintPage', { url: s.insuranceDepartment.complaintPage }));
    }
    if (s.externalReview)
      stateItems.push(
        t(s.externalReview.process === 'state' ? 'support.externalReviewState' : 'support.externalReviewFederal', {
          state: s.name,
        }),
      );
    if (c.planType.id === 'employer-self-funded') stateItems.push(t('support.externalReviewSelfFunded'));
    if (s.medicaidFairHearing)
      stateItems.push(
        t('support.medicaidFairHearing', { state: s.name, contact: contactText(s.medicaidFairHearing, t) }),
      );
  }
  const sections: SummarySection[] = [
    s && stateItems.length > 0
      ? { heading: t('support.stateHeading', { state: s.name }), items: stateItems, style: 'bullets' }
      : { heading: t('support.noStateHeading'), items: [t('support.noState')], style: 'bullets' },
  ];
  const drugItems: string[] = [];
  const m = help.manufacturer;
  if (m) {
    // A supply the maker keeps for commercially insured patients is no way forward for someone on a federal program.
    const bridge =
      m.bridgeSupply && !(m.bridgeSupply.commercialOnly && help.copayCardsBarred) ? m.bridgeSupply : undefined;
    const contact = contactText(m.program, t);
    drugItems.push(t(bridge ? 'support.program' : 'support.programAsk', { maker: m.maker, contact }));
    if (bridge) drugItems.push(t('support.bridgeSupply', { text: bridge.text }));
    if (m.copayHelp && !help.copayCardsBarred) drugItems.push(t('support.copayHelp', { text: m.copayHelp.text }));
    for (const f of m.foundations) drugItems.push(t('support.foundation', { contact: contactText(f, t) }));
  } else {
    drugItems.push(t('support.noProgram'));
  }
  if (help.copayCardsBarred) drugItems.push(t('support.copayBarred', { citation: help.copayCardsBarred.citation }));
  sections.push({ heading: t('support.drugHeading'), items: drugItems, style: 'bullets' });
  return sections;
}
