import type { Effect, Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { buildAppealLetter } from './letter/index.js';
import { authorQuestion } from './questions.js';
import type { AppealState } from './state.js';
import { caseFromState } from './summary.js';

/** Runs the appeal flow's effects for the engine (the only async work a turn does). */
export async function runAppealEffect(effect: Effect, state: AppealState, ctx: AppealContext): Promise<Reply[]> {
  if (effect.type !== 'build-letter') return [];
  const appeal = caseFromState(state, ctx);
  const letter = await buildAppealLetter({
    appeal,
    author: state.answers.author ?? 'patient',
    t: ctx.t,
    today: ctx.today,
    ...(state.details ? { details: state.details } : {}),
  });
  return [
    { kind: 'file', ...letter.docx, caption: ctx.t('appeal.letter.caption') },
    { kind: 'file', ...letter.pdf, caption: ctx.t('appeal.letter.pdfCaption') },
    authorQuestion(state, ctx, 'appeal.author.again'),
  ];
}
