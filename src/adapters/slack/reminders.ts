import type { webApi } from '@slack/bolt';
import type { PushDelivery } from '../../bot.js';
import { parseConversationKey } from '../../core/conversation.js';
import type { DmDelivery } from './delivery.js';

/** Reminders go to the user's DM with the bot, like every other answer. A failure throws so the scheduler retries. */
export function slackReminders(client: webApi.WebClient, delivery: DmDelivery): PushDelivery {
  return async (conversation, replies) => {
    const user = parseConversationKey(conversation)?.user;
    if (!user) return;
    const channel = await delivery.channelFor(client, user);
    await delivery.send(client, channel, replies);
  };
}
