import { isOverturnError } from '../../core/errors.js';
import type { EffectRunner } from '../../core/flow.js';
import type { Effect, FileReply, Reply } from '../../core/types.js';
import { CALENDAR_REFS, writeCalendarHere, writtenCalendarReply, type CalendarWriter } from './calendar-file.js';
import type { AppealContext } from './context.js';
import {
  buildAppealLetter,
  buildLetterFile,
  buildPeerToPeerSheet,
  LETTER_FORMATS,
  type BuiltFile,
  type LetterAuthor,
  type LetterBuilder,
  type LetterRequest,
  type LetterFormat,
} from './letter/index.js';
import { authorQuestion, currentQuestion, offersPeerToPeer } from './questions.js';
import { firstUnanswered, type AppealState } from './state.js';
import { appealHelp } from './domain/where-to-get-help.js';
import { caseFromState } from './summary.js';
import { defaultAuthor, withVoice } from './voice.js';

const AUTHORS = ['patient', 'care-team'] as const satisfies readonly LetterAuthor[];
const letterRef = (author: LetterAuthor, format: LetterFormat) =>
  format === 'docx' ? `letter-${author}` : `letter-${author}-pdf`;
const PEER_TO_PEER_REF = 'peer-to-peer';

/**
 * What the letter is made from: the answers and details, in the user's voice, with the practice profile, the
 * organisation and the state's help. The letter speaks to the plan in its language (English), from the
 * knowledge as written; its notes page speaks to the user in theirs.
 */
function letterRequest(state: AppealState, author: LetterAuthor, plainCtx: AppealContext): LetterRequest {
  const ctx = withVoice(plainCtx, state.voice);
  const appeal = caseFromState(state, { ...ctx, knowledge: ctx.letter.knowledge });
  const insurerNote = appeal.insurer ? ctx.knowledge.insurers.get(appeal.insurer.id)?.note : undefined;
  const stateHelp = appealHelp(appeal, state.answers.state, ctx.knowledge).state;
  return {
    appeal,
    author,
    t: ctx.letter.t,
    notes: { t: ctx.t, ...(insurerNote ? { insurerNote } : {}) },
    today: ctx.today,
    ...(state.details ? { details: state.details, detailsReviewed: state.detailsSent === true } : {}),
    ...(state.profile ? { practice: state.profile } : {}),
    ...(ctx.organisation ? { organisation: ctx.organisation } : {}),
    ...(stateHelp ? { stateHelp } : {}),
  };
}

function letterReply(file: BuiltFile, author: LetterAuthor, format: LetterFormat, ctx: AppealContext): FileReply {
  const caption = format === 'docx' ? 'appeal.letter.caption' : 'appeal.letter.pdfCaption';
  return { kind: 'file', ...file, caption: ctx.t(caption), ref: letterRef(author, format) };
}

/**
 * The letter for the saved answers, as a .docx and a PDF: a pure function of
 * the state, the author and the day, so any replica can make it again when it
 * is delivered. `buildLetter` renders it in process or in the worker pool.
 */
export async function appealLetter(
  state: AppealState,
  author: LetterAuthor,
  ctx: AppealContext,
  buildLetter: LetterBuilder = buildLetterFile,
): Promise<FileReply[]> {
  const letter = await buildAppealLetter(letterRequest(state, author, ctx), buildLetter);
  return [letterReply(letter.docx, author, 'docx', ctx), letterReply(letter.pdf, author, 'pdf', ctx)];
}

/** The care team's peer-to-peer preparation sheet, made again from the saved answers in the same way. */
export async function peerToPeerSheet(
  state: AppealState,
  plainCtx: AppealContext,
  buildLetter: LetterBuilder = buildLetterFile,
): Promise<FileReply> {
  const ctx = withVoice(plainCtx, state.voice);
  const sheet = await buildPeerToPeerSheet(
    { appeal: caseFromState(state, ctx), t: ctx.t, today: ctx.today },
    buildLetter,
  );
  return { kind: 'file', ...sheet, caption: ctx.t('appeal.peerToPeer.caption'), ref: PEER_TO_PEER_REF };
}

/**
 * The appeal flow's effect runner for the engine (the only async work a turn does), building documents with
 * `buildLetter` and writing calendar files with `writeCalendar`.
 */
export function appealEffectRunner(
  buildLetter: LetterBuilder = buildLetterFile,
  writeCalendar: CalendarWriter = writeCalendarHere,
): EffectRunner<AppealState, AppealContext> {
  return (effect, state, ctx) => runAppealEffect(effect, state, ctx, buildLetter, writeCalendar);
}

export async function runAppealEffect(
  effect: Effect,
  state: AppealState,
  plainCtx: AppealContext,
  buildLetter: LetterBuilder = buildLetterFile,
  writeCalendar: CalendarWriter = writeCalendarHere,
): Promise<Reply[]> {
  if (effect.type !== 'build-letter' && effect.type !== 'build-peer-to-peer') return [];
  const ctx = withVoice(plainCtx, state.voice);
  // Written beside the letter, not after it: in the pool both take threads at once.
  const writing =
    effect.type === 'build-letter' ? writtenCalendarReply(caseFromState(state, ctx), ctx, writeCalendar) : null;
  // A letter refused as busy returns before the calendar is awaited: its outcome must not go unhandled.
  writing?.catch(() => {});
  let files: FileReply[];
  try {
    files =
      effect.type === 'build-peer-to-peer'
        ? [await peerToPeerSheet(state, plainCtx, buildLetter)]
        : await appealLetter(state, state.answers.author ?? defaultAuthor(state.voice), plainCtx, buildLetter);
  } catch (error) {
    // Too many letters at once: say so and offer the signer buttons again, rather than queue without end.
    if (!isOverturnError(error, 'busy')) throw error;
    return [
      { kind: 'text', tone: 'warning', text: ctx.t('appeal.letter.busy') },
      authorQuestion(state, ctx, 'appeal.author.again'),
    ];
  }
  const calendar = await writing;
  const inEnglish: Reply[] =
    ctx.t.locale === ctx.letter.t.locale ? [] : [{ kind: 'text', tone: 'info', text: ctx.t('appeal.letter.language') }];
  return [
    ...files,
    ...inEnglish,
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
  buildLetter: LetterBuilder = buildLetterFile,
  writeCalendar: CalendarWriter = writeCalendarHere,
): Promise<FileReply | null> {
  if (firstUnanswered(state.answers) !== 'done') return null;
  if (ref === CALENDAR_REFS.plain || ref === CALENDAR_REFS.detailed)
    return writtenCalendarReply(caseFromState(state, ctx), ctx, writeCalendar, {
      details: ref === CALENDAR_REFS.detailed,
    });
  if (ref === PEER_TO_PEER_REF)
    return offersPeerToPeer(state, withVoice(ctx, state.voice)) ? peerToPeerSheet(state, ctx, buildLetter) : null;
  for (const author of AUTHORS) {
    const format = LETTER_FORMATS.find((f) => letterRef(author, f) === ref);
    if (format) return letterReply(await buildLetter(letterRequest(state, author, ctx), format), author, format, ctx);
  }
  return null;
}
