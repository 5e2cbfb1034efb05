import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { OrderedQueue } from '../kit/index.js';
import { z } from 'zod';
import type { PushDelivery } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import { translator } from '../../core/i18n.js';
import { renderReply } from './render.js';

/** The parts of the stored conversation reference a proactive message needs; the rest is not read. */
const storedReference = z.object({
  serviceUrl: z.string().url(),
  conversation: z.object({ id: z.string().min(1), tenantId: z.string().optional() }),
  bot: z.object({ id: z.string().min(1) }),
});

/** Only service URL, conversation id, tenant and bot id travel into the proactive turn. */
export function minimalReference(meta: Record<string, unknown>): Partial<ConversationReference> | null {
  const parsed = storedReference.safeParse(meta.teamsReference);
  if (!parsed.success) return null;
  const { serviceUrl, conversation, bot } = parsed.data;
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: {
      id: conversation.id,
      ...(conversation.tenantId ? { tenantId: conversation.tenantId } : {}),
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    bot: { id: bot.id, name: '' },
  };
}

/**
 * Reminders as proactive messages into the personal chat, through the stored
 * reference, in the conversation's place in line. Without a usable reference
 * there is nowhere to send: logged and dropped. Connector failures throw, so
 * the scheduler retries.
 */
export function teamsReminders(deps: {
  adapter: CloudAdapter;
  appId: string | null;
  logger: Logger;
  /** The adapter's per-conversation line: a reminder never lands inside a turn's replies. */
  turns: OrderedQueue;
}): PushDelivery {
  const { adapter, appId, logger, turns } = deps;
  return (conversation, replies, meta, locale) =>
    turns.run(conversation, async () => {
      const reference = minimalReference(meta);
      if (!reference) {
        logger.warn(
          { code: 'reminder_no_reference', platform: 'teams' },
          'reminder not sent: no conversation reference',
        );
        return;
      }
      // Reminders carry text and questions only: no file, so no FileConsentCard.
      const t = translator(locale);
      const messages = replies.flatMap((reply) => (reply.kind === 'file' ? [] : renderReply(reply, t)));
      // The adapter hands errors inside a turn to onTurnError (which would message the user); keep ours for the scheduler.
      let failure: unknown = null;
      await adapter.continueConversationAsync(appId ?? '', reference, async (context) => {
        try {
          await context.sendActivities(messages);
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
    });
}
