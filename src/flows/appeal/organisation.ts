import type { Translator } from '../../core/i18n.js';
import type { Organisation } from '../../core/organisation.js';

/** How to reach the organisation running the bot, one sentence per thing it configured (help line, link). */
export function organisationItems(org: Organisation, t: Translator): string[] {
  return [
    ...(org.help ? [t('appeal.org.reach', { name: org.name, help: org.help })] : []),
    ...(org.url ? [t('appeal.org.link', { name: org.name, url: org.url })] : []),
  ];
}

/** The greeting's line about who offers the bot; empty when no organisation is configured. */
export function organisationGreeting(org: Organisation | undefined, t: Translator): string[] {
  if (!org) return [];
  return [t('appeal.org.offeredBy', { name: org.name }), ...organisationItems(org, t)];
}
