import { COMMANDS, type CommandId, type UserInput } from '../../core/types.js';

/**
 * Component custom ids carry step and choice ids only, never what the user
 * typed or chose in words. Discord caps a custom id at 100 characters.
 *
 *   c:<step>:<choice>   a choice button
 *   s:<step>            a string select (the choice id is the selected value)
 *   cmd:<command>       a navigation button (back, help, …)
 *   t:<step>:<kind>     "type your answer": opens a modal (kind: text, date, other)
 *   m:<step>:<kind>     the modal itself; its text input is `answer`
 *   f:<step>:<page>     opens page <page> of a form in a modal
 *   fm:<step>:<page>    that page's modal; its inputs are named by field id
 *   fd:<step>           "make the letter with what I gave": ends a paged form early
 */
export const CUSTOM_ID_MAX = 100;
export const MODAL_INPUT_ID = 'answer';

/** What a modal asks for: free text, a date, or a name not in a list. */
export const ANSWER_KINDS = ['text', 'date', 'other'] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export type ComponentAction =
  | { kind: 'input'; input: UserInput }
  | { kind: 'open-modal'; step: string; answer: AnswerKind }
  | { kind: 'modal'; step: string; answer: AnswerKind }
  | { kind: 'open-form'; step: string; page: number }
  | { kind: 'form-modal'; step: string; page: number }
  | { kind: 'form-done'; step: string };

export const choiceId = (step: string, choice: string): string => checked(`c:${step}:${choice}`);
export const selectId = (step: string): string => checked(`s:${step}`);
export const commandId = (command: CommandId): string => checked(`cmd:${command}`);
export const typeButtonId = (step: string, answer: AnswerKind): string => checked(`t:${step}:${answer}`);
export const modalId = (step: string, answer: AnswerKind): string => checked(`m:${step}:${answer}`);
export const openFormId = (step: string, page: number): string => checked(`f:${step}:${page}`);
export const formModalId = (step: string, page: number): string => checked(`fm:${step}:${page}`);
export const formDoneId = (step: string): string => checked(`fd:${step}`);

function checked(id: string): string {
  if (id.length > CUSTOM_ID_MAX) {
    // A longer id would be refused by Discord for the whole message; fail loudly in tests instead.
    throw new RangeError(`Discord custom id longer than ${CUSTOM_ID_MAX} characters (${id.length})`);
  }
  return id;
}

/** Reads a component custom id back; `values` are a select's selected option values. Unknown ids → null. */
export function parseCustomId(customId: string, values: readonly string[] = []): ComponentAction | null {
  const [prefix, ...rest] = customId.split(':');
  const first = rest[0];
  if (!first) return null;
  switch (prefix) {
    case 'c': {
      const choice = rest.slice(1).join(':');
      return choice ? { kind: 'input', input: { kind: 'choice', step: first, choice } } : null;
    }
    case 's': {
      const choice = values[0];
      return choice ? { kind: 'input', input: { kind: 'choice', step: first, choice } } : null;
    }
    case 'cmd':
      return isCommand(first) ? { kind: 'input', input: { kind: 'command', command: first } } : null;
    case 'f':
    case 'fm': {
      const page = Number(rest[1]);
      if (!Number.isInteger(page) || page < 0 || page > 50) return null;
      return { kind: prefix === 'f' ? 'open-form' : 'form-modal', step: first, page };
    }
    case 'fd':
      return { kind: 'form-done', step: first };
    case 't':
    case 'm': {
      const answer = rest[1] ?? '';
      if (!isAnswerKind(answer)) return null;
      return { kind: prefix === 't' ? 'open-modal' : 'modal', step: first, answer };
    }
    default:
      return null;
  }
}

function isAnswerKind(value: string): value is AnswerKind {
  return ANSWER_KINDS.some((kind) => kind === value);
}

function isCommand(value: string): value is CommandId {
  return COMMANDS.some((command) => command === value);
}
