import { isOverturnError } from '../../core/errors.js';
import type { EffectRunner } from '../../core/flow.js';
import type { Effect, Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { buildAppealLetter, DOCX_MIME, type BuiltLetter, type LetterBuilder } from './letter/index.js';
import { authorQuestion } from './questions.js';
import type { AppealState } from './state.js';
import { caseFromState } from './summary.js';

/** The appeal flow's effect runner for the engine (the only async work a turn does), building letters with `buildLetter`. */
export function appealEffectRunner(
  buildLetter: LetterBuilder = buildAppealLetter,
): EffectRunner<AppealState, AppealContext> {
  return (effect, state, ctx) => runAppealEffect(effect, state, ctx, buildLetter);
}

export async function runAppealEffect(
  effect: Effect,
  state: AppealState,
  ctx: AppealContext,
  buildLetter: LetterBuilder = buildAppealLetter,
): Promise<Reply[]> {
  if (effect.type !== 'build-letter') return [];
  const appeal = caseFromState(state, ctx);
  let letter: BuiltLetter;
  try {
    letter = await buildLetter({ appeal, author: state.answers.author ?? 'patient', t: ctx.t, today: ctx.today });
  } catch (error) {
    // Too many letters at once: say so and offer the signer buttons again, rather than queue without end.
    if (!isOverturnError(error, 'busy')) throw error;
    return [
      { kind: 'text', tone: 'warning', text: ctx.t('appeal.letter.busy') },
      authorQuestion(state, ctx, 'appeal.author.again'),
    ];
  }
  return [
    {
      kind: 'file',
      fileName: letter.fileName,
      mimeType: DOCX_MIME,
      bytes: letter.bytes,
      caption: ctx.t('appeal.letter.caption'),
    },
    authorQuestion(state, ctx, 'appeal.author.again'),
  ];
}
