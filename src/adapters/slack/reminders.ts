import type { webApi } from '@slack/bolt';
import type { PushDelivery } from '../../bot.js';
import { parseConversationKey } from '../../core/conversation.js';
import { translator } from '../../core/i18n.js';
import type { OrderedQueue } from '../kit/index.js';
import type { DmDelivery } from './delivery.js';

/**
 * Reminders go to the user's DM with the bot, like every other answer, in the
 * conversation's place in line so they never land inside a turn's replies.
 * A failure throws so the scheduler retries.
 */
export function slackReminders(client: webApi.WebClient, delivery: DmDelivery, turns: OrderedQueue): PushDelivery {
  return (conversation, replies, _meta, locale) =>
    turns.run(conversation, async () => {
      const user = parseConversationKey(conversation)?.user;
      if (!user) return;
      const channel = await delivery.channelFor(client, user);
      await delivery.send(client, channel, replies, translator(locale));
    });
}
