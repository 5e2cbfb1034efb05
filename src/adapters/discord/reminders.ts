import type { Client } from 'discord.js';
import type { PushDelivery } from '../../bot.js';
import { parseConversationKey } from '../../core/conversation.js';
import type { Logger } from '../../core/log.js';
import { translator } from '../../core/i18n.js';
import { sendToDm } from './deliver.js';
import { renderReplies } from './render.js';

/**
 * Reminders go to the user's DM. A DM the user has closed will not open by
 * retrying, so that is logged and dropped; other failures throw and are retried.
 */
export function discordReminders(client: Client, logger: Logger): PushDelivery {
  return async (conversation, replies, _meta, locale) => {
    const t = translator(locale);
    const userId = parseConversationKey(conversation)?.user;
    if (!userId) return;
    const user = await client.users.fetch(userId);
    const delivery = await sendToDm(user, renderReplies(replies, { t, surface: 'dm' }));
    if (!delivery.open)
      logger.warn({ code: 'reminder_dm_closed', platform: 'discord' }, 'reminder not sent: DM closed');
  };
}
