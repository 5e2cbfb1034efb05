import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { conversationKey } from '../../core/conversation.js';
import { commandId, isoDate, machineId, type ConversationKey, type Inbound, type UserInput } from '../../core/types.js';
import { FILE_CONSENT_INVOKE, parseConsentResponse, type ConsentResponse } from './file-consent.js';
import { formValues } from './form.js';

/** What one incoming Teams activity means for the bot. */
export type TeamsEvent =
  /** Something to hand to the engine (personal chat only). */
  | { kind: 'inbound'; inbound: Inbound }
  /** A message or install in a channel or group chat: point to a personal chat, ask nothing. */
  | { kind: 'privacy-redirect' }
  /** A file the user sent in the personal chat (the denial letter): its pre-authorized download URL. */
  | { kind: 'file'; conversation: ConversationKey; eventId?: string; file: SentFile }
  /** The user's answer to a FileConsentCard; `response` is null when it is not one of ours. */
  | { kind: 'file-consent'; conversation: ConversationKey; response: ConsentResponse | null }
  | { kind: 'ignore' };

export const TEAMS_PLATFORM = 'teams';
/** Bot Framework Emulator and test traffic carry no tenant. */
const NO_TENANT = 'no-tenant';

export function parseActivity(activity: Activity): TeamsEvent {
  if (activity.type === 'invoke' && activity.name === FILE_CONSENT_INVOKE) {
    return {
      kind: 'file-consent',
      conversation: teamsConversationKey(activity),
      response: parseConsentResponse(activity.value),
    };
  }
  if (activity.type === 'message') {
    if (!isPersonalChat(activity)) return { kind: 'privacy-redirect' };
    const file = sentFile(activity);
    if (file)
      return {
        kind: 'file',
        conversation: teamsConversationKey(activity),
        ...(activity.id ? { eventId: activity.id } : {}),
        file,
      };
    return inbound(activity, messageInput(activity));
  }
  if (activity.type === 'conversationUpdate' && botWasAdded(activity)) {
    // Installing the app: greet in a personal chat; in a team or group chat, only point to the personal chat.
    return isPersonalChat(activity) ? inbound(activity, { kind: 'start' }) : { kind: 'privacy-redirect' };
  }
  return { kind: 'ignore' };
}

/** The part of Teams' `channelData` the bot reads. */
const teamsChannelData = z.object({ tenant: z.object({ id: z.string().optional() }).optional() });

/** `teams:{tenant}:{user}`: the Entra object id is stable across the user's chats with the bot. */
export function teamsConversationKey(activity: Activity): ConversationKey {
  const channelData = teamsChannelData.safeParse(activity.channelData);
  const tenant = (channelData.success && channelData.data.tenant?.id) || activity.conversation?.tenantId || NO_TENANT;
  const user = activity.from?.aadObjectId || activity.from?.id;
  return conversationKey({ platform: TEAMS_PLATFORM, space: tenant, user });
}

/** Teams' attachment for a file a user sends a bot in a personal chat (the app declares `supportsFiles`). */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface SentFile {
  downloadUrl: string;
  fileType?: string;
}

const downloadInfo = z.object({ downloadUrl: z.string().url(), fileType: z.string().optional() });

function sentFile(activity: Activity): SentFile | null {
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== FILE_DOWNLOAD_INFO) continue;
    const info = downloadInfo.safeParse(attachment.content);
    if (info.success) return info.data;
  }
  return null;
}

export function isPersonalChat(activity: Activity): boolean {
  const conversation = activity.conversation;
  if (!conversation) return false;
  if (conversation.conversationType) return conversation.conversationType === 'personal';
  return conversation.isGroup !== true;
}

function inbound(activity: Activity, input: UserInput): TeamsEvent {
  return {
    kind: 'inbound',
    inbound: {
      conversation: teamsConversationKey(activity),
      ...(activity.id ? { eventId: activity.id } : {}),
      input,
      // Kept with the session so later features can message the user proactively: only what replying needs.
      meta: { teamsReference: replyReference(activity) },
    },
  };
}

/**
 * The part of a conversation reference needed to send into the conversation
 * again: no user name or id, no message id, no locale. (The SDK's own
 * reference carries the user's display name, which we never store.)
 */
export function replyReference(activity: Activity): Record<string, unknown> {
  return {
    serviceUrl: activity.serviceUrl,
    conversation: {
      id: activity.conversation?.id,
      ...(activity.conversation?.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
    },
    bot: { id: activity.recipient?.id },
  };
}

/** Card submits: inputs `choice`/`date` merged with the button's `{ step, choice }` or `{ command }` data. */
const submitValue = z.union([
  z.object({ command: commandId }),
  // A form's Save: its inputs arrive beside it (bounded: at most 40 fields of 4000 characters).
  z
    .object({ step: machineId, form: z.literal('submit') })
    .catchall(z.unknown())
    .refine(
      (v) => Object.keys(v).length <= 42 && Object.values(v).every((x) => typeof x !== 'string' || x.length <= 4000),
    ),
  z.object({ step: machineId, date: isoDate }),
  z.object({ step: machineId, choice: machineId }),
]);

function messageInput(activity: Activity): UserInput {
  if (activity.value !== undefined && activity.value !== null) {
    const submitted = submitValue.safeParse(activity.value);
    if (!submitted.success) return { kind: 'start' };
    const value = submitted.data;
    if ('form' in value) return { kind: 'form', step: value.step, values: formValues(value) };
    if ('command' in value) return { kind: 'command', command: value.command };
    if ('date' in value) return { kind: 'date', step: value.step, date: value.date };
    return { kind: 'choice', step: value.step, choice: value.choice };
  }
  const text = withoutMentions(activity.text ?? '');
  // An empty message (a sticker, an image) re-shows the current question.
  return text ? { kind: 'text', text } : { kind: 'start' };
}

function withoutMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, '').trim();
}

function botWasAdded(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return Boolean(botId && activity.membersAdded?.some((member) => member.id === botId));
}
