import type { Effect, Reply } from '../../core/types.js';
import { calendarReply } from './calendar-file.js';
import type { AppealContext } from './context.js';
import { buildAppealLetter, DOCX_MIME } from './letter/index.js';
import { authorQuestion, currentQuestion } from './questions.js';
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
  });
  const calendar = calendarReply(appeal, ctx);
  return [
    {
      kind: 'file',
      fileName: letter.fileName,
      mimeType: DOCX_MIME,
      bytes: letter.bytes,
      caption: ctx.t('appeal.letter.caption'),
    },
    ...(calendar ? [calendar] : []),
    state.pending?.type === 'remind-offer'
      ? currentQuestion(state, ctx)
      : authorQuestion(state, ctx, 'appeal.author.again'),
  ];
}
