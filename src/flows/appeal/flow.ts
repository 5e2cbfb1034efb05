import type { Flow, StepResult } from '../../core/flow.js';
import { COMMANDS, type CommandId, type Effect, type Reply, type UserInput } from '../../core/types.js';
import { parseCommand } from '../commands.js';
import { readAuthor, readStage, readStep, readYesNo } from './answers.js';
import type { AppealContext } from './context.js';
import { isCalendarDate, longDate } from './domain/calendar.js';
import { readDenialDate } from './domain/denial-date.js';
import {
  answerText,
  authorQuestion,
  candidateIndex,
  currentQuestion,
  drugDisplay,
  NONE,
  OTHER,
  USE_AS_TYPED,
} from './questions.js';
import {
  APPEAL_FLOW_ID,
  APPEAL_STATE_VERSION,
  firstUnanswered,
  initialAppealState,
  loadAppealState,
  QUESTION_STEPS,
  type AppealState,
  type Answers,
  type QuestionStep,
} from './state.js';
import { answerState, readStateMention } from './state-answer.js';
import { caseFromState, summaryReply } from './summary.js';

export type { AppealContext };

/** Longest text we read; a longer message is cut (and the user told). */
const MAX_TEXT = 2000;
/** Longest name we keep from free text. */
const MAX_NAME = 200;
const EARLIEST_DATE = '1990-01-01';

type Result = StepResult<AppealState>;

const say = (text: string, tone?: 'info' | 'warning' | 'error' | 'success'): Reply => ({
  kind: 'text',
  text,
  ...(tone ? { tone } : {}),
});

function result(state: AppealState, replies: Reply[], effects: Effect[] = []): Result {
  return { state, replies, effects };
}

/** Re-asks the current question, after an optional message. */
function reask(state: AppealState, ctx: AppealContext, ...before: Reply[]): Result {
  return result(state, [...before, currentQuestion(state, ctx)]);
}

/** Stores an answer and moves on: to the next unanswered question, or the summary. */
function answered(state: AppealState, ctx: AppealContext, answers: Answers, ack: Reply[]): Result {
  const next: AppealState = { ...state, answers, pending: undefined };
  const step = firstUnanswered(answers);
  if (step === 'done') return showSummary({ ...next, step: 'done', editing: false }, ctx, ack);
  return result({ ...next, step }, [...ack, currentQuestion({ ...next, step }, ctx)]);
}

function showSummary(state: AppealState, ctx: AppealContext, before: Reply[] = []): Result {
  const appeal = caseFromState(state, ctx);
  return result(state, [
    ...before,
    summaryReply(state, appeal, ctx),
    authorQuestion(state, ctx, 'appeal.author.question'),
  ]);
}

function intro(ctx: AppealContext): Reply {
  return say(ctx.t('appeal.intro', { days: ctx.retentionDays, count: QUESTION_STEPS.length }));
}

// ── answers per step ─────────────────────────────────────────────────────────

function setInsurer(state: AppealState, ctx: AppealContext, id: string | undefined, text: string): Result {
  const name = id ? ctx.knowledge.insurers.get(id)!.name : text;
  const ack = id
    ? [say(ctx.t('appeal.insurer.got', { name }))]
    : [say(ctx.t('appeal.insurer.unknown', { name }), 'info')];
  return answered(
    state,
    ctx,
    { ...state.answers, insurer: { ...(id ? { id } : {}), text: name.slice(0, MAX_NAME) } },
    ack,
  );
}

function setDrug(state: AppealState, ctx: AppealContext, id: string | undefined, text: string): Result {
  const answers = {
    ...state.answers,
    drug: { ...(id ? { id } : {}), text: (id ? drugDisplay(ctx, id) : text).slice(0, MAX_NAME) },
  };
  // A changed drug can make the saved date impossible (before the drug existed): ask for the date again.
  const approved = id ? ctx.knowledge.drugs.get(id)?.firstApproved : undefined;
  if (approved && answers.denialDate && answers.denialDate < approved) delete answers.denialDate;
  const ack = id
    ? [say(ctx.t('appeal.drug.got', { name: drugDisplay(ctx, id) }))]
    : [say(ctx.t('appeal.drug.unknown', { name: text }), 'info')];
  return answered(state, ctx, answers, ack);
}

function setReason(state: AppealState, ctx: AppealContext, id: string | null): Result {
  const ack = id
    ? say(ctx.t('appeal.reason.got', { name: ctx.knowledge.reasons.get(id)!.name }))
    : say(ctx.t('appeal.reason.otherChosen'), 'info');
  return answered(state, ctx, { ...state.answers, reason: { id } }, [ack]);
}

function setPlan(state: AppealState, ctx: AppealContext, id: string): Result {
  const plan = ctx.knowledge.planTypes.get(id)!;
  const ack =
    plan.regime === 'unknown'
      ? say(ctx.t('appeal.plan.unknownHelp'), 'info')
      : say(ctx.t('appeal.plan.got', { name: plan.name }));
  return answered(state, ctx, { ...state.answers, plan: id }, [ack]);
}

function setStage(state: AppealState, ctx: AppealContext, stage: 'first' | 'appeal-denied'): Result {
  const name = ctx.t(stage === 'first' ? 'appeal.stage.first' : 'appeal.stage.appealDenied');
  return answered(state, ctx, { ...state.answers, stage }, [say(ctx.t('appeal.stage.got', { name }))]);
}

function setUrgent(state: AppealState, ctx: AppealContext, urgent: boolean): Result {
  const answer = ctx.t(urgent ? 'appeal.yesNo.yes' : 'appeal.yesNo.no');
  return answered(state, ctx, { ...state.answers, urgent }, [say(ctx.t('appeal.urgency.got', { answer }))]);
}

/** Refuses dates in the future, before the drug existed, or absurdly old; kindly, with the question again. */
function dateProblem(date: string, state: AppealState, ctx: AppealContext): string | null {
  const t = ctx.t;
  if (date > ctx.today) return t('appeal.denialDate.future', { date: longDate(date), today: longDate(ctx.today) });
  const drug = state.answers.drug?.id ? ctx.knowledge.drugs.get(state.answers.drug.id) : undefined;
  if (drug && date < drug.firstApproved) {
    return t('appeal.denialDate.beforeDrug', {
      drug: drug.brand,
      approved: longDate(drug.firstApproved),
      date: longDate(date),
    });
  }
  if (date < EARLIEST_DATE) return t('appeal.denialDate.tooOld', { date: longDate(date) });
  return null;
}

function setDate(state: AppealState, ctx: AppealContext, date: string): Result {
  const problem = dateProblem(date, state, ctx);
  if (problem) return reask({ ...state, pending: undefined }, ctx, say(problem, 'warning'));
  return answered(state, ctx, { ...state.answers, denialDate: date }, [
    say(ctx.t('appeal.denialDate.got', { date: longDate(date) })),
  ]);
}

function offerGuess(
  state: AppealState,
  ctx: AppealContext,
  step: 'insurer' | 'drug' | 'reason' | 'plan',
  ids: string[],
  text: string,
): Result {
  return reask(
    { ...state, pending: { type: 'guess', step, ids: ids.slice(0, 5), text: text.slice(0, MAX_NAME) } },
    ctx,
  );
}

function textAnswer(state: AppealState, ctx: AppealContext, text: string): Result {
  const t = ctx.t;
  const k = ctx.knowledge.match;
  const name = text.slice(0, MAX_NAME);
  switch (state.step) {
    case 'insurer': {
      const m = k.insurer.match(text);
      if (m.kind === 'sure') return setInsurer(state, ctx, m.id, name);
      if (m.kind === 'guess') return offerGuess(state, ctx, 'insurer', m.ids, name);
      return reask({ ...state, pending: { type: 'unknown-name', step: 'insurer', text: name } }, ctx);
    }
    case 'drug': {
      const m = k.drug.match(text);
      if (m.kind === 'sure') return setDrug(state, ctx, m.id, name);
      if (m.kind === 'guess') return offerGuess(state, ctx, 'drug', m.ids, name);
      return reask({ ...state, pending: { type: 'unknown-name', step: 'drug', text: name } }, ctx);
    }
    case 'reason': {
      const m = k.reason.match(text);
      if (m.kind === 'sure') return setReason(state, ctx, m.id);
      if (m.kind === 'guess') return offerGuess(state, ctx, 'reason', m.ids, name);
      return reask(state, ctx, say(t('appeal.reason.notFound')));
    }
    case 'plan': {
      const m = k.planType.match(text);
      if (m.kind === 'sure') return setPlan(state, ctx, m.id);
      if (m.kind === 'guess') return offerGuess(state, ctx, 'plan', m.ids, name);
      return reask(state, ctx, say(t('appeal.plan.notFound')));
    }
    case 'stage': {
      const stage = readStage(text, ctx);
      return stage ? setStage(state, ctx, stage) : reask(state, ctx, say(t('appeal.stage.notFound')));
    }
    case 'denialDate': {
      const reading = readDenialDate(text, ctx.today);
      if (reading.kind === 'sure') return setDate(state, ctx, reading.date);
      if (reading.kind === 'confirm') {
        const problems = reading.options.map((d) => dateProblem(d, state, ctx));
        const usable = reading.options.filter((_, i) => problems[i] === null);
        if (usable.length === 0) return reask(state, ctx, say(problems[0]!, 'warning'));
        return reask({ ...state, pending: { type: 'date-confirm', options: usable } }, ctx);
      }
      return reask(state, ctx, say(t('appeal.denialDate.notFound')));
    }
    case 'urgency': {
      const answer = readYesNo(text, ctx);
      return answer ? setUrgent(state, ctx, answer === 'yes') : reask(state, ctx, say(t('appeal.urgency.notFound')));
    }
    case 'done': {
      const author = readAuthor(text, ctx);
      if (author) return chooseAuthor(state, author);
      return result(state, [say(t('appeal.done.ready')), currentQuestion(state, ctx)]);
    }
  }
}

function chooseAuthor(state: AppealState, author: 'patient' | 'care-team'): Result {
  return result({ ...state, answers: { ...state.answers, author } }, [], [{ type: 'build-letter' }]);
}

/** Text typed while a follow-up question is open. */
function pendingText(state: AppealState, ctx: AppealContext, text: string): Result {
  const p = state.pending!;
  const cleared: AppealState = { ...state, pending: undefined };
  if (p.type === 'change-pick') {
    const step = readStep(text, ctx);
    return step ? startChange(cleared, ctx, step) : reask(state, ctx, say(ctx.t('appeal.change.notFound')));
  }
  if (p.type === 'date-confirm') {
    const answer = readYesNo(text, ctx);
    if (answer === 'yes' && p.options.length === 1) return setDate(cleared, ctx, p.options[0]!);
    if (answer === 'no') return reask(cleared, ctx, say(ctx.t('appeal.denialDate.retype')));
  }
  if (p.type === 'guess' && p.step === 'drug' && p.ids.length === 1) {
    const answer = readYesNo(text, ctx);
    if (answer === 'yes') return setDrug(cleared, ctx, p.ids[0]!, p.text);
    if (answer === 'no')
      return reask({ ...cleared, pending: { type: 'unknown-name', step: 'drug', text: p.text } }, ctx);
  }
  // Anything else is a fresh answer to the step underneath.
  return textAnswer(cleared, ctx, text);
}

/** A button or list choice for the open question (already checked to be one of its choices). */
function choiceAnswer(state: AppealState, ctx: AppealContext, choice: string): Result {
  const p = state.pending;
  const cleared: AppealState = { ...state, pending: undefined };
  if (p) {
    switch (p.type) {
      case 'guess': {
        const id = p.ids[candidateIndex(choice)];
        if (id) {
          if (p.step === 'insurer') return setInsurer(cleared, ctx, id, p.text);
          if (p.step === 'drug') return setDrug(cleared, ctx, id, p.text);
          if (p.step === 'reason') return setReason(cleared, ctx, id);
          return setPlan(cleared, ctx, id);
        }
        if (choice === OTHER) return setReason(cleared, ctx, null);
        if (p.step === 'insurer' || p.step === 'drug')
          return reask({ ...cleared, pending: { type: 'unknown-name', step: p.step, text: p.text } }, ctx);
        return reask(cleared, ctx);
      }
      case 'unknown-name':
        return p.step === 'insurer'
          ? setInsurer(cleared, ctx, undefined, p.text)
          : setDrug(cleared, ctx, undefined, p.text);
      case 'date-confirm': {
        const date = p.options[candidateIndex(choice)];
        return date ? setDate(cleared, ctx, date) : reask(cleared, ctx, say(ctx.t('appeal.denialDate.retype')));
      }
      case 'change-pick':
        return startChange(cleared, ctx, choice as QuestionStep);
      case 'type-insurer':
        return reask(state, ctx);
    }
  }
  switch (state.step) {
    case 'insurer':
      return choice === OTHER
        ? reask({ ...state, pending: { type: 'type-insurer' } }, ctx)
        : setInsurer(state, ctx, choice, choice);
    case 'reason':
      return setReason(state, ctx, choice === OTHER ? null : choice);
    case 'plan':
      return setPlan(state, ctx, choice);
    case 'stage':
      return setStage(state, ctx, choice as 'first' | 'appeal-denied');
    case 'urgency':
      return setUrgent(state, ctx, choice === 'yes');
    case 'done':
      return chooseAuthor(state, choice as 'patient' | 'care-team');
    default:
      return reask(state, ctx);
  }
}

// ── global commands ──────────────────────────────────────────────────────────

function startChange(state: AppealState, ctx: AppealContext, step: QuestionStep): Result {
  const next: AppealState = { ...state, step, pending: undefined, editing: true };
  const current = answerText(step, next, ctx);
  const question = currentQuestion(next, ctx);
  return result(next, [
    { ...question, hint: current ? ctx.t('appeal.answerWas', { answer: current }) : question.hint },
  ]);
}

function command(state: AppealState, ctx: AppealContext, cmd: CommandId, arg?: string): Result {
  const t = ctx.t;
  switch (cmd) {
    case 'forget':
      return result(initialAppealState(), [say(t('appeal.forgotten'), 'success')], [{ type: 'forget' }]);
    case 'restart': {
      const fresh = initialAppealState();
      return result(fresh, [say(t('appeal.restarted')), currentQuestion(fresh, ctx)]);
    }
    case 'help': {
      const lines = [
        t('appeal.help.intro'),
        t('appeal.help.current', { step: t(`appeal.steps.${state.step === 'done' ? 'author' : state.step}`) }),
        t('appeal.help.commands'),
      ];
      return reask(state, ctx, say(lines.join('\n\n')));
    }
    case 'status': {
      const known = QUESTION_STEPS.map(
        (s) => `- ${t(`appeal.steps.${s}`)}: ${answerText(s, state, ctx) ?? t('appeal.status.missing')}`,
      );
      const any = QUESTION_STEPS.some((s) => answerText(s, state, ctx) !== null);
      return reask(state, ctx, say(any ? `${t('appeal.status.title')}\n${known.join('\n')}` : t('appeal.status.none')));
    }
    case 'change': {
      const step = arg ? readStep(arg, ctx) : null;
      if (step) return startChange(state, ctx, step);
      return reask({ ...state, pending: { type: 'change-pick' } }, ctx);
    }
    case 'back': {
      if (state.pending) return reask({ ...state, pending: undefined }, ctx);
      const index = state.step === 'done' ? QUESTION_STEPS.length : QUESTION_STEPS.indexOf(state.step);
      if (index <= 0) return reask(state, ctx, say(t('appeal.firstQuestion')));
      return startChange({ ...state, editing: false }, ctx, QUESTION_STEPS[index - 1]!);
    }
  }
}

// ── the flow ─────────────────────────────────────────────────────────────────

function advance(state: AppealState, input: UserInput, ctx: AppealContext): Result {
  const t = ctx.t;
  switch (input.kind) {
    case 'start':
      return state.step === 'done' && !state.pending ? showSummary(state, ctx) : reask(state, ctx);
    case 'command':
      return command(state, ctx, input.command, input.arg);
    case 'date': {
      const question = currentQuestion(state, ctx);
      if (input.step !== question.step || question.input.type !== 'date')
        return reask(state, ctx, say(t('appeal.staleChoice')));
      if (!isCalendarDate(input.date)) return reask(state, ctx, say(t('appeal.denialDate.notFound')));
      return setDate(state, ctx, input.date);
    }
    case 'choice': {
      const question = currentQuestion(state, ctx);
      if (input.step === 'command') {
        const cmd = COMMANDS.find((c) => c === input.choice);
        return cmd ? command(state, ctx, cmd) : reask(state, ctx, say(t('appeal.unknownChoice')));
      }
      if (input.step !== question.step) return reask(state, ctx, say(t('appeal.staleChoice')));
      const valid = question.input.type === 'choices' && question.input.choices.some((c) => c.id === input.choice);
      if (!valid) return reask(state, ctx, say(t('appeal.unknownChoice')));
      return choiceAnswer(state, ctx, input.choice);
    }
    case 'text': {
      const text = input.text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
      if (text.length === 0) return reask(state, ctx, say(t('appeal.emptyMessage')));
      const notes = text.length > MAX_TEXT ? [say(t('appeal.tooLong'), 'info')] : [];
      const read = text.slice(0, MAX_TEXT);
      const parsed = parseCommand(read, t);
      if (parsed) return command(state, ctx, parsed.command, parsed.arg);
      const mention = readStateMention(read, ctx);
      const named = mention ? answerState(state, mention, ctx) : null;
      if (named) {
        return named.state.step === 'done' && !named.state.pending
          ? showSummary(named.state, ctx, named.replies)
          : reask(named.state, ctx, ...named.replies);
      }
      const question = currentQuestion(state, ctx);
      if (/^\d{1,2}$/.test(read) && question.input.type === 'choices') {
        const chosen = question.input.choices[Number(read) - 1];
        if (chosen) return choiceAnswer(state, ctx, chosen.id);
      }
      const outcome = state.pending ? pendingText(state, ctx, read) : textAnswer(state, ctx, read);
      return { ...outcome, replies: [...notes, ...outcome.replies] };
    }
  }
}

export const appealFlow: Flow<AppealState, AppealContext> = {
  id: APPEAL_FLOW_ID,
  version: APPEAL_STATE_VERSION,
  initial: () => initialAppealState(),
  load: loadAppealState,
  start(state, input, ctx) {
    if (input.kind === 'text' && parseCommand(input.text, ctx.t)?.command === 'forget') {
      return result(state, [say(ctx.t('appeal.nothingToForget'))], [{ type: 'forget' }]);
    }
    return result(state, [intro(ctx), currentQuestion(state, ctx)]);
  },
  advance,
};
