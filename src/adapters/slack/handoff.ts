import type { webApi } from '@slack/bolt';
import type { Translator } from '../../core/i18n.js';
import type { Handoff } from '../../core/types.js';
import { escapeMrkdwn } from './blocks.js';

/**
 * The notice in the volunteers' channel that a member asked for a person:
 * who (a mention, so a volunteer can DM them) and, only when the member said
 * yes, their case summary. Without that yes it carries no health details.
 */
export function handoffText(userId: string, handoff: Handoff, t: Translator): string {
  const head = t('slack.handoff.notice', { user: `<@${userId}>` });
  if (!handoff.summary) return `${head}\n${t('slack.handoff.noDetails')}`;
  return [head, t('slack.handoff.shared'), ...handoff.summary.map((line) => `• ${escapeMrkdwn(line)}`)].join('\n');
}

export async function postHandoff(
  client: webApi.WebClient,
  channel: string,
  userId: string,
  handoff: Handoff,
  t: Translator,
): Promise<void> {
  await client.chat.postMessage({ channel, text: handoffText(userId, handoff, t), unfurl_links: false });
}
