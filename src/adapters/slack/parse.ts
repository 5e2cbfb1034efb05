import { z } from 'zod';
import { conversationKey } from '../../core/conversation.js';
import { COMMANDS, type CommandId, type ConversationKey, type UserInput } from '../../core/types.js';
import { ACTION, actionKind, stepFromBlockId } from './ids.js';

/** One conversation per user per workspace: `slack:{team}:{user}`. */
export function slackConversation(teamId: string, userId: string): ConversationKey {
  return conversationKey({ platform: 'slack', space: teamId, user: userId });
}

/**
 * Turns Slack's message markup back into what the user typed: mentions are
 * dropped, links keep their label, and Slack's three escapes are undone.
 */
export function plainTextFromSlack(text: string): string {
  return text
    .replace(/<[@#!][^>]*>/g, '')
    .replace(/<([^>|]+)\|([^>]+)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** The part of a block action Overturn reads. */
export const slackAction = z.object({
  type: z.string(),
  action_id: z.string(),
  block_id: z.string().optional(),
  value: z.string().optional(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_date: z.string().nullish(),
});
export type SlackAction = z.infer<typeof slackAction>;

/** A click on something Overturn rendered → the neutral input; `null` for anything else. */
export function inputFromAction(action: SlackAction): UserInput | null {
  const kind = actionKind(action.action_id);
  if (kind === ACTION.start) return { kind: 'start' };
  if (kind === ACTION.nav) return isCommand(action.value) ? { kind: 'command', command: action.value } : null;
  const step = stepFromBlockId(action.block_id);
  if (!step) return null;
  if (kind === ACTION.choice && action.value) return { kind: 'choice', step, choice: action.value };
  if (kind === ACTION.select && action.selected_option)
    return { kind: 'choice', step, choice: action.selected_option.value };
  if (kind === ACTION.date && action.selected_date) return { kind: 'date', step, date: action.selected_date };
  return null;
}

function isCommand(value: string | undefined): value is CommandId {
  return COMMANDS.some((command) => command === value);
}
