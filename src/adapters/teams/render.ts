import type { Translator } from '../../core/i18n.js';
import type { Choice, FileReply, NavAction, QuestionReply, Reply, SummaryReply, TextReply } from '../../core/types.js';
import { formElements } from './form.js';
import {
  MAX_ACTIONS_PER_SET,
  actionSet,
  adaptiveCard,
  textBlock,
  type CardAction,
  type CardElement,
  type ChoiceSetInput,
  type DateInput,
  type ToggleInput,
} from './cards.js';

/**
 * Neutral replies → Teams messages with Adaptive Cards (≤ 1.5). Pure: the
 * file reply is handled by file-consent.ts because it needs server-side storage.
 */

/** Card input ids: Teams merges input values into the submit data, so these become `value.choice` / `value.date`. */
export const INPUT_IDS = { choice: 'choice', date: 'date' } as const;

/** Teams rejects messages over ~28 KB; keep each card well below, leaving room for the activity envelope. */
export const MAX_CARD_BYTES = 24_000;
const MAX_TEXT_CHARS = 20_000;

export interface TeamsAttachment {
  contentType: string;
  content?: unknown;
  contentUrl?: string;
  name?: string;
}

export interface TeamsMessage {
  type: 'message';
  text?: string;
  textFormat?: 'markdown' | 'plain';
  attachments?: TeamsAttachment[];
  /** What Teams shows in notifications for a card: never health information. */
  summary?: string;
}

/** Every reply except a file, which goes through the FileConsentCard flow. */
export function renderReply(reply: Exclude<Reply, FileReply>, t: Translator): TeamsMessage[] {
  switch (reply.kind) {
    case 'text':
      return renderText(reply, t);
    case 'question':
      return [renderQuestion(reply, t)];
    case 'summary':
      return renderSummary(reply, t);
  }
}

const TONE_COLOR = { info: 'Default', warning: 'Warning', error: 'Attention', success: 'Good' } as const;

/**
 * Text as a card, never as a plain message: Teams shows a plain message's
 * first words in pop-up notifications and the chat list, and the flow's
 * confirmations name the drug and the insurer. A card's preview is the
 * neutral `summary` ("Overturn sent you a card").
 */
export function renderText(reply: TextReply, t: Translator): TeamsMessage[] {
  const color = reply.tone ? TONE_COLOR[reply.tone] : undefined;
  const blocks: CardElement[] = [];
  for (const paragraph of splitText(reply.text, MAX_TEXT_CHARS)
    .join('\n\n')
    .split(/\n{2,}/)) {
    paragraph.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      blocks.push(
        textBlock(line, {
          ...(color && color !== 'Default' ? { color } : {}),
          ...(blocks.length > 0 ? { spacing: index === 0 ? 'Medium' : 'Small' } : {}),
        }),
      );
    });
  }
  return packCards(blocks).map((part) => cardMessage(part, t, false));
}

/** Teams markdown can join single line breaks into one paragraph; the flow's lines are meant to stay apart. */
export function textMessage(text: string): TeamsMessage {
  return { type: 'message', text: text.replace(/(?<!\n)\n(?!\n)/g, '\n\n'), textFormat: 'markdown' };
}

export function renderQuestion(reply: QuestionReply, t: Translator): TeamsMessage {
  const body: CardElement[] = [textBlock(reply.text, { weight: 'Bolder' })];
  if (reply.hint) body.push(textBlock(reply.hint, { isSubtle: true, spacing: 'Small' }));
  body.push(...answerElements(reply, t));
  body.push(...navElements(reply.nav));
  return cardMessage(body, t, false);
}

/** The input (or buttons) for one question, and the button that submits it. */
function answerElements(reply: QuestionReply, t: Translator): CardElement[] {
  const { input, step } = reply;
  const continueButton = actionSet([
    { type: 'Action.Submit', title: t('teams.continue'), data: { step }, style: 'positive' },
  ]);
  const typeHint = textBlock(t('teams.typeInstead'), { isSubtle: true, size: 'Small', spacing: 'Small' });
  switch (input.type) {
    case 'text':
      return [textBlock(t('teams.typeAnswer'), { isSubtle: true, spacing: 'Small' })];
    case 'date': {
      const date: DateInput = {
        type: 'Input.Date',
        id: INPUT_IDS.date,
        label: t('teams.labels.date'),
        isRequired: true,
        errorMessage: t('teams.errors.date'),
        max: input.max,
        ...(input.min ? { min: input.min } : {}),
        ...(input.placeholder ? { placeholder: input.placeholder } : {}),
      };
      return [date, continueButton, typeHint];
    }
    case 'form':
      return formElements(step, input, t);
    case 'choices': {
      const toggle = yesNoToggle(input.choices, t);
      if (toggle) return [toggle, continueButton, typeHint];
      if (input.style === 'short' && input.choices.length <= MAX_ACTIONS_PER_SET) {
        const buttons = input.choices.map((choice) => choiceButton(step, choice));
        // Side by side only when every title stays whole at a chat card's width; else one per row.
        const rows = fitsOneRow(input.choices) ? [buttons] : buttons.map((button) => [button]);
        return [...rows.map((row) => actionSet(row)), typeHint];
      }
      const choiceSet: ChoiceSetInput = {
        type: 'Input.ChoiceSet',
        id: INPUT_IDS.choice,
        // `filtered` gives a type-ahead over long lists (insurers); short lists show as radio buttons.
        style: input.style === 'search' ? 'filtered' : 'expanded',
        label: t(input.style === 'search' ? 'teams.labels.search' : 'teams.labels.choice'),
        isRequired: true,
        errorMessage: t('teams.errors.choice'),
        choices: input.choices.map((choice) => ({ title: choiceTitle(choice), value: choice.id })),
        ...(input.placeholder ? { placeholder: input.placeholder } : {}),
      };
      return [choiceSet, continueButton, typeHint];
    }
  }
}

/**
 * A yes/no question (choice ids `yes` and `no`, such as "is this urgent?")
 * reads best in Teams as one switch labelled with the "yes" answer.
 */
function yesNoToggle(choices: Choice[], t: Translator): ToggleInput | null {
  const yes = choices.find((choice) => choice.id === 'yes');
  const no = choices.find((choice) => choice.id === 'no');
  if (choices.length !== 2 || !yes || !no) return null;
  return {
    type: 'Input.Toggle',
    id: INPUT_IDS.choice,
    label: t('teams.labels.toggle'),
    errorMessage: t('teams.errors.choice'),
    title: yes.label,
    value: no.id,
    valueOn: yes.id,
    valueOff: no.id,
  };
}

/** A button that answers by itself: it sends no input values, so inputs on the same card never block it. */
export function choiceButton(step: string, choice: Choice): CardAction {
  return { type: 'Action.Submit', title: choice.label, data: { step, choice: choice.id }, associatedInputs: 'none' };
}

/**
 * Characters of button titles that fit side by side in one row of a card about
 * 320 px wide (Teams on a phone; the desktop chat column is about 440 px),
 * measured with Microsoft's Adaptive Cards renderer (test/e2e/teams/card-width.test.ts).
 */
const ROW_CHARS = 24;
const BUTTON_CHARS = 3;

function fitsOneRow(choices: Choice[]): boolean {
  return choices.reduce((sum, choice) => sum + choice.label.length + BUTTON_CHARS, 0) <= ROW_CHARS;
}

function choiceTitle(choice: Choice): string {
  return choice.description ? `${choice.label} — ${choice.description}` : choice.label;
}

/**
 * Back, change, start over, help and forget me go in the card's "…" overflow
 * menu: five buttons in a row would each shrink to a letter or two. They work
 * whatever the card's inputs hold (`associatedInputs: none`).
 */
function navElements(nav: NavAction[]): CardElement[] {
  if (nav.length === 0) return [];
  const actions: CardAction[] = nav.map((action) => ({
    type: 'Action.Submit',
    title: action.label,
    data: { command: action.command },
    associatedInputs: 'none',
    mode: 'secondary',
  }));
  return [actionSet(actions)];
}

/** The summary: facts, a FactSet of deadlines with the rule behind each, then the checklist; split into several cards if large. */
export function renderSummary(reply: SummaryReply, t: Translator): TeamsMessage[] {
  const body: CardElement[] = [textBlock(reply.title, { size: 'Medium', weight: 'Bolder' })];
  if (reply.facts.length > 0) {
    body.push({ type: 'FactSet', facts: reply.facts.map((fact) => ({ title: fact.label, value: fact.value })) });
  }
  if (reply.deadlines.length > 0) {
    body.push(textBlock(reply.deadlineHeading, { weight: 'Bolder', separator: true }));
    // One fact per deadline: the date, then what is due, how long is left and the rule behind it.
    body.push({
      type: 'FactSet',
      facts: reply.deadlines.map((deadline) => ({
        title: deadline.dateText,
        value: [
          t('teams.summary.deadline', { label: deadline.label, daysLeft: deadline.daysLeftText, rule: deadline.rule }),
          deadline.note,
        ]
          .filter(Boolean)
          .join(' '),
      })),
    });
  }
  for (const section of reply.sections) {
    body.push(textBlock(section.heading, { weight: 'Bolder', separator: true }));
    section.items.forEach((item, index) => {
      const marker = section.style === 'numbered' ? `${index + 1}.` : '•';
      body.push(textBlock(`${marker} ${item}`, { spacing: 'Small' }));
    });
  }
  body.push(...navElements(reply.nav));
  return packCards(body).map((part) => cardMessage(part, t, true));
}

/** Splits card elements over as many cards as needed so that none passes the size limit; nothing is dropped. */
function packCards(elements: CardElement[], maxBytes = MAX_CARD_BYTES): CardElement[][] {
  const cards: CardElement[][] = [];
  let current: CardElement[] = [];
  for (const element of elements) {
    const candidate = [...current, element];
    if (current.length > 0 && cardBytes(candidate) > maxBytes) {
      cards.push(current);
      current = [element];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) cards.push(current);
  return cards;
}

function cardBytes(body: CardElement[]): number {
  return Buffer.byteLength(JSON.stringify(adaptiveCard(body, { fullWidth: true })), 'utf8');
}

function cardMessage(body: CardElement[], t: Translator, fullWidth: boolean): TeamsMessage {
  return { type: 'message', summary: t('teams.preview'), attachments: [adaptiveCard(body, { fullWidth })] };
}

/** Splits long text at paragraph, then line, then word boundaries. */
export function splitText(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    const cut =
      [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((index) => index > 0) ??
      maxChars;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/**
 * In a channel or group chat: say that case details belong in a personal chat,
 * with a button that opens one with the bot. Asks nothing.
 */
export function renderPrivacyRedirect(botUserId: string, t: Translator): TeamsMessage {
  const personalChat = `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botUserId)}`;
  return cardMessage(
    [
      textBlock(t('teams.redirect.text')),
      actionSet([{ type: 'Action.OpenUrl', title: t('teams.redirect.button'), url: personalChat }]),
    ],
    t,
    false,
  );
}
