/**
 * The ids Overturn puts on Block Kit elements. They carry the question's step
 * and a choice or command id only, never an answer the user gave.
 */
export const ACTION = {
  choice: 'ov_choice',
  select: 'ov_select',
  date: 'ov_date',
  nav: 'ov_nav',
  start: 'ov_start',
  /** Opens a form in a modal; its value is fixed (`open`), the step is in the block id. */
  form: 'ov_form',
} as const;

/** Matches every action Overturn rendered (Bolt routes them to one listener). */
export const OVERTURN_ACTION = /^ov_/;

const QUESTION_BLOCK = 'ovq';

/** Block ids must be unique within a message, hence the index. */
export function questionBlockId(step: string, index: number | string): string {
  return `${QUESTION_BLOCK}|${step}|${index}`;
}

/** The blocks that take a question's answer (and the notes under them), as opposed to its text and the commands. */
export function isQuestionInputBlock(blockId: string | undefined): boolean {
  return stepFromBlockId(blockId) !== null;
}

export function stepFromBlockId(blockId: string | undefined): string | null {
  const parts = blockId?.split('|');
  return parts?.length === 3 && parts[0] === QUESTION_BLOCK && parts[1] ? parts[1] : null;
}

/** Action ids must be unique within a block; the suffix is only for that. */
export function actionId(kind: (typeof ACTION)[keyof typeof ACTION], suffix: string | number): string {
  return `${kind}|${suffix}`;
}

export function actionKind(id: string): string {
  return id.split('|')[0] ?? '';
}
