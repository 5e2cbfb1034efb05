import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Bot } from '../../bot.js';
import { resolveLocale, translator } from '../../core/i18n.js';
import type { Logger } from '../../core/log.js';
import type { Handoff, QuestionInput, Reply, TurnOutcome, UserInput } from '../../core/types.js';
import { errorName, type OrderedQueue } from '../kit/index.js';
import { attachedLetter } from './attachments.js';
import { APPEAL_COMMAND, LETTER_OPTION } from './commands.js';
import { answerInteraction, answerOnMessage, messageFlags, messagePayload, sendToDm } from './deliver.js';
import { formModal, formPages, pageValues } from './form.js';
import { formDoneId, MODAL_INPUT_ID, openFormId, parseCustomId, typeButtonId } from './ids.js';
import { discordConversation, discordInbound } from './inbound.js';
import { answerModal } from './modal.js';
import {
  answeredRows,
  button,
  renderReplies,
  rowsOf,
  type ActionRow,
  type DiscordMessage,
  type Surface,
} from './render.js';

/** The part of the bot an adapter talks to. */
export type ChatBot = Pick<Bot, 'handle' | 'handleFile' | 't'>;

export interface HandlerContext {
  bot: ChatBot;
  logger: Logger;
  applicationId: string;
  /** The REST base URL when not Discord's own (tests): attachments may come from its origin. */
  apiUrl?: string;
  /** When to defer an interaction whose replies are not ready (Discord allows 3 s). */
  deferAfterMs: number;
  /** When to show "typing…" in a DM whose replies are not ready. */
  typingAfterMs: number;
  /** A conversation's turns run, and post their replies, one after the other in arrival order. */
  turns: OrderedQueue;
  /** Posts a "talk to a person" notice in the volunteers' channel (when one is configured). */
  handoff?: (userId: string, handoff: Handoff) => Promise<void>;
}

/** The turn's replies, and a warning when its hand-off notice could not be posted. */
async function withHandoff(ctx: HandlerContext, userId: string, outcome: TurnOutcome): Promise<Reply[]> {
  if (!outcome.handoff || !ctx.handoff) return outcome.replies;
  try {
    await ctx.handoff(userId, outcome.handoff);
    return outcome.replies;
  } catch (error) {
    ctx.logger.error({ code: 'platform_error', source: 'handoff', err: errorName(error) }, 'hand-off not posted');
    return [
      ...outcome.replies,
      { kind: 'text', tone: 'error', text: translator(outcome.locale)('discord.handoff.failed') },
    ];
  }
}

/** A message in the bot's DM. Server messages never arrive: the bot asks for no guild-message intent. */
export async function handleMessage(message: Message, ctx: HandlerContext): Promise<void> {
  const letter = attachedLetter(message.attachments.first(), ctx.apiUrl);
  if (message.author.bot || message.inGuild() || (message.content.trim() === '' && !letter)) return;
  const channel = message.channel;
  if (!channel.isSendable()) return;
  const typing = setTimeout(() => {
    channel.sendTyping().catch(() => undefined);
  }, ctx.typingAfterMs);
  const inbound = discordInbound(ctx.applicationId, message.author.id, message.id, {
    kind: 'text',
    text: message.content,
  });
  await ctx.turns.run(inbound.conversation, async () => {
    // An attachment is the denial letter: read (with "Reading your letter…" posted at once), never stored.
    const outcome = await (letter
      ? ctx.bot.handleFile(
          {
            conversation: inbound.conversation,
            eventId: message.id,
            notify: async (reply) => {
              await channel.send({ content: reply.text });
            },
          },
          letter,
        )
      : ctx.bot.handle(inbound)
    ).finally(() => clearTimeout(typing));
    const replies = await withHandoff(ctx, message.author.id, outcome);
    for (const reply of renderReplies(replies, { t: translator(outcome.locale), surface: 'dm' })) {
      await channel.send(messagePayload(channel, reply, messageFlags(reply, false)));
    }
  });
}

export async function handleInteraction(interaction: Interaction, ctx: HandlerContext): Promise<void> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName === APPEAL_COMMAND) await handleAppealCommand(interaction, ctx);
    // A command registered once and since removed still reaches us: answer, or Discord says "did not respond".
    else
      await interaction.reply({
        content: hinted(interaction)('discord.unknownCommand'),
        flags: MessageFlags.Ephemeral,
      });
  } else if (interaction.isButton() || interaction.isStringSelectMenu()) {
    await handleComponent(interaction, ctx);
  } else if (interaction.isModalSubmit()) {
    await handleModal(interaction, ctx);
  }
}

/**
 * `/appeal`, with the denial letter attached or not. In a DM the flow answers
 * right there. In a server the answer is ephemeral and the flow moves to the
 * DM; when the user's DMs are closed it continues in ephemeral replies, and
 * says so. A letter is read while Discord shows "thinking…".
 */
async function handleAppealCommand(interaction: ChatInputCommandInteraction, ctx: HandlerContext): Promise<void> {
  const inServer = interaction.inGuild();
  const letter = attachedLetter(interaction.options.getAttachment(LETTER_OPTION) ?? undefined, ctx.apiUrl);
  await answerInteraction(interaction, answerOptions(ctx, interaction), async () => {
    const inbound = discordInbound(
      ctx.applicationId,
      interaction.user.id,
      interaction.id,
      { kind: 'start' },
      interaction.locale,
    );
    const outcome = await (letter
      ? ctx.bot.handleFile(
          { conversation: inbound.conversation, eventId: interaction.id, locale: interaction.locale },
          letter,
        )
      : ctx.bot.handle(inbound));
    const { replies } = outcome;
    const t = translator(outcome.locale);
    if (!inServer) return renderReplies(replies, { t, surface: 'dm' });
    const delivery = await sendToDm(interaction.user, renderReplies(replies, { t, surface: 'dm' }));
    if (delivery.open) return [{ content: t('discord.movedToDm', { link: delivery.link }) }];
    ctx.logger.info({ event: 'dm_closed', interaction: interaction.id }, 'discord DM closed; continuing ephemerally');
    return [
      { content: t(delivery.reason === 'privacy' ? 'discord.dmClosed' : 'discord.dmNoMutualServer') },
      ...renderReplies(replies, { t, surface: 'ephemeral' }).slice(delivery.sent),
    ];
  });
}

/** A button or select: a choice, a command, or "type my answer" (which opens a modal at once: no deferral possible). */
async function handleComponent(
  interaction: ButtonInteraction | StringSelectMenuInteraction,
  ctx: HandlerContext,
): Promise<void> {
  const values = interaction.isStringSelectMenu() ? interaction.values : [];
  const action = parseCustomId(interaction.customId, values);
  if (action?.kind === 'open-modal') {
    // The form opens at once, before any turn: its few words follow the user's Discord language.
    await interaction.showModal(answerModal(action.step, action.answer, hinted(interaction)));
    return;
  }
  if (action?.kind === 'open-form') {
    // The open question's form (re-shown by the engine, nothing changes), one page as a modal.
    const form = await openForm(interaction, ctx);
    if (form && form.step === action.step && action.page < formPages(form.input).length) {
      await interaction.showModal(formModal(action.step, form.input, action.page));
      return;
    }
  }
  const input =
    action?.kind === 'input'
      ? action.input
      : action?.kind === 'form-done'
        ? ({ kind: 'form', step: action.step, values: {} } as const)
        : null;
  const answered = answeredRows(actionRows(interaction.message), interaction.customId, values);
  await answerOnMessage(interaction, answered, answerOptions(ctx, interaction), () => runTurn(interaction, ctx, input));
}

type FormQuestion = { step: string; input: Extract<QuestionInput, { type: 'form' }> };

/** The form the user is being asked now, if any: the engine re-shows the open question without changing it. */
async function openForm(
  interaction: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction,
  ctx: HandlerContext,
): Promise<FormQuestion | null> {
  const replies = await ctx.bot.handle(
    discordInbound(ctx.applicationId, interaction.user.id, `${interaction.id}:form`, { kind: 'start' }),
  );
  const question = replies.replies.findLast((r) => r.kind === 'question');
  return question?.kind === 'question' && question.input.type === 'form'
    ? { step: question.step, input: question.input }
    : null;
}

/**
 * One page of a paged form: its values go to the engine; before the last
 * page, the reply offers the next page (or the letter with what was given).
 */
async function handleFormPage(
  interaction: ModalSubmitInteraction,
  ctx: HandlerContext,
  step: string,
  page: number,
): Promise<void> {
  const form = await openForm(interaction, ctx);
  const pages = form ? formPages(form.input) : [];
  const last = page >= pages.length - 1;
  const values = pageValues(interaction, pages[page] ?? []);
  const input: UserInput = { kind: 'form', step, values, ...(last ? {} : { partial: true }) };
  const turn = async (): Promise<DiscordMessage[]> => {
    if (!form || form.step !== step) return runTurn(interaction, ctx, null);
    if (last) return runTurn(interaction, ctx, input);
    const surface: Surface = interaction.inGuild() ? 'ephemeral' : 'dm';
    const outcome = await ctx.bot.handle(
      discordInbound(ctx.applicationId, interaction.user.id, interaction.id, input, interaction.locale),
    );
    const { replies } = outcome;
    const t = translator(outcome.locale);
    // Notes (an answer shortened) are shown; the re-asked question is replaced by the next page's button.
    const notes = renderReplies(
      replies.filter((r) => r.kind === 'text'),
      { t, surface },
    );
    const next = page + 1;
    return [
      ...notes,
      {
        silent: true,
        content: t('discord.form.saved', { page: page + 1, pages: pages.length }),
        components: rowsOf([
          button(openFormId(step, next), `${form.input.openLabel} (${next + 1}/${pages.length})`, ButtonStyle.Primary),
          button(formDoneId(step), t('discord.form.done'), ButtonStyle.Secondary),
        ]),
      },
    ];
  };
  if (!interaction.isFromMessage()) {
    await answerInteraction(interaction, answerOptions(ctx, interaction), turn);
    return;
  }
  const answered = answeredRows(actionRows(interaction.message), openFormId(step, page));
  await answerOnMessage(interaction, answered, answerOptions(ctx, interaction), turn);
}

/**
 * The form behind a "type my answer" button: its text is the answer, as if
 * typed, for the question the form was opened from (like a button's step). If
 * that question was answered another way meanwhile, the flow refuses it.
 */
async function handleModal(interaction: ModalSubmitInteraction, ctx: HandlerContext): Promise<void> {
  const action = parseCustomId(interaction.customId);
  if (action?.kind === 'form-modal') {
    await handleFormPage(interaction, ctx, action.step, action.page);
    return;
  }
  const text = action?.kind === 'modal' ? interaction.fields.getTextInputValue(MODAL_INPUT_ID) : '';
  const input: UserInput | null =
    action?.kind === 'modal' && text.trim() ? { kind: 'text', text, step: action.step } : null;
  // Only spaces: Discord's "required" lets them through. Ask again, kindly.
  const notice = action?.kind === 'modal' && !input ? 'discord.modal.empty' : undefined;
  const turn = () => runTurn(interaction, ctx, input, notice);
  if (!interaction.isFromMessage()) {
    await answerInteraction(interaction, answerOptions(ctx, interaction), turn);
    return;
  }
  const button = action?.kind === 'modal' ? typeButtonId(action.step, action.answer) : '';
  const answered = answeredRows(actionRows(interaction.message), button);
  await answerOnMessage(interaction, answered, answerOptions(ctx, interaction), turn);
}

/**
 * One turn for a clicked or submitted input, rendered for where it happened:
 * the DM, or ephemeral replies in a server (only the user sees them).
 * An input the bot no longer understands (an old button) re-shows where the flow is.
 */
async function runTurn(
  interaction: ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction,
  ctx: HandlerContext,
  input: UserInput | null,
  notice = 'discord.unknownAction',
): Promise<DiscordMessage[]> {
  const surface: Surface = interaction.inGuild() ? 'ephemeral' : 'dm';
  const inbound = discordInbound(
    ctx.applicationId,
    interaction.user.id,
    interaction.id,
    input ?? { kind: 'start' },
    interaction.locale,
  );
  const outcome = await ctx.bot.handle(inbound);
  const t = translator(outcome.locale);
  const replies = await withHandoff(ctx, interaction.user.id, outcome);
  const rendered = renderReplies(replies, { t, surface });
  if (input || rendered.length === 0) return rendered;
  return [{ content: t(notice) }, ...rendered];
}

/** The words for what is said before a turn has run (or when it failed): the user's Discord language. */
function hinted(interaction: Interaction) {
  return translator(resolveLocale(interaction.locale));
}

/** The action rows of a message the bot sent (its questions use no other top-level component). */
function actionRows(message: Message): ActionRow[] {
  return message.components
    .map((row) => row.toJSON())
    .filter((row): row is ActionRow => row.type === ComponentType.ActionRow);
}

/** How to answer an interaction: ephemeral in a server, and in order with the user's other turns. */
function answerOptions(ctx: HandlerContext, interaction: Interaction) {
  const conversation = discordConversation(ctx.applicationId, interaction.user.id);
  return {
    ephemeral: interaction.inGuild(),
    deferAfterMs: ctx.deferAfterMs,
    t: hinted(interaction),
    logger: ctx.logger,
    inOrder: (task: () => Promise<void>) => ctx.turns.run(conversation, task),
  };
}
