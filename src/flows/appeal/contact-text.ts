import type { Translator } from '../../core/i18n.js';
import type { Contact } from './domain/knowledge.js';

/** A contact in the catalog's words (`support.contact*`): the plan and the letter's notes page say it the same way. */
export function contactText(c: Pick<Contact, 'name' | 'phone' | 'website'>, t: Translator): string {
  if (c.phone && c.website) return t('support.contactBoth', { name: c.name, phone: c.phone, website: c.website });
  if (c.phone) return t('support.contactPhone', { name: c.name, phone: c.phone });
  if (c.website) return t('support.contactWebsite', { name: c.name, website: c.website });
  return t('support.contactName', { name: c.name });
}
