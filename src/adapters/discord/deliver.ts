import {
  AttachmentBuilder,
  DiscordAPIError,
  MessageFlags,
  RESTJSONErrorCodes,
  type BaseMessageOptions,
  type MessageComponentInteraction,
  type ModalMessageModalSubmitInteraction,
  type RepliableInteraction,
  type User,
} from 'discord.js';
import type { Translator } from '../../core/i18n.js';
import type { Logger } from '../../core/log.js';
import { errorName } from '../kit/index.js';
import type { ActionRow, DiscordMessage } from './render.js';

/** Message flags for a new message: ephemeral (only the user sees it) and/or without a push notification. */
export function messageFlags(message: DiscordMessage, ephemeral: boolean): number {
  return (ephemeral ? MessageFlags.Ephemeral : 0) | (message.silent ? MessageFlags.SuppressNotifications : 0);
}

/** discord.js options for one rendered message. Mentions are never parsed: nothing the bot says pings anyone. */
export function messageOptions(message: DiscordMessage): BaseMessageOptions {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    ...(message.embeds ? { embeds: message.embeds } : {}),
    components: message.components ?? [],
    ...(message.files ? { files: message.files.map((f) => new AttachmentBuilder(f.data, { name: f.name })) } : {}),
    allowedMentions: { parse: [] },
  };
}

const DM_CLOSED_CODES: ReadonlySet<number | string> = new Set([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.CannotSendMessagesToThisUserDueToHavingNoMutualGuilds,
]);

export function isDmClosed(error: unknown): boolean {
  return error instanceof DiscordAPIError && DM_CLOSED_CODES.has(error.code);
}

/** Outcome of sending to a user's DM: how many messages went through, and the DM's link when it is open. */
export type DmDelivery = { open: true; link: string } | { open: false; sent: number };

/** Sends messages to the user's DM; a closed DM (50007) is an outcome, not an error. */
export async function sendToDm(user: User, messages: readonly DiscordMessage[]): Promise<DmDelivery> {
  const dm = await user.createDM();
  let sent = 0;
  try {
    for (const message of messages) {
      await dm.send({ ...messageOptions(message), flags: messageFlags(message, false) });
      sent += 1;
    }
  } catch (error) {
    if (isDmClosed(error)) return { open: false, sent };
    throw error;
  }
  return { open: true, link: dm.url };
}

export interface AnswerOptions {
  ephemeral: boolean;
  /** After this long without replies, the interaction is deferred (Discord drops it after 3 s). */
  deferAfterMs: number;
  t: Translator;
  logger: Logger;
  /**
   * Runs the turn and the posting of its messages after the conversation's
   * earlier turns have posted theirs (the deferral clock starts before waiting).
   */
  inOrder: (task: () => Promise<void>) => Promise<void>;
}

/**
 * Discord drops an interaction not acknowledged within 3 seconds: after
 * `deferAfterMs` without an answer, `defer` acknowledges it. `settle` stops the
 * clock and waits for a deferral already on its way.
 */
function deadline(defer: () => Promise<unknown>, deferAfterMs: number): { settle(): Promise<void> } {
  let pending: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    pending = defer();
  }, deferAfterMs);
  return {
    settle: async () => {
      clearTimeout(timer);
      if (pending !== undefined) await pending;
    },
  };
}

/** Runs the turn; a failure becomes an honest "try again" message (logged with ids and codes only). */
async function guarded(
  interactionId: string,
  options: AnswerOptions,
  work: () => Promise<DiscordMessage[]>,
): Promise<DiscordMessage[]> {
  try {
    return await work();
  } catch (error) {
    options.logger.error(
      { code: 'platform_error', interaction: interactionId, err: errorName(error) },
      'discord interaction failed',
    );
    return [{ content: options.t('discord.failed') }];
  }
}

/**
 * Answers a slash command with the messages `work` produces. When the work is
 * quick the first message is the interaction's reply; when it is slow the
 * interaction is deferred ("thinking…") and the reply is edited in.
 * Further messages are follow-ups.
 */
export async function answerInteraction(
  interaction: RepliableInteraction,
  options: AnswerOptions,
  work: () => Promise<DiscordMessage[]>,
): Promise<void> {
  const deferOptions = options.ephemeral ? ({ flags: MessageFlags.Ephemeral } as const) : {};
  const clock = deadline(() => interaction.deferReply(deferOptions), options.deferAfterMs);
  await options.inOrder(async () => {
    const messages = await guarded(interaction.id, options, work);
    await clock.settle();
    const [first, ...rest] = messages;
    if (!first) {
      // A duplicate delivery yields no replies; the interaction still needs an answer so Discord shows no error.
      if (interaction.deferred) await interaction.deleteReply();
      else await interaction.reply({ content: options.t('discord.nothingNew'), flags: MessageFlags.Ephemeral });
      return;
    }
    // The deferred "thinking…" message already exists, so an edit cannot make it silent; it had no content to preview.
    if (interaction.deferred) await interaction.editReply(messageOptions(first));
    else await interaction.reply({ ...messageOptions(first), flags: messageFlags(first, options.ephemeral) });
    for (const message of rest)
      await interaction.followUp({ ...messageOptions(message), flags: messageFlags(message, options.ephemeral) });
  });
}

/**
 * Answers a click (or a modal opened from a message) by marking that message
 * answered — its components greyed out, the choice highlighted, so only the
 * newest question stays live — and sending the replies as follow-ups.
 * A slow turn is acknowledged with a deferred update first.
 */
export async function answerOnMessage(
  interaction: MessageComponentInteraction | ModalMessageModalSubmitInteraction,
  answered: ActionRow[],
  options: AnswerOptions,
  work: () => Promise<DiscordMessage[]>,
): Promise<void> {
  const clock = deadline(() => interaction.deferUpdate(), options.deferAfterMs);
  await options.inOrder(async () => {
    const messages = await guarded(interaction.id, options, work);
    await clock.settle();
    if (interaction.deferred) await interaction.editReply({ components: answered });
    else await interaction.update({ components: answered });
    for (const message of messages)
      await interaction.followUp({ ...messageOptions(message), flags: messageFlags(message, options.ephemeral) });
  });
}
