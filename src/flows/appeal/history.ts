import type { Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { answeredSteps, answerText, currentQuestion } from './questions.js';
import type { AppealState } from './state.js';

/**
 * The conversation so far, rebuilt from the stored answers: each answered
 * question and the user's answer. For a page that lost its transcript (a reload).
 */
export function historyReplies(state: AppealState, ctx: AppealContext): Reply[] {
  return answeredSteps(state, ctx).flatMap((step): Reply[] => [
    { kind: 'text', text: currentQuestion({ ...state, step, pending: undefined }, ctx).text },
    { kind: 'text', from: 'user', text: answerText(step, state, ctx) ?? '' },
  ]);
}
