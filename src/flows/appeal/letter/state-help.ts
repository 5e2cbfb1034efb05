import { contactText } from '../contact-text.js';
import type { Block, Line } from './model.js';
import { plain } from './template.js';
import type { Writer } from './writer.js';

/**
 * The notes page's "Help in <state>": the same contacts as the plan (consumer assistance,
 * insurance department, who runs external review, the Medicaid fair hearing office);
 * without a state, where anyone can look. In the user's language, like the rest of the notes page.
 */
export function stateHelpBlocks(w: Writer): Block[] {
  const s = w.stateHelp;
  // The notes page speaks the user's language.
  const t = w.userT;
  if (!s) {
    return [
      { kind: 'heading', content: plain(t('support.noStateHeading')) },
      { kind: 'paragraph', content: plain(t('notes.noStateHelp')) },
    ];
  }
  const items: Line[] = [];
  if (s.consumerAssistance)
    items.push(plain(t('support.consumerAssistance', { contact: contactText(s.consumerAssistance, t) })));
  if (s.insuranceDepartment) {
    items.push(plain(t('support.insuranceDepartment', { contact: contactText(s.insuranceDepartment, t) })));
    if (s.insuranceDepartment.complaintPage)
      items.push(plain(t('support.complaintPage', { url: s.insuranceDepartment.complaintPage })));
  }
  if (s.externalReview)
    items.push(
      plain(
        t(s.externalReview.process === 'state' ? 'support.externalReviewState' : 'support.externalReviewFederal', {
          state: s.name,
        }),
      ),
    );
  if (s.medicaidFairHearing)
    items.push(
      plain(t('support.medicaidFairHearing', { state: s.name, contact: contactText(s.medicaidFairHearing, t) })),
    );
  if (items.length === 0) return [];
  return [
    { kind: 'heading', content: plain(t('support.stateHeading', { state: s.name })) },
    { kind: 'bullets', items },
  ];
}
