import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import type { Bot, IncomingFile } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import type { ConversationKey, Reply } from '../../core/types.js';
import { errorName } from '../kit/index.js';
import { consentCardMessage, fileInfoMessage, uploadFile, type ConsentResponse } from './file-consent.js';
import { parseActivity, type SentFile } from './parse.js';
import { renderPrivacyRedirect, renderReply, textMessage, type TeamsMessage } from './render.js';

export interface TurnDeps {
  bot: Bot;
  logger: Logger;
  /** The bot's app id, used for the "open a personal chat" link; null in emulator mode. */
  appId: string | null;
  /** Origins besides SharePoint's that may serve a sent file (tests). */
  fileOrigins?: string[];
}

/** The logic `CloudAdapter` runs for each activity (in its conversation's queue: see ActivityAdapter). */
export function teamsTurnHandler(deps: TurnDeps): (context: TurnContext) => Promise<void> {
  const { bot } = deps;
  const t = bot.t;

  async function send(context: TurnContext, messages: TeamsMessage[]): Promise<void> {
    if (messages.length > 0) await context.sendActivities(messages);
  }

  /**
   * The user accepted or declined a FileConsentCard, possibly minutes later
   * and on another replica: the letter is made again from the stored answers.
   */
  async function answerConsent(
    context: TurnContext,
    conversation: ConversationKey,
    response: ConsentResponse | null,
  ): Promise<void> {
    if (!response) {
      deps.logger.warn({ code: 'file_consent_unknown' }, 'file consent invoke not from one of our cards');
      return;
    }
    if (response.action === 'decline') {
      await send(context, [textMessage(t('teams.letter.declined'))]);
      return;
    }
    const letter = await bot.file(conversation, response.context.ref);
    if (!letter) {
      await send(context, [textMessage(t('teams.letter.expired'))]);
      return;
    }
    try {
      await uploadFile(response.uploadInfo.uploadUrl, letter.bytes);
    } catch (error) {
      deps.logger.warn(
        { code: 'platform_error', op: 'file_upload', err: errorName(error) },
        'letter upload to OneDrive failed',
      );
      // The consent card cannot be answered twice: offer a fresh one for the same letter.
      await send(context, [textMessage(t('teams.letter.uploadFailed')), consentCardMessage(letter, t)]);
      return;
    }
    await send(context, [fileInfoMessage(response.uploadInfo), textMessage(t('teams.letter.sent'))]);
  }

  function render(replies: Reply[]): TeamsMessage[] {
    return replies.flatMap((reply) => (reply.kind === 'file' ? [consentCardMessage(reply, t)] : renderReply(reply, t)));
  }

  return async (context) => {
    const activity = context.activity;
    const event = parseActivity(activity);
    switch (event.kind) {
      case 'ignore':
        return;
      case 'privacy-redirect':
        await send(context, [renderPrivacyRedirect(botUserId(activity, deps.appId), t)]);
        return;
      case 'file-consent':
        await answerConsent(context, event.conversation, event.response);
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
        return;
      case 'file': {
        const letter = sentLetter(event.file, deps.fileOrigins ?? []);
        const { replies } = await bot.handleFile(
          {
            conversation: event.conversation,
            ...(event.eventId ? { eventId: event.eventId } : {}),
            notify: async (reply) => {
              await context.sendActivity(textMessage(reply.text));
            },
          },
          letter,
        );
        await send(context, render(replies));
        return;
      }
      case 'inbound': {
        const { replies } = await bot.handle(event.inbound);
        await send(context, render(replies));
        return;
      }
    }
  };
}

/**
 * The denial letter a user sent: its download URL is pre-authorized (OneDrive or
 * SharePoint), so no token is sent with it, and no other host is fetched from.
 */
function sentLetter(file: SentFile, extraOrigins: string[]): IncomingFile {
  return {
    download: async () => {
      const url = new URL(file.downloadUrl);
      const sharePoint = url.protocol === 'https:' && /\.sharepoint(-df)?\.com$|\.sharepoint\.us$/.test(url.hostname);
      if (!sharePoint && !extraOrigins.includes(url.origin)) throw new Error('file URL outside SharePoint');
      const response = await fetch(url, { redirect: 'error' });
      if (response.status !== 200) throw new Error(`file download ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/** Teams addresses a bot as `28:{app id}`; the deep link to a personal chat needs that form. */
function botUserId(activity: Activity, appId: string | null): string {
  return appId ? `28:${appId}` : activity.recipient.id;
}
