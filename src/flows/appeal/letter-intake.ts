import type { StepResult } from '../../core/flow.js';
import type { DocumentOutcome, QuestionReply, Reply } from '../../core/types.js';
import { navActions } from '../commands.js';
import { dateReadingWords, readStep, readYesNo } from './answers.js';
import type { AppealContext } from './context.js';
import { isCalendarDate, longDate } from './domain/calendar.js';
import { readDenialDate } from './domain/denial-date.js';
import { escapeRegExp, normalize } from './domain/match.js';
import { detailsFromLetter, type LetterIdentifiers } from './denial/details.js';
import { drugDisplay } from './questions.js';
import {
  type Answers,
  type AppealState,
  LETTER_FIELDS,
  type LetterField,
  type Pending,
  type QuestionStep,
} from './state.js';

/**
 * The denial letter as an answer: what was read is shown with the line it came
 * from, the user confirms or corrects it in one step, and only what is still
 * missing is asked. Pure, like every step: the file was read at the edge.
 */
type LetterPending = Extract<Pending, { type: 'letter' }>;

/** The letter waiting for confirmation (callers only come here while one is). */
function letterPending(state: AppealState): LetterPending {
  const p = state.pending;
  if (p?.type !== 'letter') throw new Error('no letter is waiting for confirmation');
  return p;
}
type Found = LetterPending['found'];
/** The line of the letter each value came from: shown with the values once, never saved. */
type Sources = Partial<Record<LetterField, string>>;

/** Below this a value is not offered; below `CHECK` it is offered with "please check". */
const OFFER = 0.4;
const CHECK = 0.6;
const MAX = 200;

export const USE = 'use';
export const DROP = 'drop';

const say = (text: string, tone?: 'info' | 'warning' | 'success'): Reply => ({
  kind: 'text',
  text,
  ...(tone ? { tone } : {}),
});

/** Keeps what the knowledge and the flow can use; a bad date or an unknown id is left for the questions. */
function usable(
  outcome: Extract<DocumentOutcome, { ok: true }>,
  ctx: AppealContext,
): { found: Found; sources: Sources } {
  const found: Found = {};
  const sources: Sources = {};
  const k = ctx.knowledge;
  for (const field of LETTER_FIELDS) {
    const f = outcome.fields[field];
    if (!f || f.confidence < OFFER) continue;
    const valid =
      (field === 'insurer' && (!f.id || k.insurers.has(f.id))) ||
      (field === 'drug' && (!f.id || k.drugs.has(f.id))) ||
      (field === 'reason' && f.id !== undefined && k.reasons.has(f.id)) ||
      (field === 'plan' && f.id !== undefined && k.planTypes.has(f.id)) ||
      (field === 'stage' && (f.id === 'first' || f.id === 'appeal-denied')) ||
      (field === 'noticeDate' && isCalendarDate(f.value) && f.value <= ctx.today) ||
      ['memberId', 'claimNumber', 'policy', 'appealsAddress', 'appealsFax', 'prescriber'].includes(field);
    if (!valid) continue;
    found[field] = { value: f.value.slice(0, MAX), ...(f.id ? { id: f.id } : {}), check: f.confidence < CHECK };
    sources[field] = f.source.slice(0, MAX);
  }
  return { found, sources };
}

function result(state: AppealState, replies: Reply[]): StepResult<AppealState> {
  return { state, replies, effects: [] };
}

/** A document arrived: a kind word about a problem, or what it says, for the user to confirm. */
export function receiveLetter(
  state: AppealState,
  outcome: DocumentOutcome,
  ctx: AppealContext,
  reask: (state: AppealState, ...before: Reply[]) => StepResult<AppealState>,
): StepResult<AppealState> {
  // A letter read before and not yet confirmed gives way to this one.
  const base: AppealState = { ...withoutProposed(state), pending: undefined };
  if (!outcome.ok) return reask(base, say(ctx.t(`reading.problem.${outcome.problem}`, outcome.params), 'warning'));
  const { found: all, sources } = usable(outcome, ctx);
  const { found, identifiers } = splitIdentifiers(all);
  const drugChoices = (outcome.choices?.drug ?? []).filter((id) => ctx.knowledge.drugs.has(id)).slice(0, 5);
  if (Object.keys(found).length === 0 && drugChoices.length < 2)
    return reask(base, say(ctx.t('reading.found.nothing'), 'info'));
  const given = base.details ?? {};
  const details = detailsFromLetter(identifiers, given, (fax) => ctx.t('reading.faxLine', { fax }));
  const proposed = DETAIL_OF_LETTER.filter((name) => details[name] !== undefined && given[name] === undefined);
  const pending: LetterPending = {
    type: 'letter',
    found,
    ...(proposed.length > 0 ? { proposed } : {}),
    ...(drugChoices.length > 1 ? { drugChoices } : {}),
    ...(outcome.pagesRead < outcome.totalPages
      ? { pagesNote: { read: outcome.pagesRead, total: outcome.totalPages } }
      : {}),
  };
  const next: AppealState = { ...base, ...(proposed.length > 0 ? { details } : {}), pending };
  return result(next, [letterQuestion(next, ctx, sources, all)]);
}

function shown(field: LetterField, f: Found[LetterField] & object, ctx: AppealContext): string {
  const k = ctx.knowledge;
  switch (field) {
    case 'insurer':
      return f.id ? (k.insurers.get(f.id)?.name ?? f.value) : f.value;
    case 'drug':
      return f.id ? drugDisplay(ctx, f.id) : f.value;
    case 'reason':
      return k.reasons.get(f.id ?? '')?.name ?? f.value;
    case 'plan':
      return k.planTypes.get(f.id ?? '')?.name ?? f.value;
    case 'noticeDate':
      return longDate(f.value, ctx.t);
    case 'stage':
      return ctx.t(`reading.stage.${f.id}`);
    default:
      return f.value;
  }
}

/** "Here is what I found", each with its source line, and one question: use these, or correct. */
export function letterQuestion(
  state: AppealState,
  ctx: AppealContext,
  sources: Sources = {},
  read: Found = withProposed(state),
): QuestionReply {
  const p = letterPending(state);
  const t = ctx.t;
  const lines = LETTER_FIELDS.flatMap((field) => {
    const f = read[field];
    if (!f) return [];
    const params = { label: t(`reading.labels.${field}`), value: shown(field, f, ctx), source: sources[field] ?? '' };
    const key = sources[field] ? (f.check ? 'reading.found.check' : 'reading.found.item') : 'reading.found.plain';
    return [`• ${t(key, params)}`];
  });
  if (p.drugChoices)
    lines.push(`• ${t('reading.labels.drug')}: ${p.drugChoices.map((id) => drugDisplay(ctx, id)).join(' / ')}`);
  const note = p.pagesNote ? [t('reading.pagesNote', { read: p.pagesNote.read, total: p.pagesNote.total })] : [];
  return {
    kind: 'question',
    step: 'letter',
    text: [t('reading.found.title'), ...lines, ...note].join('\n'),
    hint: t('reading.found.question'),
    input: {
      type: 'choices',
      style: 'short',
      allowText: true,
      choices: [
        { id: USE, label: t('reading.found.use') },
        { id: DROP, label: t('reading.found.drop') },
      ],
    },
    nav: navActions(t, ['change', 'restart', 'help', 'forget']),
  };
}

/** The confirmed letter values as answers (the user's earlier answers give way: the letter was checked). */
function apply(answers: Answers, found: Found): Answers {
  const next: Answers = { ...answers };
  if (found.insurer)
    next.insurer = { ...(found.insurer.id ? { id: found.insurer.id } : {}), text: found.insurer.value };
  if (found.drug) next.drug = { ...(found.drug.id ? { id: found.drug.id } : {}), text: found.drug.value };
  if (found.reason?.id) next.reason = { id: found.reason.id };
  if (found.plan?.id) next.plan = found.plan.id;
  if (found.stage?.id === 'first' || found.stage?.id === 'appeal-denied') next.stage = found.stage.id;
  if (found.noticeDate) next.denialDate = found.noticeDate.value;
  return next;
}

/**
 * "Use these": the answers are filled in; then a drug to pick if the letter
 * named two, else the first question still open (or the summary).
 */
export function useLetter(
  state: AppealState,
  ctx: AppealContext,
  found: Found,
  answered: (state: AppealState, answers: Answers, ack: Reply[]) => StepResult<AppealState>,
  reask: (state: AppealState, ...before: Reply[]) => StepResult<AppealState>,
  before: Reply[] = [],
): StepResult<AppealState> {
  const p = letterPending(state);
  const answers = apply(state.answers, found);
  // The identifiers already wait in the details (see receiveLetter): confirming keeps them.
  const kept = state;
  const ack = [...before, say(ctx.t('reading.found.used'), 'success')];
  if (p.drugChoices && !found.drug) {
    const step = 'drug';
    const next: AppealState = {
      ...kept,
      answers,
      step,
      editing: false,
      pending: {
        type: 'guess',
        step,
        ids: p.drugChoices,
        text: p.drugChoices
          .map((id) => drugDisplay(ctx, id))
          .join(' / ')
          .slice(0, MAX),
      },
    };
    return reask(next, ...ack, say(ctx.t('reading.twoDrugs')));
  }
  return answered({ ...kept, pending: undefined }, answers, ack);
}

/** The letter details the identifiers fill, and the letter field each shows as. */
const DETAIL_OF_LETTER = ['memberId', 'claimNumber', 'appealsAddress', 'prescriberName'] as const;
type ProposedDetail = (typeof DETAIL_OF_LETTER)[number];
const SHOWN_AS: Record<ProposedDetail, LetterField> = {
  memberId: 'memberId',
  claimNumber: 'claimNumber',
  appealsAddress: 'appealsAddress',
  prescriberName: 'prescriber',
};
const IDENTIFIER_FIELDS = ['memberId', 'claimNumber', 'appealsAddress', 'appealsFax', 'prescriber'] as const;

/** The identifiers read go to the private details; the rest waits in the question. */
function splitIdentifiers(all: Found): { found: Found; identifiers: LetterIdentifiers } {
  const found: Found = { ...all };
  const identifiers: LetterIdentifiers = {};
  for (const field of IDENTIFIER_FIELDS) {
    const value = all[field]?.value;
    if (value) identifiers[field] = value;
    delete found[field];
  }
  return { found, identifiers };
}

/** What the letter question shows again (after a typed answer it did not understand): the details proposed included. */
function withProposed(state: AppealState): Found {
  const p = letterPending(state);
  const read: Found = { ...p.found };
  for (const name of p.proposed ?? []) {
    const value = state.details?.[name];
    if (value) read[SHOWN_AS[name]] = { value: value.split('\n').join(', '), check: false };
  }
  return read;
}

/** The state without the details a letter proposed and nobody confirmed. */
function withoutProposed(state: AppealState): AppealState {
  const p = state.pending;
  if (p?.type !== 'letter' || !p.proposed || !state.details) return state;
  const details = { ...state.details };
  for (const name of p.proposed) delete details[name];
  const { details: _dropped, ...rest } = state;
  return Object.keys(details).length > 0 ? { ...rest, details } : rest;
}

type Correction = { field: LetterField; value: Found[LetterField] & object };

/** The catalog's words as a whole-word alternation, longest first. */
function alternation(ctx: AppealContext, key: string): string {
  return ctx
    .t(key)
    .split('|')
    .map((w) => w.trim())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((w) => escapeRegExp(w).replace(/ /g, '\\s+'))
    .join('|');
}

/**
 * "the date is 3/4/2026", "la fecha es 3/4/2026" → "3/4/2026": what comes after the
 * words that name the date (`reading.correction.*`), so a bare numeric date reads whole.
 */
function withoutDateLead(text: string, ctx: AppealContext): string {
  const edge = '(?![\\p{L}\\d])';
  const lead = new RegExp(
    `^.*?(?<![\\p{L}\\d])(?:${alternation(ctx, 'reading.correction.dateWords')})${edge}\\s*:?\\s*(?:(?:${alternation(ctx, 'reading.correction.linkWords')})${edge})?\\s*:?\\s*`,
    'iu',
  );
  return text.replace(lead, '');
}

/** One typed correction ("the drug is Humira", "la fecha es 3/4/2026"): which field, and its new value. */
export function readCorrection(text: string, ctx: AppealContext): Correction | null {
  const m = ctx.knowledge.match;
  const step = readStep(text, ctx);
  // "Change role" is not a field a letter fills.
  const named: QuestionStep | null = step === 'voice' ? null : step;
  const source = text.slice(0, MAX);
  const tryField = (field: 'insurer' | 'drug' | 'reason' | 'plan'): Correction | null => {
    const hit = m[field === 'plan' ? 'planType' : field].match(text);
    if (hit.kind !== 'sure') return null;
    const k = ctx.knowledge;
    const name =
      field === 'insurer'
        ? k.insurers.get(hit.id)?.name
        : field === 'drug'
          ? k.drugs.get(hit.id)?.brand
          : field === 'reason'
            ? k.reasons.get(hit.id)?.name
            : k.planTypes.get(hit.id)?.name;
    return { field, value: { value: (name ?? source).slice(0, MAX), id: hit.id, check: false } };
  };
  const tryDate = (): Correction | null => {
    const words = dateReadingWords(ctx);
    for (const typed of [withoutDateLead(text, ctx), text]) {
      const reading = readDenialDate(typed, ctx.today, words);
      const date = reading.kind === 'sure' ? reading.date : reading.kind === 'confirm' ? reading.options[0] : undefined;
      if (date && date <= ctx.today) return { field: 'noticeDate', value: { value: date, check: false } };
    }
    return null;
  };
  if (named === 'denialDate') return tryDate();
  if (named === 'insurer' || named === 'drug' || named === 'reason' || named === 'plan') return tryField(named);
  return tryField('drug') ?? tryField('insurer') ?? tryField('reason') ?? tryField('plan') ?? tryDate();
}

/** A typed answer while the letter waits: yes/no, or a correction applied with everything else in one step. */
export function letterText(
  state: AppealState,
  text: string,
  ctx: AppealContext,
  answered: (state: AppealState, answers: Answers, ack: Reply[]) => StepResult<AppealState>,
  reask: (state: AppealState, ...before: Reply[]) => StepResult<AppealState>,
): StepResult<AppealState> {
  const p = letterPending(state);
  const said = normalize(text);
  const yesNo =
    said === normalize(ctx.t('reading.found.use'))
      ? 'yes'
      : said === normalize(ctx.t('reading.found.drop'))
        ? 'no'
        : readYesNo(text, ctx);
  if (yesNo === 'yes') return useLetter(state, ctx, p.found, answered, reask);
  if (yesNo === 'no') return dropLetter(state, ctx, reask);
  const correction = readCorrection(text, ctx);
  if (!correction) return result(state, [say(ctx.t('reading.found.notUnderstood')), letterQuestion(state, ctx)]);
  const found = { ...p.found, [correction.field]: correction.value };
  const label = ctx.t(`reading.labels.${correction.field}`);
  return useLetter({ ...state, pending: { ...p, found } }, ctx, found, answered, reask, [
    say(ctx.t('reading.found.corrected', { label })),
  ]);
}

export function dropLetter(
  state: AppealState,
  ctx: AppealContext,
  reask: (state: AppealState, ...before: Reply[]) => StepResult<AppealState>,
): StepResult<AppealState> {
  return reask({ ...withoutProposed(state), pending: undefined }, say(ctx.t('reading.found.dropped')));
}
