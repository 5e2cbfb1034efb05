import type { StepResult } from '../../core/flow.js';
import type { Effect, Reply, UserInput } from '../../core/types.js';
import { readYesNo } from './answers.js';
import { allCases, caseLabel, currentMeta, openCases, storedCurrent } from './case-label.js';
import { nameProblem, readCaseCommand, type CaseCommand } from './case-commands.js';
import { allJobs, caseExpires, readJobId, remindingCases } from './case-reminders.js';
import type { AppealContext } from './context.js';
import { longDate } from './domain/calendar.js';
import { caseChoiceId, currentQuestion, NEW_CASE } from './questions.js';
import { withVoice } from './voice.js';
import {
  MAX_KEPT_CASES,
  MAX_OPEN_CASES,
  restartedAppealState,
  type AppealState,
  type CaseMeta,
  type StoredCase,
} from './state.js';

/**
 * Many cases per person (a nurse navigator's patients, a volunteer's
 * members), as pure functions over the state. The case being worked on keeps
 * its answers at the top of the state, so every question step stays as it
 * was; the others wait whole in `state.cases.others` until the user switches.
 * All of them live in the one session record, so "forget me" deletes them
 * all in every store at once.
 */

type Result = StepResult<AppealState>;

const say = (text: string, tone?: 'info' | 'warning' | 'success'): Reply => ({
  kind: 'text',
  text,
  ...(tone ? { tone } : {}),
});

/** Pending questions that belong to the moment (the list, a confirmation), never stored with a case. */
const PASSING = new Set(['cases', 'case-delete', 'handoff-share']);

function label(c: StoredCase | (CaseMeta & { answers: AppealState['answers'] }), ctx: AppealContext): string {
  return caseLabel(c, c.answers, ctx);
}

/** A stored case without the pending question of a passing moment (the case list, a confirmation). */
function settled(c: StoredCase): StoredCase {
  if (!c.pending || !PASSING.has(c.pending.type)) return c;
  const { pending: _passing, ...rest } = c;
  return rest;
}

/** The current case put aside: worked on today, its expiry counted from now. */
function stash(state: AppealState, ctx: AppealContext): StoredCase {
  return { ...settled(storedCurrent(state)), touched: ctx.today };
}

/**
 * The letter details by case, with the current case's put aside under its
 * number and `target`'s taken out: they stay in the private fields, never in
 * the stored cases.
 */
function detailsAside(
  state: AppealState,
  target: number,
): {
  details?: AppealState['details'];
  caseDetails?: AppealState['caseDetails'];
} {
  const all: NonNullable<AppealState['caseDetails']> = { ...(state.caseDetails ?? {}) };
  if (state.details) all[String(currentMeta(state).id)] = state.details;
  const details = all[String(target)];
  delete all[String(target)];
  return { ...(details ? { details } : {}), ...(Object.keys(all).length > 0 ? { caseDetails: all } : {}) };
}

/** The state with `target` as the case being worked on and `others` waiting. */
function workOn(state: AppealState, target: StoredCase, others: StoredCase[], nextId: number): AppealState {
  const {
    id,
    name,
    touched: _touched,
    closed: _closed,
    step,
    answers,
    pending,
    editing,
    followUp,
    detailsAsked,
  } = target;
  const base = restartedAppealState({ ...state, cases: undefined, caseDetails: undefined });
  const kept = new Set([id, ...others.map((c) => c.id)]);
  const aside = detailsAside(state, id);
  const caseDetails = Object.fromEntries(
    Object.entries(aside.caseDetails ?? {}).filter(([key]) => kept.has(Number(key))),
  );
  return {
    ...base,
    step,
    answers,
    editing,
    ...(pending ? { pending } : {}),
    ...(followUp ? { followUp } : {}),
    ...(detailsAsked !== undefined ? { detailsAsked } : {}),
    ...(aside.details ? { details: aside.details } : {}),
    ...(Object.keys(caseDetails).length > 0 ? { caseDetails } : {}),
    cases: { current: { id, ...(name ? { name } : {}) }, others, nextId },
  };
}

/** The state without the letter details of cases that are gone. */
function withoutDetailsOf(state: AppealState, ids: number[]): AppealState {
  if (!state.caseDetails) return state;
  const rest = Object.fromEntries(Object.entries(state.caseDetails).filter(([key]) => !ids.includes(Number(key))));
  const { caseDetails: _all, ...without } = state;
  return Object.keys(rest).length > 0 ? { ...without, caseDetails: rest } : without;
}

function othersOf(state: AppealState): StoredCase[] {
  return state.cases?.others ?? [];
}

function nextIdOf(state: AppealState): number {
  return state.cases?.nextId ?? 2;
}

/** Moves to case `id`, reopening it if it was closed. */
function switchTo(state: AppealState, ctx: AppealContext, id: number, before: Reply[] = []): Result {
  const t = ctx.t;
  const cleared: AppealState = { ...state, pending: undefined };
  if (id === currentMeta(state).id)
    return reask(cleared, ctx, ...before, say(t('appeal.cases.already', { label: label(storedCurrent(state), ctx) })));
  const target = othersOf(state).find((c) => c.id === id);
  if (!target) return reask(cleared, ctx, ...before, say(t('appeal.cases.noSuchCase', { id }), 'warning'));
  if (target.closed && openCases(state).length >= MAX_OPEN_CASES)
    return reask(cleared, ctx, ...before, say(t('appeal.cases.limitOpen', { max: MAX_OPEN_CASES }), 'warning'));
  const waiting = [...othersOf(state).filter((c) => c.id !== id), stash(cleared, ctx)];
  const next = workOn(state, { ...target, touched: ctx.today }, waiting, nextIdOf(state));
  const key = target.closed ? 'appeal.cases.reopened' : 'appeal.cases.switched';
  return {
    state: next,
    replies: [...before, say(t(key, { label: label(target, ctx) }), 'success'), currentQuestion(next, ctx)],
    effects: [],
  };
}

/** A new, empty case; the one being worked on waits. */
function newCase(state: AppealState, ctx: AppealContext): Result {
  const t = ctx.t;
  const cleared: AppealState = { ...state, pending: undefined };
  if (openCases(state).length >= MAX_OPEN_CASES)
    return reask(cleared, ctx, say(t('appeal.cases.limitOpen', { max: MAX_OPEN_CASES }), 'warning'));
  if (allCases(state).length >= MAX_KEPT_CASES)
    return reask(cleared, ctx, say(t('appeal.cases.limitKept', { max: MAX_KEPT_CASES }), 'warning'));
  const id = nextIdOf(state);
  const fresh: StoredCase = { id, step: 'insurer', answers: {}, editing: false };
  const next = workOn(state, fresh, [...othersOf(state), stash(cleared, ctx)], id + 1);
  return {
    state: next,
    replies: [say(t('appeal.cases.opened', { id }), 'success'), currentQuestion(next, ctx)],
    effects: [],
  };
}

function reask(state: AppealState, ctx: AppealContext, ...before: Reply[]): Result {
  return { state, replies: [...before, currentQuestion(state, ctx)], effects: [] };
}

function rename(state: AppealState, ctx: AppealContext, name: string, id?: number): Result {
  const t = ctx.t;
  const cleared: AppealState = { ...state, pending: undefined };
  const problem = nameProblem(name);
  if (problem) return reask(cleared, ctx, say(t(`appeal.cases.name.${problem}`), 'warning'));
  const target = id ?? currentMeta(state).id;
  if (target === currentMeta(state).id) {
    const current = { ...currentMeta(state), name };
    const next: AppealState = { ...cleared, cases: { ...casesOf(state), current } };
    return reask(next, ctx, say(t('appeal.cases.renamed', { label: label(storedCurrent(next), ctx) }), 'success'));
  }
  const found = othersOf(state).find((c) => c.id === target);
  if (!found) return reask(cleared, ctx, say(t('appeal.cases.noSuchCase', { id: target }), 'warning'));
  const others = othersOf(state).map((c) => (c.id === target ? { ...c, name } : c));
  const next: AppealState = { ...cleared, cases: { ...casesOf(state), others } };
  return reask(next, ctx, say(t('appeal.cases.renamed', { label: label({ ...found, name }, ctx) }), 'success'));
}

function casesOf(state: AppealState): NonNullable<AppealState['cases']> {
  return state.cases ?? { current: currentMeta(state), others: [], nextId: nextIdOf(state) };
}

/** A closed case stops its reminders: nothing more is expected of it. */
function closedCopy(c: StoredCase, ctx: AppealContext): StoredCase {
  const followUp = c.followUp ? { ...c.followUp, reminders: false, items: [] } : undefined;
  return { ...settled(c), closed: true, touched: ctx.today, ...(followUp ? { followUp } : {}) };
}

/**
 * The current case has gone (closed or deleted): work on the open case used
 * most recently, or a new one when none is left.
 */
function moveOn(state: AppealState, ctx: AppealContext, others: StoredCase[], before: Reply[]): Result {
  const waiting = others
    .filter((c) => !c.closed)
    .sort((a, b) => (b.touched ?? '').localeCompare(a.touched ?? '') || b.id - a.id)[0];
  if (waiting) {
    const rest = others.filter((c) => c.id !== waiting.id);
    const next = workOn(state, { ...waiting, touched: ctx.today }, rest, nextIdOf(state));
    const now = say(ctx.t('appeal.cases.switched', { label: label(waiting, ctx) }));
    return { state: next, replies: [...before, now, currentQuestion(next, ctx)], effects: [] };
  }
  const id = nextIdOf(state);
  const next = workOn(state, { id, step: 'insurer', answers: {}, editing: false }, others, id + 1);
  const opened = say(ctx.t('appeal.cases.opened', { id }));
  return { state: next, replies: [...before, opened, currentQuestion(next, ctx)], effects: [] };
}

function close(state: AppealState, ctx: AppealContext, id?: number): Result {
  const t = ctx.t;
  const cleared: AppealState = { ...state, pending: undefined };
  const target = id ?? currentMeta(state).id;
  const isCurrent = target === currentMeta(state).id;
  const found = isCurrent ? storedCurrent(cleared) : othersOf(state).find((c) => c.id === target);
  if (!found) return reask(cleared, ctx, say(t('appeal.cases.noSuchCase', { id: target }), 'warning'));
  if (found.closed) return reask(cleared, ctx, say(t('appeal.cases.alreadyClosed', { label: label(found, ctx) })));
  const closed = closedCopy(found, ctx);
  const note = say(
    t('appeal.cases.closedNow', {
      label: label(found, ctx),
      until: longDate(caseExpires(closed, ctx), t),
      id: target,
    }),
    'success',
  );
  const others = [...othersOf(state).filter((c) => c.id !== target), ...(isCurrent ? [closed] : [])];
  if (isCurrent) return moveOn(cleared, ctx, others, [note]);
  const withClosed = others.concat(closed);
  return reask({ ...cleared, cases: { ...casesOf(state), others: withClosed } }, ctx, note);
}

/** Asks before deleting: a deleted case cannot come back. */
function askDelete(state: AppealState, ctx: AppealContext, id?: number): Result {
  const target = id ?? currentMeta(state).id;
  const cleared: AppealState = { ...state, pending: undefined };
  if (!allCases(state).some((c) => c.id === target))
    return reask(cleared, ctx, say(ctx.t('appeal.cases.noSuchCase', { id: target }), 'warning'));
  return reask({ ...state, pending: { type: 'case-delete', id: target } }, ctx);
}

function deleteCase(state: AppealState, ctx: AppealContext, id: number): Result {
  const cleared: AppealState = { ...state, pending: undefined };
  const found = allCases(cleared).find((c) => c.id === id);
  if (!found) return reask(cleared, ctx);
  const note = say(ctx.t('appeal.cases.deleted', { label: label(found, ctx) }), 'success');
  const others = othersOf(state).filter((c) => c.id !== id);
  if (id === currentMeta(state).id) return moveOn({ ...cleared, details: undefined }, ctx, others, [note]);
  return reask(withoutDetailsOf({ ...cleared, cases: { ...casesOf(state), others } }, [id]), ctx, note);
}

export function runCaseCommand(state: AppealState, ctx: AppealContext, command: CaseCommand): Result {
  switch (command.kind) {
    case 'new':
      return newCase(state, ctx);
    case 'switch':
      return switchTo(state, ctx, command.id);
    case 'rename':
      return rename(state, ctx, command.name, command.id);
    case 'close':
      return close(state, ctx, command.id);
    case 'delete':
      return askDelete(state, ctx, command.id);
  }
}

/** The answer to the case list or to "delete case N?"; null when the input is not one (a command, another question). */
function pendingAnswer(state: AppealState, ctx: AppealContext, input: UserInput): Result | null {
  const p = state.pending;
  if (p?.type === 'cases') {
    let choice: string | null = null;
    if (input.kind === 'choice' && input.step === 'cases') choice = input.choice;
    if (input.kind === 'text' && /^\d{1,3}$/.test(input.text.trim())) {
      const question = currentQuestion(state, ctx);
      const list = question.input.type === 'choices' ? question.input.choices : [];
      choice = list[Number(input.text.trim()) - 1]?.id ?? null;
      if (!choice) return reask(state, ctx, say(ctx.t('appeal.cases.notFound')));
    }
    if (choice === null) return null;
    if (choice === NEW_CASE) return newCase(state, ctx);
    const picked = allCases(state).find((c) => caseChoiceId(c.id) === choice);
    return picked ? switchTo(state, ctx, picked.id) : reask(state, ctx, say(ctx.t('appeal.unknownChoice')));
  }
  if (p?.type === 'case-delete') {
    const answer =
      input.kind === 'choice' && input.step === 'case-delete'
        ? input.choice
        : input.kind === 'text'
          ? readYesNo(input.text, ctx)
          : null;
    if (answer === 'yes') return deleteCase(state, ctx, p.id);
    if (answer === 'no') return reask({ ...state, pending: undefined }, ctx, say(ctx.t('appeal.cases.kept')));
  }
  return null;
}

/** Cases past their own expiry, dropped; the current case is worked on now, so it never is. */
function dropExpired(state: AppealState, ctx: AppealContext): { state: AppealState; dropped: StoredCase[] } {
  const others = othersOf(state);
  const dropped = others.filter((c) => caseExpires(c, ctx) < ctx.today);
  if (dropped.length === 0) return { state, dropped };
  const kept = others.filter((c) => !dropped.includes(c));
  const next = { ...state, cases: { ...casesOf(state), others: kept } };
  return {
    state: withoutDetailsOf(
      next,
      dropped.map((c) => c.id),
    ),
    dropped,
  };
}

export type Advance = (state: AppealState, input: UserInput, ctx: AppealContext) => Result;

/**
 * Wraps one case's steps with the cases around it: case commands and the
 * case list, each case's expiry, reminders that belong to another case, and
 * the conversation's jobs kept as every case's reminders together.
 */
export function withCases(inner: Advance, isGlobalCommand: (text: string, ctx: AppealContext) => boolean): Advance {
  return (raw, input, plainCtx) => {
    const ctx = withVoice(plainCtx, raw.voice);
    const { state, dropped } = dropExpired(raw, ctx);
    const notes = dropped.map((c) => say(ctx.t('appeal.cases.expired', { label: label(c, ctx) }), 'info'));
    let result: Result;
    const typed = input.kind === 'text' ? input.text : null;
    const command = typed !== null ? readCaseCommand(typed, ctx) : null;
    const answer = command ? null : pendingAnswer(state, ctx, input);
    if (command) result = runCaseCommand(state, ctx, command);
    else if (answer) result = answer;
    else if (input.kind === 'due') result = dueForCase(state, ctx, input.job, inner);
    else if (state.pending?.type === 'cases' && typed !== null && !isGlobalCommand(typed, ctx))
      result = reask(state, ctx, say(ctx.t('appeal.cases.notFound')));
    else result = inner(state, input, ctx);
    return finish(raw, result, notes, ctx);
  };
}

/** A reminder of another case brings the user to that case first. */
function dueForCase(state: AppealState, ctx: AppealContext, job: string, inner: Advance): Result {
  const { caseId, reminderId } = readJobId(job);
  if (caseId === currentMeta(state).id) return inner(state, { kind: 'due', job: reminderId }, ctx);
  const target = othersOf(state).find((c) => c.id === caseId);
  if (!target) return { state, replies: [], effects: [] };
  const waiting = [...othersOf(state).filter((c) => c.id !== caseId), stash(state, ctx)];
  const moved = workOn(state, { ...target, touched: ctx.today }, waiting, nextIdOf(state));
  const fired = inner(moved, { kind: 'due', job: reminderId }, ctx);
  if (fired.replies.length === 0) return { state, replies: [], effects: [] };
  const note = say(ctx.t('appeal.cases.reminderFor', { label: label(target, ctx) }), 'info');
  return { ...fired, replies: [note, ...fired.replies] };
}

/** Stamps the current case as worked on today and makes the jobs every case's reminders. */
function finish(before: AppealState, result: Result, notes: Reply[], ctx: AppealContext): Result {
  const after = result.state;
  const stamped: AppealState = after.cases
    ? { ...after, cases: { ...after.cases, current: { ...after.cases.current, touched: ctx.today } } }
    : after;
  const forgets = result.effects.some((e) => e.type === 'forget');
  const scheduled = result.effects.some((e) => e.type === 'schedule');
  const changed = remindingCases(stamped) !== remindingCases(before);
  const effects: Effect[] = result.effects.filter((e) => e.type !== 'schedule');
  if (!forgets && (scheduled || changed)) effects.push({ type: 'schedule', jobs: allJobs(stamped, ctx) });
  return { state: stamped, replies: [...notes, ...result.replies], effects };
}
