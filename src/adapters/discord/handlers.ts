import type {
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  Message,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { Bot } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import type { UserInput } from '../../core/types.js';
import { APPEAL_COMMAND } from './commands.js';
import { answerInteraction, messageOptions, sendToDm } from './deliver.js';
import { MODAL_INPUT_ID, parseCustomId } from './ids.js';
import { discordInbound } from './inbound.js';
import { answerModal } from './modal.js';
import { renderReplies, type DiscordMessage, type Surface } from './render.js';

/** The part of the bot an adapter talks to. */
export type ChatBot = Pick<Bot, 'handle' | 't'>;

export interface HandlerContext {
  bot: ChatBot;
  logger: Logger;
  applicationId: string;
  /** When to defer an interaction whose replies are not ready (Discord allows 3 s). */
  deferAfterMs: number;
  /** When to show "typing…" in a DM whose replies are not ready. */
  typingAfterMs: number;
}

/** A message in the bot's DM. Server messages never arrive: the bot asks for no guild-message intent. */
export async function handleMessage(message: Message, ctx: HandlerContext): Promise<void> {
  if (message.author.bot || message.inGuild() || message.content.trim() === '') return;
  const channel = message.channel;
  if (!channel.isSendable()) return;
  const typing = setTimeout(() => {
    channel.sendTyping().catch(() => undefined);
  }, ctx.typingAfterMs);
  const replies = await ctx.bot
    .handle(discordInbound(ctx.applicationId, message.author.id, message.id, { kind: 'text', text: message.content }))
    .finally(() => clearTimeout(typing));
  for (const reply of renderReplies(replies, { t: ctx.bot.t, surface: 'dm' })) {
    await channel.send(messageOptions(reply));
  }
}

export async function handleInteraction(interaction: Interaction, ctx: HandlerContext): Promise<void> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName === APPEAL_COMMAND) await handleAppealCommand(interaction, ctx);
  } else if (interaction.isButton() || interaction.isStringSelectMenu()) {
    await handleComponent(interaction, ctx);
  } else if (interaction.isModalSubmit()) {
    await handleModal(interaction, ctx);
  }
}

/**
 * `/appeal`. In a DM the flow answers right there. In a server the answer is
 * ephemeral and the flow moves to the DM; when the user's DMs are closed it
 * continues in ephemeral replies, and says so.
 */
async function handleAppealCommand(interaction: ChatInputCommandInteraction, ctx: HandlerContext): Promise<void> {
  const inServer = interaction.inGuild();
  await answerInteraction(interaction, answerOptions(ctx, inServer), async () => {
    const replies = await ctx.bot.handle(discordInbound(ctx.applicationId, interaction.user.id, interaction.id, { kind: 'start' }));
    if (!inServer) return renderReplies(replies, { t: ctx.bot.t, surface: 'dm' });
    const delivery = await sendToDm(interaction.user, renderReplies(replies, { t: ctx.bot.t, surface: 'dm' }));
    if (delivery.open) return [{ content: ctx.bot.t('discord.movedToDm', { link: delivery.link }) }];
    ctx.logger.info({ event: 'dm_closed', interaction: interaction.id }, 'discord DM closed; continuing ephemerally');
    return [{ content: ctx.bot.t('discord.dmClosed') }, ...renderReplies(replies, { t: ctx.bot.t, surface: 'ephemeral' }).slice(delivery.sent)];
  });
}

/** A button or select: a choice, a command, or "type my answer" (which opens a modal at once: no deferral possible). */
async function handleComponent(interaction: ButtonInteraction | StringSelectMenuInteraction, ctx: HandlerContext): Promise<void> {
  const values = interaction.isStringSelectMenu() ? interaction.values : [];
  const action = parseCustomId(interaction.customId, values);
  if (action?.kind === 'open-modal') {
    await interaction.showModal(answerModal(action.step, action.answer, ctx.bot.t));
    return;
  }
  const input = action?.kind === 'input' ? action.input : null;
  await answerWithFlow(interaction, ctx, input);
}

async function handleModal(interaction: ModalSubmitInteraction, ctx: HandlerContext): Promise<void> {
  const action = parseCustomId(interaction.customId);
  const text = action?.kind === 'modal' ? interaction.fields.getTextInputValue(MODAL_INPUT_ID) : '';
  await answerWithFlow(interaction, ctx, text.trim() ? { kind: 'text', text } : null);
}

/**
 * Runs one turn for a clicked or submitted input and answers in place: in a
 * DM as ordinary replies, in a server ephemerally (only the user sees them).
 * An input the bot no longer understands (an old button) re-shows where the flow is.
 */
async function answerWithFlow(
  interaction: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction,
  ctx: HandlerContext,
  input: UserInput | null,
): Promise<void> {
  const surface: Surface = interaction.inGuild() ? 'ephemeral' : 'dm';
  await answerInteraction(interaction, answerOptions(ctx, surface === 'ephemeral'), async () => {
    const inbound = discordInbound(ctx.applicationId, interaction.user.id, interaction.id, input ?? { kind: 'start' });
    const replies = await ctx.bot.handle(inbound);
    const rendered = renderReplies(replies, { t: ctx.bot.t, surface });
    if (input || rendered.length === 0) return rendered;
    const notice: DiscordMessage = { content: ctx.bot.t('discord.unknownAction') };
    return [notice, ...rendered];
  });
}

function answerOptions(ctx: HandlerContext, ephemeral: boolean) {
  return { ephemeral, deferAfterMs: ctx.deferAfterMs, t: ctx.bot.t, logger: ctx.logger };
}
