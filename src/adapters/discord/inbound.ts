import { conversationKey } from '../../core/conversation.js';
import type { ConversationKey, Inbound, UserInput } from '../../core/types.js';

/**
 * One conversation per user and bot application, whether they write in a
 * server channel or in the DM: the flow continues wherever they click.
 */
export function discordConversation(applicationId: string, userId: string): ConversationKey {
  return conversationKey({ platform: 'discord', space: applicationId, user: userId });
}

/**
 * The neutral input for one Discord event; `eventId` is the message or interaction id (de-duplication).
 * `locale`: the user's Discord language (`interaction.locale`, e.g. "es-ES"); DM messages carry none.
 */
export function discordInbound(
  applicationId: string,
  userId: string,
  eventId: string,
  input: UserInput,
  locale?: string,
): Inbound {
  return { conversation: discordConversation(applicationId, userId), eventId, input, ...(locale ? { locale } : {}) };
}
