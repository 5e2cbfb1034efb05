import type { SummarySection } from '../../core/types.js';
import type { AppealContext } from './context.js';
import type { AppealCase } from './domain/appeal-case.js';
import type { Contact } from './domain/knowledge.js';
import { appealHelp } from './domain/where-to-get-help.js';
import type { AppealState } from './state.js';

export function contactText(c: Pick<Contact, 'name' | 'phone' | 'website'>, ctx: AppealContext): string {
  const t = ctx.t;
  if (c.phone && c.website) return t('support.contactBoth', { name: c.name, phone: c.phone, website: c.website });
  if (c.phone) return t('support.contactPhone', { name: c.name, phone: c.phone });
  if (c.website) return t('support.contactWebsite', { name: c.name, website: c.website });
  return t('support.contactName', { name: c.name });
}

/** The plan's "Help in your state" and "Keep getting the drug while you appeal" sections. */
export function helpSections(state: AppealState, c: AppealCase, ctx: AppealContext): SummarySection[] {
  const t = ctx.t;
  const help = appealHelp(c, state.answers.state, ctx.knowledge);
  const stateItems: string[] = [];
  const s = help.state;
  if (s) {
    if (s.consumerAssistance)
      stateItems.push(t('support.consumerAssistance', { contact: contactText(s.consumerAssistance, ctx) }));
    if (s.insuranceDepartment) {
      stateItems.push(t('support.insuranceDepartment', { contact: contactText(s.insuranceDepartment, ctx) }));
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
        t('support.medicaidFairHearing', { state: s.name, contact: contactText(s.medicaidFairHearing, ctx) }),
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
    const contact = contactText(m.program, ctx);
    drugItems.push(t(bridge ? 'support.program' : 'support.programAsk', { maker: m.maker, contact }));
    if (bridge) drugItems.push(t('support.bridgeSupply', { text: bridge.text }));
    if (m.copayHelp && !help.copayCardsBarred) drugItems.push(t('support.copayHelp', { text: m.copayHelp.text }));
    for (const f of m.foundations) drugItems.push(t('support.foundation', { contact: contactText(f, ctx) }));
  } else {
    drugItems.push(t('support.noProgram'));
  }
  if (help.copayCardsBarred) drugItems.push(t('support.copayBarred', { citation: help.copayCardsBarred.citation }));
  sections.push({ heading: t('support.drugHeading'), items: drugItems, style: 'bullets' });
  return sections;
}
