import type { Effect, FileReply, Reply } from '../../core/types.js';
import type { AppealContext } from './context.js';
import { buildAppealLetter, buildPeerToPeerSheet, DOCX_MIME, type LetterAuthor } from './letter/index.js';
import { authorQuestion, offersPeerToPeer } from './questions.js';
import { firstUnanswered, type AppealState } from './state.js';
import { caseFromState } from './summary.js';
import { defaultAuthor, withVoice } from './voice.js';

const AUTHORS = ['patient', 'care-team'] as const satisfies readonly LetterAuthor[];
const letterRef = (author: LetterAuthor) => `letter-${author}`;
const PEER_TO_PEER_REF = 'peer-to-peer';

/**
 * The letter for the saved answers: a pure function of the state, the
 * author and the day, so any replica can make it again when it is
 * delivered. The one async call behind which the build may move to a worker.
 */
export async function appealLetter(
  state: AppealState,
  author: LetterAuthor,
  plainCtx: AppealContext,
): Promise<FileReply> {
  const ctx = withVoice(plainCtx, state.voice);
  const letter = await buildAppealLetter({
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
export async function peerToPeerSheet(state: AppealState, plainCtx: AppealContext): Promise<FileReply> {
  const ctx = withVoice(plainCtx, state.voice);
  const sheet = await buildPeerToPeerSheet({ appeal: caseFromState(state, ctx), t: ctx.t, today: ctx.today });
  return {
    kind: 'file',
    fileName: sheet.fileName,
    mimeType: DOCX_MIME,
    bytes: sheet.bytes,
    caption: ctx.t('appeal.peerToPeer.caption'),
    ref: PEER_TO_PEER_REF,
  };
}

/** Runs the appeal flow's effects for the engine (the only async work a turn does). */
export async function runAppealEffect(effect: Effect, state: AppealState, plainCtx: AppealContext): Promise<Reply[]> {
  if (effect.type !== 'build-letter' && effect.type !== 'build-peer-to-peer') return [];
  const ctx = withVoice(plainCtx, state.voice);
  const file =
    effect.type === 'build-peer-to-peer'
      ? await peerToPeerSheet(state, plainCtx)
      : await appealLetter(state, state.answers.author ?? defaultAuthor(state.voice), plainCtx);
  return [file, authorQuestion(state, ctx, 'appeal.author.again')];
}

/**
 * Makes a file offered earlier (`ref`) again from the saved answers, when
 * it is downloaded or accepted; null when the answers no longer make one
 * (the user started over or was forgotten).
 */
export async function rebuildAppealFile(
  ref: string,
  state: AppealState,
  ctx: AppealContext,
): Promise<FileReply | null> {
  if (firstUnanswered(state.answers) !== 'done') return null;
  if (ref === PEER_TO_PEER_REF)
    return offersPeerToPeer(state, withVoice(ctx, state.voice)) ? peerToPeerSheet(state, ctx) : null;
  const author = AUTHORS.find((a) => letterRef(a) === ref);
  return author ? appealLetter(state, author, ctx) : null;
}
