import type { Effect, FileReply, Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { buildAppealLetter, type LetterAuthor } from './letter/index.js';
import { authorQuestion } from './questions.js';
import { firstUnanswered, type AppealState } from './state.js';
import { caseFromState } from './summary.js';

const AUTHORS = ['patient', 'care-team'] as const satisfies readonly LetterAuthor[];
const FORMATS = ['docx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];
const letterRef = (author: LetterAuthor, format: Format) =>
  format === 'docx' ? `letter-${author}` : `letter-${author}-pdf`;

/**
 * The letter for the saved answers: a pure function of the state, the
 * author and the day, so any replica can make it again when it is
 * delivered. The one async call behind which the build may move to a worker.
 */
export async function appealLetter(state: AppealState, author: LetterAuthor, ctx: AppealContext): Promise<FileReply[]> {
  const letter = await buildAppealLetter({
    appeal: caseFromState(state, ctx),
    author,
    t: ctx.t,
    today: ctx.today,
    ...(state.details ? { details: state.details } : {}),
  });
  return [
    { kind: 'file', ...letter.docx, caption: ctx.t('appeal.letter.caption'), ref: letterRef(author, 'docx') },
    { kind: 'file', ...letter.pdf, caption: ctx.t('appeal.letter.pdfCaption'), ref: letterRef(author, 'pdf') },
  ];
}

/** Runs the appeal flow's effects for the engine (the only async work a turn does). */
export async function runAppealEffect(effect: Effect, state: AppealState, ctx: AppealContext): Promise<Reply[]> {
  if (effect.type !== 'build-letter') return [];
  return [
    ...(await appealLetter(state, state.answers.author ?? 'patient', ctx)),
    authorQuestion(state, ctx, 'appeal.author.again'),
  ];
}

/**
 * Makes a letter offered earlier (`ref`) again from the saved answers, when
 * it is downloaded or accepted; null when the answers no longer make one
 * (the user started over or was forgotten).
 */
export async function rebuildAppealFile(
  ref: string,
  state: AppealState,
  ctx: AppealContext,
): Promise<FileReply | null> {
  const author = AUTHORS.find((a) => FORMATS.some((f) => letterRef(a, f) === ref));
  if (!author || firstUnanswered(state.answers) !== 'done') return null;
  return (await appealLetter(state, author, ctx)).find((file) => file.ref === ref) ?? null;
}
