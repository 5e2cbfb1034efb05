import { contactText } from '../contact-text.js';
import type { Block, Line } from './model.js';
import { plain } from './template.js';
import type { Writer } from './writer.js';

/**
 * The notes page's "Help in <state>": the same contacts as the plan (consumer assistance,
 * insurance department, who runs external review, the Medicaid fair hearing office);
 * without a state, where anyone can look.
 */
export function stateHelpBlocks(w: Writer): Block[] {
  const s = w.stateHelp;
  if (!s) {
    return [
      { kind: 'heading', content: plain(w.t('support.noStateHeading')) },
      { kind: 'paragraph', content: w.line('notes.noStateHelp') },
    ];
  }
  const items: Line[] = [];
  if (s.consumerAssistance)
    items.push(plain(w.t('support.consumerAssistance', { contact: contactText(s.consumerAssistance, w.t) })));
  if (s.insuranceDepartment) {
    items.push(plain(w.t('support.insuranceDepartment', { contact: contactText(s.insuranceDepartment, w.t) })));
    if (s.insuranceDepartment.complaintPage)
      items.push(plain(w.t('support.complaintPage', { url: s.insuranceDepartment.complaintPage })));
  }
  if (s.externalReview)
    items.push(
      plain(
        w.t(s.externalReview.process === 'state' ? 'support.externalReviewState' : 'support.externalReviewFederal', {
          state: s.name,
        }),
      ),
    );
  if (s.medicaidFairHearing)
    items.push(
      plain(w.t('support.medicaidFairHearing', { state: s.name, contact: contactText(s.medicaidFairHearing, w.t) })),
    );
  if (items.length === 0) return [];
  return [
    { kind: 'heading', content: plain(w.t('support.stateHeading', { state: s.name })) },
    { kind: 'bullets', items },
  ];
}
