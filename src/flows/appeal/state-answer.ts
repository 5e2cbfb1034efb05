import type { Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { findState } from './domain/state-help.js';
import type { AppealState } from './state.js';

/** What follows "state", "my state is", "I live in" or "zip" in a message, or null when it names no state. */
export function readStateMention(text: string, ctx: AppealContext): string | null {
  const cleaned = text.trim().replace(/[.!]+$/, '');
  const lower = cleaned.toLowerCase();
  const words = ctx
    .t('support.stateWords')
    .split('|')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  for (const phrase of words) {
    if (lower.startsWith(`${phrase} `)) {
      const rest = cleaned.slice(phrase.length + 1).trim();
      if (rest.length > 0 && rest.length <= 40) return rest;
    }
  }
  return null;
}

/** Records the user's state (optional at any step) and says so, or asks again kindly. */
export function answerState(
  state: AppealState,
  text: string,
  ctx: AppealContext,
): { state: AppealState; replies: Reply[] } {
  const t = ctx.t;
  const found = findState(text, ctx.knowledge);
  if (found.kind === 'sure') {
    const name = ctx.knowledge.states.get(found.code)?.name ?? found.code;
    return {
      state: { ...state, answers: { ...state.answers, state: found.code } },
      replies: [{ kind: 'text', text: t('support.stateSet', { state: name }), tone: 'success' }],
    };
  }
  const text_ =
    found.kind === 'guess'
      ? t('support.stateGuess', {
          options: found.codes.map((c) => `${ctx.knowledge.states.get(c)?.name ?? c} (${c})`).join(', '),
        })
      : t('support.stateUnknown');
  return { state, replies: [{ kind: 'text', text: text_, tone: 'info' }] };
}
