import type { types } from '@slack/bolt';
import type { Translator } from '../../core/i18n.js';
import type { Choice, NavAction, QuestionReply, Reply, TextReply } from '../../core/types.js';
import {
  type Block,
  type SlackMessage,
  LIMITS,
  actionRows,
  button,
  chunk,
  context,
  escapeMrkdwn,
  packMessages,
  plain,
  sections,
} from './blocks.js';
import { ACTION, actionId, isQuestionInputBlock, questionBlockId } from './ids.js';
import { renderSummary } from './render-summary.js';

/** What one neutral reply becomes in Slack: messages to post, or a file to upload. */
export type SlackOutput =
  | { kind: 'message'; message: SlackMessage }
  | { kind: 'file'; fileName: string; bytes: Uint8Array; caption: string };

/** Lists of at most this many choices are shown as buttons; longer ones as a select menu. */
const MAX_BUTTON_CHOICES = 5;

const TONE_ICON: Record<NonNullable<TextReply['tone']>, string> = {
  info: ':information_source:',
  warning: ':warning:',
  error: ':x:',
  success: ':white_check_mark:',
};

export function renderReply(reply: Reply, t: Translator): SlackOutput[] {
  switch (reply.kind) {
    case 'text':
      return asMessages(renderText(reply, t));
    case 'question':
      return asMessages(renderQuestion(reply, t));
    case 'summary':
      return asMessages(renderSummary(reply, t, navBlocks(reply.nav, t)));
    case 'file':
      return [{ kind: 'file', fileName: reply.fileName, bytes: reply.bytes, caption: reply.caption }];
  }
}

function asMessages(messages: SlackMessage[]): SlackOutput[] {
  return messages.map((message) => ({ kind: 'message', message }));
}

function renderText(reply: TextReply, t: Translator): SlackMessage[] {
  const icon = reply.tone ? `${TONE_ICON[reply.tone]} ` : '';
  const fallback = t('slack.messageFallback');
  return packMessages([sections(icon + escapeMrkdwn(reply.text))], fallback, fallback);
}

function renderQuestion(reply: QuestionReply, t: Translator): SlackMessage[] {
  const groups: Block[][] = [sections(escapeMrkdwn(reply.text))];
  if (reply.hint) groups.push(context(escapeMrkdwn(reply.hint)));
  groups.push(inputBlocks(reply, t));
  groups.push(navBlocks(reply.nav, t));
  const fallback = t('slack.questionFallback');
  return packMessages(groups, fallback, fallback);
}

function inputBlocks(reply: QuestionReply, t: Translator): Block[] {
  const { input, step } = reply;
  switch (input.type) {
    case 'text':
      return [];
    case 'date':
      return [
        {
          type: 'actions',
          block_id: questionBlockId(step, 0),
          // No initial_date: a pre-filled date could be sent by accident.
          elements: [
            {
              type: 'datepicker',
              action_id: actionId(ACTION.date, 0),
              placeholder: plain(input.placeholder ?? t('slack.datePlaceholder'), LIMITS.placeholder),
            },
          ],
        },
        ...inputNote(step, t('slack.orType')),
      ];
    case 'form': {
      const open = button(actionId(ACTION.form, 0), 'open', input.openLabel, input.openLabel);
      const skip = button(actionId(ACTION.choice, 1), input.skip.id, input.skip.label, input.skip.label);
      return actionRows((row) => questionBlockId(step, row), [{ ...open, style: 'primary' }, skip]);
    }
    case 'choices': {
      const asButtons =
        input.style === 'short' || (input.style === 'list' && input.choices.length <= MAX_BUTTON_CHOICES);
      const blocks = asButtons
        ? choiceButtons(step, input.choices, t)
        : choiceSelects(step, input.choices, input.placeholder, t);
      const described = input.choices.filter((choice) => choice.description);
      if (described.length === 0) return [...blocks, ...inputNote(step, t('slack.orType'))];
      // Buttons and menus cannot show a description, so the descriptions are listed under them.
      const descriptions = described
        .map((choice) => `*${escapeMrkdwn(choice.label)}*: ${escapeMrkdwn(choice.description ?? '')}`)
        .join('\n');
      return [...blocks, ...inputNote(step, `${descriptions}\n${t('slack.orType')}`)];
    }
  }
}

/** A note under a question's inputs; it goes with them once the question is answered. */
function inputNote(step: string, mrkdwn: string): Block[] {
  return context(mrkdwn).map((block, index) => ({ ...block, block_id: questionBlockId(step, `note${index}`) }));
}

/**
 * The question message once answered: its buttons, menus and notes give way
 * to "Answered", so an old question cannot be answered twice by accident.
 * The flow's own reply already repeats the answer, so this does not.
 */
export function answeredQuestion(blocks: Block[], t: Translator): Block[] {
  const first = blocks.findIndex((block) => isQuestionInputBlock(block.block_id));
  if (first < 0) return blocks;
  const kept = blocks.filter((block) => !isQuestionInputBlock(block.block_id));
  kept.splice(first, 0, ...context(t('slack.answered')));
  return kept;
}

function choiceButtons(step: string, choices: Choice[], t: Translator): Block[] {
  const buttons = choices.map((choice, index) =>
    button(
      actionId(ACTION.choice, index),
      choice.id,
      choice.label,
      t('slack.choiceButtonLabel', { label: choice.label }),
    ),
  );
  return actionRows((row) => questionBlockId(step, row), buttons);
}

/** A select holds at most 100 options; a longer list gets one select per range, labelled with its range. */
function choiceSelects(step: string, choices: Choice[], placeholder: string | undefined, t: Translator): Block[] {
  const groups = chunk(choices, LIMITS.selectOptions);
  const selects: types.StaticSelect[] = groups.map((group, index) => ({
    type: 'static_select',
    action_id: actionId(ACTION.select, index),
    placeholder: plain(
      groups.length === 1
        ? (placeholder ?? t('slack.selectPlaceholder'))
        : t('slack.selectRangePlaceholder', {
            first: group[0]?.label ?? '',
            last: group[group.length - 1]?.label ?? '',
          }),
      LIMITS.placeholder,
    ),
    options: group.map((choice) => ({ text: plain(choice.label, LIMITS.optionText), value: choice.id })),
  }));
  return actionRows((row) => questionBlockId(step, row), selects);
}

/** The global commands (back, change, restart, help, status, forget me) as buttons. */
function navBlocks(nav: NavAction[], t: Translator): Block[] {
  const buttons = nav.map((action, index) =>
    button(
      actionId(ACTION.nav, index),
      action.command,
      action.label,
      t('slack.commandButtonLabel', { label: action.label }),
    ),
  );
  return actionRows((row) => `ovnav|${row}`, buttons);
}
