import type { Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { normalize } from './domain/match.js';
import { findState } from './domain/state-help.js';
import type { AppealState } from './state.js';

function words(ctx: AppealContext, key: string): string[] {
  return ctx
    .t(key)
    .split('|')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

/**
 * What follows "my state is", "I live in", "zip" or "state" in a message, or null.
 * `loose`: the word alone ("state") also starts ordinary answers ("state employee plan"),
 * so the flow only takes it when it names a state.
 */
export function readStateMention(text: string, ctx: AppealContext): { rest: string; loose: boolean } | null {
  const cleaned = text.trim().replace(/[.!]+$/, '');
  const lower = cleaned.toLowerCase();
  const loose = new Set(words(ctx, 'support.stateWordsLoose'));
  for (const phrase of words(ctx, 'support.stateWords')) {
    if (lower.startsWith(`${phrase} `)) {
      const rest = cleaned.slice(phrase.length + 1).trim();
      if (rest.length > 0 && rest.length <= 40) return { rest, loose: loose.has(phrase) };
    }
  }
  return null;
}

/** "state of Texas" names the state; "state of Texas employee plan" is another answer. */
function namesWhole(rest: string, code: string, ctx: AppealContext): boolean {
  const s = ctx.knowledge.states.get(code);
  const said = normalize(rest).replace(/^of /, '');
  return (
    !s ||
    said === code.toLowerCase() ||
    /^\d{5}$/.test(said) ||
    [s.name, ...s.aliases].some((n) => normalize(n) === said)
  );
}

/** Records the user's state (optional at any step) and says so, or asks again kindly. */
export function answerState(
  state: AppealState,
  mention: { rest: string; loose: boolean },
  ctx: AppealContext,
): { state: AppealState; replies: Reply[] } | null {
  const t = ctx.t;
  const found = findState(mention.rest, ctx.knowledge);
  if (mention.loose && !(found.kind === 'sure' && namesWhole(mention.rest, found.code, ctx))) return null;
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
