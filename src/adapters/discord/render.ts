import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APISelectMenuOption,
} from 'discord.js';
import type { Translator } from '../../core/i18n.js';
import type { Choice, FileReply, NavAction, QuestionReply, Reply, SummaryReply } from '../../core/types.js';
import { withFileRuns } from '../kit/index.js';
import { packEmbeds, summaryEmbeds } from './embeds.js';
import { formPages } from './form.js';
import { choiceId, commandId, openFormId, selectId, typeButtonId, type AnswerKind } from './ids.js';
import { splitText } from './split.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#create-message). */
export const MESSAGE_LIMITS = {
  content: 2000,
  rows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  selectOptions: 25,
  optionLabel: 100,
  optionDescription: 100,
  placeholder: 150,
  /** Attachments on one message. */
  files: 10,
} as const;

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** One message to send, platform-shaped but not yet tied to a channel or an interaction. */
export interface DiscordMessage {
  /**
   * Sent without a push notification (Discord's @silent). Answers echoed back
   * and questions can name a drug or an insurer, which must not show on a lock
   * screen; only the letter's caption is written to be previewed.
   */
  silent?: boolean;
  content?: string;
  embeds?: APIEmbed[];
  components?: ActionRow[];
  files?: { name: string; data: Buffer; contentType: string }[];
}

/**
 * Where the messages will appear: the user's DM (they can type there) or
 * ephemeral replies in a server channel (the bot cannot read typed text there,
 * so every free-text answer goes through a modal).
 */
export type Surface = 'dm' | 'ephemeral';

export interface RenderContext {
  t: Translator;
  surface: Surface;
}

/**
 * Files that follow one another (the letter, its PDF, the calendar) go in one message, their
 * captions together: one notification instead of one per file.
 */
export function renderReplies(replies: readonly Reply[], ctx: RenderContext): DiscordMessage[] {
  const groups = withFileRuns<Exclude<Reply, FileReply>, FileReply>(
    replies,
    (reply): reply is FileReply => reply.kind === 'file',
    MESSAGE_LIMITS.files,
  );
  return groups.flatMap((group) => (Array.isArray(group) ? renderFiles(group, ctx) : renderReply(group, ctx)));
}

export function renderReply(reply: Reply, ctx: RenderContext): DiscordMessage[] {
  switch (reply.kind) {
    case 'text':
      return silent(splitText(reply.text, MESSAGE_LIMITS.content).map((content) => ({ content })));
    case 'question':
      return silent(renderQuestion(reply, ctx));
    case 'summary':
      return silent(renderSummary(reply, ctx));
    case 'file':
      return renderFiles([reply], ctx);
  }
}

function silent(messages: DiscordMessage[]): DiscordMessage[] {
  return messages.map((message) => ({ silent: true, ...message }));
}

function renderQuestion(question: QuestionReply, ctx: RenderContext): DiscordMessage[] {
  const { t, surface } = ctx;
  const lines = [question.text];
  if (question.hint) lines.push(...subtext(question.hint));
  const answer = typedAnswer(question);
  const trailing: APIButtonComponent[] = [];
  if (answer) {
    trailing.push(button(typeButtonId(question.step, answer), t(`discord.typeButton.${answer}`), ButtonStyle.Primary));
    // In a DM the flow's own hint ("type the name…") already covers a list's free text; in a server
    // channel typed text is public and unread, so every free-text answer points to the modal.
    if (answer !== 'other' || surface === 'ephemeral')
      lines.push(...subtext(t(`discord.typeHint.${answer}.${surface}`)));
  }
  trailing.push(...navButtons(question.nav));
  const trailingRows = rowsOf(trailing);
  const choiceRowBudget = MESSAGE_LIMITS.rows - trailingRows.length;
  if (choiceRowBudget < 1 && question.input.type === 'choices') {
    throw new RangeError('a question with choices needs at least one free action row');
  }

  const choiceRows: ActionRow[] = [];
  const input = question.input;
  if (input.type === 'form') {
    // The form opens in modals of at most five fields; the first page's button starts it.
    const pages = formPages(input).length;
    choiceRows.push(
      ...rowsOf([
        button(openFormId(question.step, 0), `${input.openLabel} (1/${pages})`, ButtonStyle.Primary),
        button(choiceId(question.step, input.skip.id), input.skip.label, ButtonStyle.Secondary),
      ]),
    );
  } else if (input.type === 'choices') {
    const fitsAsButtons = input.choices.length <= choiceRowBudget * MESSAGE_LIMITS.buttonsPerRow;
    if (input.style !== 'search' && fitsAsButtons) {
      choiceRows.push(
        ...rowsOf(input.choices.map((c) => button(choiceId(question.step, c.id), c.label, ButtonStyle.Primary))),
      );
    } else {
      choiceRows.push(selectRow(question.step, input.choices, input.placeholder ?? t('discord.selectPlaceholder')));
      if (input.choices.length > MESSAGE_LIMITS.selectOptions) {
        // Never drop choices without saying so: name how many are listed and how to reach the rest.
        const key = `discord.moreChoices.${surface}`;
        lines.push(...subtext(t(key, { shown: MESSAGE_LIMITS.selectOptions, total: input.choices.length })));
      }
    }
  }

  const pieces = splitText(lines.join('\n'), MESSAGE_LIMITS.content);
  const last = pieces.pop() ?? '';
  return [...pieces.map((content) => ({ content })), { content: last, components: [...choiceRows, ...trailingRows] }];
}

/** Which modal, if any, the question offers: free text, a date, or a name missing from a list. */
function typedAnswer(question: QuestionReply): AnswerKind | null {
  const input = question.input;
  if (input.type === 'text') return 'text';
  if (input.type === 'date') return 'date';
  if (input.type === 'form') return null;
  const overflows = input.choices.length > MESSAGE_LIMITS.selectOptions;
  return input.allowText && (input.style === 'search' || overflows) ? 'other' : null;
}

function renderSummary(summary: SummaryReply, ctx: RenderContext): DiscordMessage[] {
  const batches = packEmbeds(summaryEmbeds(summary, ctx.t));
  const messages: DiscordMessage[] = batches.map((embeds) => ({ embeds }));
  const first = messages[0];
  // The first line is what a notification previews: a neutral sentence, no health details.
  if (first) first.content = ctx.t('discord.summaryIntro');
  const nav = rowsOf(navButtons(summary.nav));
  const last = messages.at(-1);
  if (last && nav.length > 0) last.components = nav;
  return messages;
}

function renderFiles(files: readonly FileReply[], ctx: RenderContext): DiscordMessage[] {
  const lines = files.map((file) => file.caption);
  // Ephemeral attachments vanish when the user closes Discord; say so before they rely on the link.
  if (ctx.surface === 'ephemeral') lines.push(ctx.t('discord.ephemeralFile'));
  const pieces = splitText(lines.join('\n'), MESSAGE_LIMITS.content);
  const last = pieces.pop() ?? '';
  return [
    ...pieces.map((content) => ({ content })),
    {
      content: last,
      files: files.map((file) => ({ name: file.fileName, data: Buffer.from(file.bytes), contentType: file.mimeType })),
    },
  ];
}

function navButtons(nav: readonly NavAction[]): APIButtonComponent[] {
  return nav.map((action) =>
    button(
      commandId(action.command),
      action.label,
      action.command === 'forget' ? ButtonStyle.Danger : ButtonStyle.Secondary,
    ),
  );
}

export function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger,
): APIButtonComponent {
  return { type: ComponentType.Button, custom_id: customId, label: fit(label, MESSAGE_LIMITS.buttonLabel), style };
}

function selectRow(step: string, choices: readonly Choice[], placeholder: string): ActionRow {
  const options: APISelectMenuOption[] = choices.slice(0, MESSAGE_LIMITS.selectOptions).map((choice) => ({
    label: fit(choice.label, MESSAGE_LIMITS.optionLabel),
    value: choice.id,
    ...(choice.description ? { description: fit(choice.description, MESSAGE_LIMITS.optionDescription) } : {}),
  }));
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: selectId(step),
        placeholder: fit(placeholder, MESSAGE_LIMITS.placeholder),
        min_values: 1,
        max_values: 1,
        options,
      },
    ],
  };
}

export function rowsOf(buttons: readonly APIButtonComponent[]): ActionRow[] {
  const rows: ActionRow[] = [];
  for (let i = 0; i < buttons.length; i += MESSAGE_LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + MESSAGE_LIMITS.buttonsPerRow) });
  }
  return rows;
}

/** Labels over Discord's limit end in an ellipsis (visible, not silent); the full text stays in the question. */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Discord's small grey "subtext" markdown, one marker per line. */
function subtext(text: string): string[] {
  return text.split('\n').map((line) => (line.trim() ? `-# ${line}` : line));
}

/**
 * The components of a question once it is answered: every one disabled, the
 * clicked button (or the selected option) highlighted, so the conversation
 * reads like a filled-in form and only the newest question stays live.
 */
export function answeredRows(
  rows: readonly ActionRow[],
  chosenId: string,
  values: readonly string[] = [],
): ActionRow[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((component): APIComponentInMessageActionRow => {
      if (component.type === ComponentType.Button && 'custom_id' in component) {
        const chosen = component.custom_id === chosenId;
        return { ...component, disabled: true, style: chosen ? ButtonStyle.Success : component.style };
      }
      if (component.type === ComponentType.StringSelect) {
        const chosen = component.custom_id === chosenId;
        return {
          ...component,
          disabled: true,
          options: component.options.map((o) => ({ ...o, default: chosen && values.includes(o.value) })),
        };
      }
      return { ...component, disabled: true };
    }),
  }));
}
