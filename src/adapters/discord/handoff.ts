import { escapeMarkdown, Routes, type Client } from 'discord.js';
import type { Translator } from '../../core/i18n.js';
import type { Handoff } from '../../core/types.js';
import { MESSAGE_LIMITS } from './render.js';
import { splitText } from './split.js';

/**
 * The notice in the volunteers' channel that a member asked for a person:
 * who (a mention, so a volunteer can DM them) and, only when the member said
 * yes, their case summary. Without that yes it carries no health details.
 */
export function handoffText(userId: string, handoff: Handoff, t: Translator): string {
  const head = t('discord.handoff.notice', { user: `<@${userId}>` });
  if (!handoff.summary) return `${head}\n${t('discord.handoff.noDetails')}`;
  return [head, t('discord.handoff.shared'), ...handoff.summary.map((line) => `- ${escapeMarkdown(line)}`)].join('\n');
}

/** Posts the notice; it may ping the member it names and no one else (not @everyone, whatever they typed). */
export async function postHandoff(
  client: Client,
  channel: string,
  userId: string,
  handoff: Handoff,
  t: Translator,
): Promise<void> {
  for (const content of splitText(handoffText(userId, handoff, t), MESSAGE_LIMITS.content)) {
    await client.rest.post(Routes.channelMessages(channel), {
      body: { content, allowed_mentions: { parse: [], users: [userId] } },
    });
  }
}
