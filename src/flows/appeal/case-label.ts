import type { AppealContext } from './context.js';
import { longDate } from './domain/calendar.js';
import type { AppealState, Answers, CaseMeta, StoredCase } from './state.js';

/** Longest piece of a label taken from what the user typed (an unknown drug or insurer). */
const PIECE = 24;

function piece(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > PIECE ? `${clean.slice(0, PIECE - 1)}…` : clean;
}

/**
 * "Case 3 · Ocrevus · Cigna Healthcare · notice of Mar 3": the case's number,
 * then its name if the user gave one, else the drug, the insurer and the
 * notice's date from the answers. Never a patient's name or number: the bot
 * asks for none, and a name the user types is checked (see `nameProblem`).
 */
export function caseLabel(meta: CaseMeta, answers: Answers, ctx: AppealContext): string {
  const t = ctx.t;
  const head = t('appeal.cases.number', { id: meta.id });
  if (meta.name) return [head, meta.name].join(' · ');
  const drug = answers.drug?.id ? ctx.knowledge.drugs.get(answers.drug.id)?.brand : answers.drug?.text;
  const insurer = answers.insurer?.id ? ctx.knowledge.insurers.get(answers.insurer.id)?.name : answers.insurer?.text;
  const notice = answers.denialDate
    ? t('appeal.cases.noticeOf', { date: longDate(answers.denialDate, t, 'appeal.cases.dateFormat') })
    : undefined;
  const pieces = [drug, insurer].filter((p): p is string => Boolean(p)).map(piece);
  if (notice) pieces.push(notice);
  return [head, ...(pieces.length > 0 ? pieces : [t('appeal.cases.notStarted')])].join(' · ');
}

/** The case being worked on. Before a second case exists it is case 1. */
export function currentMeta(state: AppealState): CaseMeta {
  return state.cases?.current ?? { id: 1 };
}

/** The current case as it would be stored when the user moves to another. */
export function storedCurrent(state: AppealState): StoredCase {
  return {
    ...currentMeta(state),
    step: state.step,
    answers: state.answers,
    ...(state.pending ? { pending: state.pending } : {}),
    editing: state.editing,
    ...(state.followUp ? { followUp: state.followUp } : {}),
    ...(state.detailsAsked !== undefined ? { detailsAsked: state.detailsAsked } : {}),
  };
}

/** Every case, current one included, in number order. */
export function allCases(state: AppealState): StoredCase[] {
  return [storedCurrent(state), ...(state.cases?.others ?? [])].sort((a, b) => a.id - b.id);
}

export function openCases(state: AppealState): StoredCase[] {
  return allCases(state).filter((c) => !c.closed);
}
