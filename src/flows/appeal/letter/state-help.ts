import type { Contact } from '../domain/knowledge.js';
import type { Block, Line } from './model.js';
import { plain } from './template.js';
import type { Writer } from './writer.js';

/** A contact in the chat's words (`support.contact*`), so the plan and the notes page always agree. */
function contact(w: Writer, c: Pick<Contact, 'name' | 'phone' | 'website'>): string {
  if (c.phone && c.website) return w.t('support.contactBoth', { name: c.name, phone: c.phone, website: c.website });
  if (c.phone) return w.t('support.contactPhone', { name: c.name, phone: c.phone });
  if (c.website) return w.t('support.contactWebsite', { name: c.name, website: c.website });
  return w.t('support.contactName', { name: c.name });
}

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
    items.push(plain(w.t('support.consumerAssistance', { contact: contact(w, s.consumerAssistance) })));
  if (s.insuranceDepartment) {
    items.push(plain(w.t('support.insuranceDepartment', { contact: contact(w, s.insuranceDepartment) })));
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
      plain(w.t('support.medicaidFairHearing', { state: s.name, contact: contact(w, s.medicaidFairHearing) })),
    );
  if (items.length === 0) return [];
  return [
    { kind: 'heading', content: plain(w.t('support.stateHeading', { state: s.name })) },
    { kind: 'bullets', items },
  ];
}
