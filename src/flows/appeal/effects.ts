import { isOverturnError } from '../../core/errors.js';
import type { EffectRunner } from '../../core/flow.js';
import type { Effect, FileReply, Reply } from '../../core/types.js';
import { CALENDAR_REFS, calendarReply } from './calendar-file.js';
import type { AppealContext } from './context.js';
import { buildAppealLetter, DOCX_MIME, type LetterAuthor, type LetterBuilder } from './letter/index.js';
import { authorQuestion, currentQuestion, offersPeerToPeer } from './questions.js';
import { firstUnanswered, type AppealState } from './state.js';
import { caseFromState } from './summary.js';
import { defaultAuthor, withVoice } from './voice.js';

const AUTHORS = ['patient', 'care-team'] as const satisfies readonly LetterAuthor[];
const letterRef = (author: LetterAuthor) => `letter-${author}`;
const PEER_TO_PEER_REF = 'peer-to-peer';

/**
 * The letter for the saved answers: a pure function of the state, the
 * author and the day, so any replica can make it again when it is
 * delivered. `buildLetter` renders it in process or in the worker pool.
 */
export async function appealLetter(
  state: AppealState,
  author: LetterAuthor,
  plainCtx: AppealContext,
  buildLetter: LetterBuilder = buildAppealLetter,
): Promise<FileReply> {
  const ctx = withVoice(plainCtx, state.voice);
  const letter = await buildLetter({
    appeal: caseFromState(state, ctx),
    author,
    t: ctx.t,
    today: ctx.today,
    ...(state.profile ? { practice: state.profile } : {}),
    ...(ctx.organisation ? { organisation: ctx.organisation } : {}),
  });
  return {
    kind: 'file',
    fileName: letter.fileName,
    mimeType: DOCX_MIME,
    bytes: letter.bytes,
    caption: ctx.t('appeal.letter.caption'),
    ref: letterRef(author),
  };
}

/** The care team's peer-to-peer preparation sheet, made again from the saved answers in the same way. */
export async function peerToPeerSheet(
  state: AppealState,
  plainCtx: AppealContext,
  buildLetter: LetterBuilder = buildAppealLetter,
): Promise<FileReply> {
  const ctx = withVoice(plainCtx, state.voice);
  const sheet = await buildLetter({
    document: 'peer-to-peer',
    appeal: caseFromState(state, ctx),
    author: 'care-team',
    t: ctx.t,
    today: ctx.today,
  });
  return {
    kind: 'file',
    fileName: sheet.fileName,
    mimeType: DOCX_MIME,
    bytes: sheet.bytes,
    caption: ctx.t('appeal.peerToPeer.caption'),
    ref: PEER_TO_PEER_REF,
  };
}

/** The appeal flow's effect runner for the engine (the only async work a turn does), building documents with `buildLetter`. */
export function appealEffectRunner(
  buildLetter: LetterBuilder = buildAppealLetter,
): EffectRunner<AppealState, AppealContext> {
  return (effect, state, ctx) => runAppealEffect(effect, state, ctx, buildLetter);
}

export async function runAppealEffect(
  effect: Effect,
  state: AppealState,
  plainCtx: AppealContext,
  buildLetter: LetterBuilder = buildAppealLetter,
): Promise<Reply[]> {
  if (effect.type !== 'build-letter' && effect.type !== 'build-peer-to-peer') return [];
  const ctx = withVoice(plainCtx, state.voice);
  let file: FileReply;
  try {
    file =
      effect.type === 'build-peer-to-peer'
        ? await peerToPeerSheet(state, plainCtx, buildLetter)
        : await appealLetter(state, state.answers.author ?? defaultAuthor(state.voice), plainCtx, buildLetter);
  } catch (error) {
    // Too many letters at once: say so and offer the signer buttons again, rather than queue without end.
    if (!isOverturnError(error, 'busy')) throw error;
    return [
      { kind: 'text', tone: 'warning', text: ctx.t('appeal.letter.busy') },
      authorQuestion(state, ctx, 'appeal.author.again'),
    ];
  }
  const calendar = effect.type === 'build-letter' ? calendarReply(caseFromState(state, ctx), ctx) : null;
  return [
    file,
    ...(calendar ? [calendar] : []),
    state.pending?.type === 'remind-offer'
      ? currentQuestion(state, ctx)
      : authorQuestion(state, ctx, 'appeal.author.again'),
  ];
}

/**
 * Makes a letter, sheet or calendar file offered earlier (`ref`) again from the saved answers, when
 * it is downloaded or accepted; null when the answers no longer make one
 * (the user started over or was forgotten).
 */
export async function rebuildAppealFile(
  ref: string,
  state: AppealState,
  ctx: AppealContext,
  buildLetter: LetterBuilder = buildAppealLetter,
): Promise<FileReply | null> {
  if (firstUnanswered(state.answers) !== 'done') return null;
  if (ref === CALENDAR_REFS.plain || ref === CALENDAR_REFS.detailed)
    return calendarReply(caseFromState(state, ctx), ctx, { details: ref === CALENDAR_REFS.detailed });
  if (ref === PEER_TO_PEER_REF)
    return offersPeerToPeer(state, withVoice(ctx, state.voice)) ? peerToPeerSheet(state, ctx, buildLetter) : null;
  const author = AUTHORS.find((a) => letterRef(a) === ref);
  return author ? appealLetter(state, author, ctx, buildLetter) : null;
}
