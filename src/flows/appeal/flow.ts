import type { Flow, StepResult } from '../../core/flow.js';
import {
  COMMANDS,
  type CommandId,
  type Effect,
  type FormValues,
  type Reply,
  type UserInput,
} from '../../core/types.js';
import { availableLocales, translator } from '../../core/i18n.js';
import { parseCommand } from '../commands.js';
import {
  dateReadingWords,
  readAuthor,
  readFollowUp,
  readLostLetter,
  readNotSure,
  readPeerToPeer,
  readPlanAnswer,
  readProfileChoice,
  readSkip,
  readStage,
  readStep,
  readVoice,
  readYesNo,
} from './answers.js';
import { isProfileField, readProfileField, type ProfileField } from './profile.js';
import type { AppealContext } from './context.js';
import { isCalendarDate, longDate } from './domain/calendar.js';
import { readDenialDate } from './domain/denial-date.js';
import { planTypeOrUnknown } from './domain/knowledge.js';
import { DETAILS_STEP, readDetailsForm } from './details-form.js';
import {
  answeredSteps,
  answerText,
  authorQuestion,
  candidateIndex,
  currentQuestion,
  drugDisplay,
  offersPeerToPeer,
  OTHER,
  PEER_TO_PEER,
  PROFILE_DELETE,
  PROFILE_DONE,
  SKIP,
} from './questions.js';
import {
  APPEAL_FLOW_ID,
  APPEAL_PRIVATE_FIELDS,
  APPEAL_STATE_VERSION,
  firstUnanswered,
  initialAppealState,
  loadAppealState,
  QUESTION_STEPS,
  restartedAppealState,
  type AppealState,
  type Answers,
  type Pending,
  type QuestionStep,
  type Voice,
} from './state.js';
import { historyReplies } from './history.js';
import { storyAnswers } from './story.js';
import { calendarReply } from './calendar-file.js';
import { nextLevelReplies } from './next-level.js';
import {
  answerOffer,
  dueOnReturn,
  fireReminder,
  recordSent,
  shouldOffer,
  statusLines,
  stopReminders,
} from './reminders.js';
import { keepUntilAnyCase } from './case-reminders.js';
import { withCases } from './cases.js';
import { DROP, dropLetter, letterText, receiveLetter, USE, useLetter } from './letter-intake.js';
import { answerState, readStateMention } from './state-answer.js';
import { caseFromState, summaryReply } from './summary.js';
import { organisationGreeting } from './organisation.js';
import { isVoice, withVoice } from './voice.js';

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
    ...nextLevelReplies(appeal, ctx),
    authorQuestion(state, ctx, 'appeal.author.question'),
  ]);
}

function intro(ctx: AppealContext): Reply {
  const lines = [
    ctx.t('appeal.intro', { days: ctx.retentionDays, count: QUESTION_STEPS.length }),
    ctx.t('reading.offer'),
    ...organisationGreeting(ctx.organisation, ctx.t),
  ];
  return say(lines.join('\n'));
}

// ── answers per step ─────────────────────────────────────────────────────────

function setInsurer(state: AppealState, ctx: AppealContext, id: string | undefined, text: string): Result {
  const name = (id ? ctx.knowledge.insurers.get(id)?.name : undefined) ?? text;
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
    ? say(ctx.t('appeal.reason.got', { name: ctx.knowledge.reasons.get(id)?.name ?? id }))
    : say(ctx.t('appeal.reason.otherChosen'), 'info');
  return answered(state, ctx, { ...state.answers, reason: { id } }, [ack]);
}

function setPlan(state: AppealState, ctx: AppealContext, id: string): Result {
  const plan = planTypeOrUnknown(ctx.knowledge, id);
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

/** The user said who they are (or skipped): from now on every message speaks to them. */
function setVoice(state: AppealState, ctx: AppealContext, voice: Voice | undefined): Result {
  const voiced = withVoice(ctx, voice);
  const next: AppealState = { ...state, pending: undefined, editing: false };
  if (voice) next.voice = voice;
  else delete next.voice;
  const ack = say(voiced.t(`appeal.voice.got.${voice ?? 'skipped'}`));
  const step = firstUnanswered(next.answers);
  if (step === 'done') return showSummary({ ...next, step }, voiced, [ack]);
  return result({ ...next, step }, [ack, currentQuestion({ ...next, step }, voiced)]);
}

/** Refuses dates in the future, before the drug existed, or absurdly old; kindly, with the question again. */
function dateProblem(date: string, state: AppealState, ctx: AppealContext): string | null {
  const t = ctx.t;
  if (date > ctx.today)
    return t('appeal.denialDate.future', { date: longDate(date, ctx.t), today: longDate(ctx.today, ctx.t) });
  const drug = state.answers.drug?.id ? ctx.knowledge.drugs.get(state.answers.drug.id) : undefined;
  if (drug && date < drug.firstApproved) {
    return t('appeal.denialDate.beforeDrug', {
      drug: drug.brand,
      approved: longDate(drug.firstApproved, ctx.t),
      date: longDate(date, ctx.t),
    });
  }
  if (date < EARLIEST_DATE) return t('appeal.denialDate.tooOld', { date: longDate(date, ctx.t) });
  return null;
}

/** `estimated`: the user has no letter and this is their best guess; it stays marked as one. */
function setDate(state: AppealState, ctx: AppealContext, date: string, estimated = false): Result {
  const problem = dateProblem(date, state, ctx);
  if (problem)
    return reask(
      { ...state, pending: estimated ? { type: 'date-estimate' } : undefined },
      ctx,
      say(problem, 'warning'),
    );
  const { denialDateEstimated: _previous, ...rest } = state.answers;
  const answers: Answers = { ...rest, denialDate: date, ...(estimated ? { denialDateEstimated: true as const } : {}) };
  const ack = estimated
    ? say(ctx.t('appeal.denialDate.gotEstimate', { date: longDate(date, ctx.t) }), 'warning')
    : say(ctx.t('appeal.denialDate.got', { date: longDate(date, ctx.t) }));
  return answered(state, ctx, answers, [ack]);
}

/** A typed date for the date question; `estimated` when it is a best guess for a lost letter. */
function dateText(state: AppealState, ctx: AppealContext, text: string, estimated: boolean): Result {
  const reading = readDenialDate(text, ctx.today, dateReadingWords(ctx));
  if (reading.kind === 'sure') return setDate(state, ctx, reading.date, estimated);
  const retry: AppealState = estimated ? { ...state, pending: { type: 'date-estimate' } } : state;
  if (reading.kind === 'confirm') {
    const problems = reading.options.map((d) => dateProblem(d, state, ctx));
    const usable = reading.options.filter((_, i) => problems[i] === null);
    const problem = problems.find((p): p is string => p !== null);
    if (usable.length === 0 && problem) return reask(retry, ctx, say(problem, 'warning'));
    return reask(
      { ...state, pending: { type: 'date-confirm', options: usable, ...(estimated ? { estimated: true } : {}) } },
      ctx,
    );
  }
  // No letter at hand is a way forward, not a wrong answer: ask the plan for a copy, go on with a guess.
  if (!estimated && readLostLetter(text, ctx))
    return reask({ ...state, pending: { type: 'date-estimate' } }, ctx, say(ctx.t('appeal.denialDate.lost'), 'info'));
  return reask(retry, ctx, say(ctx.t('appeal.denialDate.notFound')));
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
    case 'voice': {
      const voice = readVoice(text, ctx);
      if (voice) return setVoice(state, ctx, voice === 'skip' ? undefined : voice);
      // Not an answer to "who are you": the question is skipped and the text answers the first real question.
      return textAnswer({ ...state, step: firstUnanswered(state.answers), editing: false }, ctx, text);
    }
    case 'insurer': {
      // A whole story at the first question ("Cigna denied my Ocrevus as not medically necessary"):
      // keep every answer it gives for sure, say what was taken, and ask only what is left.
      const story = storyAnswers(text, ctx);
      const withStory: AppealState = { ...state, answers: { ...state.answers, ...story.answers } };
      const noted = story.noted.length > 0 ? [say(ctx.t('appeal.story.got', { answers: story.noted.join('\n') }))] : [];
      const m = k.insurer.match(text);
      if (m.kind === 'sure') {
        const insurer = ctx.knowledge.insurers.get(m.id)?.name ?? name;
        if (noted.length === 0) return setInsurer(state, ctx, m.id, name);
        const answers = { ...withStory.answers, insurer: { id: m.id, text: insurer } };
        const all = ctx.t('appeal.story.got', {
          answers: [`- ${ctx.t('appeal.summary.facts.insurer')}: ${insurer}`, ...story.noted].join('\n'),
        });
        return answered(state, ctx, answers, [say(`${all}\n${ctx.t('appeal.story.fix')}`)]);
      }
      if (m.kind === 'guess') {
        const guessed = offerGuess(withStory, ctx, 'insurer', m.ids, name);
        return { ...guessed, replies: [...noted, ...guessed.replies] };
      }
      if (noted.length > 0) return reask(withStory, ctx, ...noted);
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
    case 'denialDate':
      return dateText(state, ctx, text, false);
    case 'urgency': {
      const answer = readYesNo(text, ctx);
      if (answer) return setUrgent(state, ctx, answer === 'yes');
      // "I'm not sure" is a fair answer: say who decides urgency and how to ask for it.
      if (readNotSure(text, ctx)) return reask(state, ctx, say(t('appeal.urgency.whoDecides'), 'info'));
      return reask(state, ctx, say(t('appeal.urgency.notFound')));
    }
    case 'done': {
      if (readPeerToPeer(text, ctx)) return choosePeerToPeer(state, ctx);
      const author = readAuthor(text, ctx);
      if (author) return chooseAuthor(state, ctx, author);
      return result(state, [say(t('appeal.done.ready')), currentQuestion(state, ctx)]);
    }
  }
}

/** The signer is chosen: the first time, offer the details form; after that, build the letter. */
function chooseAuthor(state: AppealState, ctx: AppealContext, author: 'patient' | 'care-team'): Result {
  const next: AppealState = { ...state, answers: { ...state.answers, author } };
  if (!state.detailsAsked) return openDetails(next, ctx);
  return letterNow(next, ctx, []);
}

/** The letter is built by the engine after the save; "Shall I remind you?" follows the first one. */
function letterNow(state: AppealState, ctx: AppealContext, replies: Reply[]): Result {
  const offer = shouldOffer(state, caseFromState(state, ctx), ctx);
  return result(offer ? { ...state, pending: { type: 'remind-offer' } } : state, replies, [{ type: 'build-letter' }]);
}

function openDetails(state: AppealState, ctx: AppealContext): Result {
  return reask({ ...state, pending: { type: 'details' }, detailsAsked: true }, ctx);
}

function skipDetails(state: AppealState, ctx: AppealContext): Result {
  return letterNow({ ...state, pending: undefined, detailsAsked: true }, ctx, [say(ctx.t('appeal.details.skipped'))]);
}

/** A submitted details form: kept (the engine stores it apart, with its short expiry), then the letter. */
function setDetails(state: AppealState, ctx: AppealContext, values: FormValues, partial: boolean): Result {
  const { details, cut } = readDetailsForm(state, ctx, values);
  const notes = cut.length > 0 ? [say(ctx.t('appeal.details.cut', { fields: cut.join(', ') }), 'info')] : [];
  // One page of several: kept, and the form stays open for the next page.
  if (partial) return reask({ ...state, details }, ctx, ...notes);
  const next: AppealState = { ...state, pending: undefined, detailsAsked: true, detailsSent: true, details };
  return letterNow(next, ctx, [...notes, say(ctx.t('appeal.details.got'), 'success')]);
}

// ── follow-through: reminders, "I sent it", the next level ───────────────────

/** "They denied my appeal": the same case at the next level, from the date on the new decision letter. */
function nextLevel(state: AppealState, ctx: AppealContext): Result {
  const { denialDate: _old, author: _author, ...kept } = state.answers;
  const next: AppealState = {
    ...state,
    answers: { ...kept, stage: 'appeal-denied' },
    step: 'denialDate',
    pending: undefined,
    editing: false,
    followUp: undefined,
  };
  return result(
    next,
    [say(ctx.t('appeal.nextLevel.moved')), currentQuestion(next, ctx)],
    [{ type: 'schedule', jobs: [] }],
  );
}

const PLAN_ANSWERS = ['approved', 'denied', 'waiting'] as const;

function planAnswer(state: AppealState, ctx: AppealContext, answer: (typeof PLAN_ANSWERS)[number]): Result {
  const cleared: AppealState = { ...state, pending: undefined };
  if (answer === 'denied') return nextLevel(cleared, ctx);
  if (answer === 'approved') {
    const stopped = stopReminders(cleared, ctx);
    return { ...stopped, replies: [say(ctx.t('appeal.reminders.approved'), 'success')] };
  }
  return result(cleared, [say(ctx.t('appeal.reminders.waiting'))]);
}

function sentOn(state: AppealState, ctx: AppealContext, when: string): Result {
  const t = ctx.t;
  let date: string | null = ctx.today;
  if (when && when !== 'today') {
    const reading = readDenialDate(when, ctx.today, dateReadingWords(ctx));
    date = reading.kind === 'sure' ? reading.date : reading.kind === 'confirm' ? (reading.options[0] ?? null) : null;
  }
  if (!date) return result(state, [say(t('appeal.reminders.sent.unclear'), 'warning')]);
  if (date > ctx.today)
    return result(state, [say(t('appeal.reminders.sent.future', { date: longDate(date, ctx.t) }), 'warning')]);
  if (state.answers.denialDate && date < state.answers.denialDate)
    return result(state, [say(t('appeal.reminders.sent.beforeDenial', { date: longDate(date, ctx.t) }), 'warning')]);
  return recordSent(state, caseFromState(state, ctx), ctx, date);
}

/** The calendar file again; with the drug and insurer in the titles only when the user asks for them. */
function calendarAgain(state: AppealState, ctx: AppealContext, details: boolean): Result {
  const file = calendarReply(caseFromState(state, ctx), ctx, { details });
  if (!file) return result(state, [say(ctx.t('appeal.calendar.nothingAhead'))]);
  return result(state, [...(details ? [say(ctx.t('appeal.calendar.detailsNote'), 'warning')] : []), file]);
}

/** Phrases that only mean something once the questions are answered. */
function followUpText(state: AppealState, ctx: AppealContext, text: string): Result | null {
  if (state.step !== 'done') return null;
  const words = readFollowUp(text, ctx);
  if (!words) return null;
  if (words.kind === 'stop') return stopReminders({ ...state, pending: undefined }, ctx);
  if (words.kind === 'denied') return nextLevel(state, ctx);
  if (words.kind === 'calendar') return calendarAgain(state, ctx, words.details);
  return sentOn({ ...state, pending: undefined }, ctx, words.when);
}

/** The peer-to-peer sheet, when this case offers one; otherwise why not, and the question again. */
function choosePeerToPeer(state: AppealState, ctx: AppealContext): Result {
  if (offersPeerToPeer(state, ctx)) return result(state, [], [{ type: 'build-peer-to-peer' }]);
  return reask(state, ctx, say(ctx.t('appeal.peerToPeer.notOffered'), 'info'));
}

/** Text typed while a follow-up question is open. */
function pendingText(state: AppealState, p: Pending, ctx: AppealContext, text: string): Result {
  const cleared: AppealState = { ...state, pending: undefined };
  if (p.type === 'profile') {
    const pick = readProfileChoice(text, ctx);
    return pick ? profileChoice(cleared, ctx, pick) : reask(state, ctx, say(ctx.t('appeal.profile.notFound')));
  }
  if (p.type === 'profile-field') return setProfileField(cleared, ctx, p.field, text);
  if (p.type === 'handoff-share') {
    const answer = readYesNo(text, ctx);
    return answer ? handOff(state, ctx, answer === 'yes') : reask(state, ctx);
  }
  if (p.type === 'letter')
    return letterText(
      state,
      text,
      ctx,
      (s, a, ack) => answered(s, ctx, a, ack),
      (s, ...before) => reask(s, ctx, ...before),
    );
  if (p.type === 'details') {
    if (readSkip(text, ctx)) return skipDetails(cleared, ctx);
    return reask(state, ctx, say(ctx.t('appeal.details.useForm')));
  }
  if (p.type === 'change-pick') {
    const step = readStep(text, ctx);
    return step ? startChange(cleared, ctx, step) : reask(state, ctx, say(ctx.t('appeal.change.notFound')));
  }
  if (p.type === 'date-estimate') return dateText(cleared, ctx, text, true);
  if (p.type === 'remind-offer') {
    const answer = readYesNo(text, ctx);
    if (answer) return answerOffer(state, caseFromState(state, ctx), ctx, answer === 'yes');
  }
  if (p.type === 'plan-answer') {
    const answer = readPlanAnswer(text, ctx);
    if (answer) return planAnswer(state, ctx, answer);
  }
  if (p.type === 'date-confirm') {
    const answer = readYesNo(text, ctx);
    const only = p.options.length === 1 ? p.options[0] : undefined;
    if (answer === 'yes' && only) return setDate(cleared, ctx, only, p.estimated);
    if (answer === 'no')
      return reask(
        p.estimated ? { ...cleared, pending: { type: 'date-estimate' } } : cleared,
        ctx,
        say(ctx.t('appeal.denialDate.retype')),
      );
    if (p.estimated) return dateText(cleared, ctx, text, true);
  }
  const [guessed] = p.type === 'guess' ? p.ids : [];
  if (p.type === 'guess' && p.step === 'drug' && p.ids.length === 1 && guessed) {
    const answer = readYesNo(text, ctx);
    if (answer === 'yes') return setDrug(cleared, ctx, guessed, p.text);
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
        if (date) return setDate(cleared, ctx, date, p.estimated);
        const retry: AppealState = p.estimated ? { ...cleared, pending: { type: 'date-estimate' } } : cleared;
        return reask(retry, ctx, say(ctx.t('appeal.denialDate.retype')));
      }
      case 'date-estimate':
        return reask(state, ctx);
      case 'change-pick': {
        const step = QUESTION_STEPS.find((s) => s === choice);
        return step ? startChange(cleared, ctx, step) : reask(state, ctx, say(ctx.t('appeal.unknownChoice')));
      }
      case 'remind-offer':
        return answerOffer(state, caseFromState(state, ctx), ctx, choice === 'yes');
      case 'plan-answer': {
        const answer = PLAN_ANSWERS.find((a) => a === choice);
        return answer ? planAnswer(state, ctx, answer) : reask(state, ctx, say(ctx.t('appeal.unknownChoice')));
      }
      case 'profile':
        return choice === PROFILE_DELETE || choice === PROFILE_DONE || isProfileField(choice)
          ? profileChoice(cleared, ctx, choice)
          : reask(state, ctx);
      case 'profile-field':
        return reask(state, ctx);
      case 'handoff-share':
        return handOff(state, ctx, choice === 'yes');
      case 'details':
        return skipDetails(cleared, ctx);
      case 'type-insurer':
        return reask(state, ctx);
      case 'letter':
        if (choice === USE)
          return useLetter(
            state,
            ctx,
            p.found,
            (s, a, ack) => answered(s, ctx, a, ack),
            (s, ...before) => reask(s, ctx, ...before),
          );
        if (choice === DROP) return dropLetter(state, ctx, (s, ...before) => reask(s, ctx, ...before));
        return reask(state, ctx);
    }
  }
  switch (state.step) {
    case 'voice':
      return isVoice(choice) || choice === SKIP
        ? setVoice(state, ctx, isVoice(choice) ? choice : undefined)
        : reask(state, ctx);
    case 'insurer':
      return choice === OTHER
        ? reask({ ...state, pending: { type: 'type-insurer' } }, ctx)
        : setInsurer(state, ctx, choice, choice);
    case 'reason':
      return setReason(state, ctx, choice === OTHER ? null : choice);
    case 'plan':
      return setPlan(state, ctx, choice);
    case 'stage':
      return choice === 'first' || choice === 'appeal-denied'
        ? setStage(state, ctx, choice)
        : reask(state, ctx, say(ctx.t('appeal.unknownChoice')));
    case 'urgency':
      return setUrgent(state, ctx, choice === 'yes');
    case 'done':
      if (choice === PEER_TO_PEER) return choosePeerToPeer(state, ctx);
      if (choice === DETAILS_STEP) return openDetails(state, ctx);
      return choice === 'patient' || choice === 'care-team'
        ? chooseAuthor(state, ctx, choice)
        : reask(state, ctx, say(ctx.t('appeal.unknownChoice')));
    default:
      return reask(state, ctx);
  }
}

// ── the practice profile ─────────────────────────────────────────────────────

function openProfile(state: AppealState, ctx: AppealContext, before: Reply[] = []): Result {
  return reask({ ...state, pending: { type: 'profile' } }, ctx, ...before);
}

function profileChoice(state: AppealState, ctx: AppealContext, pick: ProfileField | 'delete' | 'done'): Result {
  if (pick === PROFILE_DONE) return reask(state, ctx, say(ctx.t('appeal.profile.closed')));
  if (pick === PROFILE_DELETE) {
    const { profile: _deleted, ...rest } = state;
    return reask(rest, ctx, say(ctx.t('appeal.profile.deleted'), 'success'));
  }
  return reask({ ...state, pending: { type: 'profile-field', field: pick } }, ctx);
}

/** A typed field value: checked (NPI, phone), saved, and the menu shown again; a bad value is asked again, kindly. */
function setProfileField(state: AppealState, ctx: AppealContext, field: ProfileField, text: string): Result {
  const reading = readProfileField(field, text);
  if (!reading.ok)
    return reask(
      { ...state, pending: { type: 'profile-field', field } },
      ctx,
      say(ctx.t(`appeal.profile.problem.${reading.problem}`), 'warning'),
    );
  const profile = { ...state.profile, [field]: reading.value };
  return openProfile({ ...state, profile }, ctx, [
    say(ctx.t('appeal.profile.saved', { field: ctx.t(`appeal.profile.fields.${field}`) }), 'success'),
  ]);
}

/** "Talk to a person": how to reach the organisation's volunteers, or honestly that there are none here. */
function personText(ctx: AppealContext): string {
  const org = ctx.organisation;
  if (org?.help) return ctx.t('appeal.org.person', { name: org.name, help: org.help });
  if (org?.url) return ctx.t('appeal.org.personLinkOnly', { name: org.name, url: org.url });
  return ctx.t('appeal.org.noPerson');
}

/**
 * "Talk to a person" where the volunteers have a hand-off channel: a notice
 * goes there. It names no drug, insurer or date unless the user agrees to
 * share the case summary, so with answers to share they are asked first.
 */
function askForPerson(state: AppealState, ctx: AppealContext): Result {
  if (!ctx.handoff) return reask(state, ctx, say(personText(ctx), 'info'));
  if (answeredSteps(state, ctx).length === 0) return handOff(state, ctx, false);
  return reask({ ...state, pending: { type: 'handoff-share' } }, ctx, say(ctx.t('appeal.handoff.intro'), 'info'));
}

function handOff(state: AppealState, ctx: AppealContext, share: boolean): Result {
  const cleared: AppealState = { ...state, pending: undefined };
  const summary = share
    ? answeredSteps(state, ctx).map((s) => `${ctx.t(`appeal.steps.${s}`)}: ${answerText(s, state, ctx) ?? ''}`)
    : undefined;
  const sent = say(ctx.t(share ? 'appeal.handoff.sentWithSummary' : 'appeal.handoff.sent'), 'success');
  return result(cleared, [sent, currentQuestion(cleared, ctx)], [{ type: 'handoff', ...(summary ? { summary } : {}) }]);
}

// ── global commands ──────────────────────────────────────────────────────────

function startChange(state: AppealState, ctx: AppealContext, step: QuestionStep | 'voice'): Result {
  if (step === 'voice')
    return result({ ...state, step, pending: undefined }, [currentQuestion({ ...state, step }, ctx)]);
  const next: AppealState = { ...state, step, pending: undefined, editing: true };
  const current = answerText(step, next, ctx);
  const question = currentQuestion(next, ctx);
  return result(next, [
    { ...question, hint: current ? ctx.t('appeal.answerWas', { answer: current }) : question.hint },
  ]);
}

/**
 * "español", "English": the conversation goes on in that language from here (the
 * current question again, in it). Without a language, how to ask for one.
 */
function switchLanguage(state: AppealState, ctx: AppealContext, locale: string | undefined): Result {
  if (!locale) {
    const choices = availableLocales()
      .map((code) => translator(code)('core.locale.switch'))
      .join('\n');
    return reask(state, ctx, say(ctx.t('appeal.language.how', { choices })));
  }
  const next: AppealState = { ...state, locale };
  const words = ctx.inLocale(locale);
  if (words.locale === ctx.locale) return reask(state, ctx, say(ctx.t('appeal.language.already')));
  // Where the conversation stands (the question, or the plan and the author question), now in the new language.
  const shown = advanceCase({ ...next, locale: words.locale }, { kind: 'start' }, words);
  return { ...shown, replies: [say(words.t('appeal.language.switched')), ...shown.replies] };
}

function command(state: AppealState, ctx: AppealContext, cmd: CommandId, arg?: string): Result {
  const t = ctx.t;
  switch (cmd) {
    case 'forget':
      return result(initialAppealState(state.locale), [say(t('appeal.forgotten'), 'success')], [{ type: 'forget' }]);
    case 'restart': {
      const fresh = restartedAppealState(state);
      const cancel: Effect[] = state.followUp ? [{ type: 'schedule', jobs: [] }] : [];
      return result(fresh, [say(t('appeal.restarted')), currentQuestion(fresh, ctx)], cancel);
    }
    case 'help': {
      const lines = [
        t('appeal.help.intro'),
        t('appeal.help.current', { step: t(`appeal.steps.${state.step === 'done' ? 'author' : state.step}`) }),
        t('appeal.help.voice'),
        t('appeal.help.cases', { days: ctx.retentionDays }),
        t('appeal.help.commands'),
        ...(ctx.organisation ? [organisationGreeting(ctx.organisation, t).join('\n')] : []),
      ];
      return reask(state, ctx, say(lines.join('\n\n')));
    }
    case 'status': {
      const known = QUESTION_STEPS.map(
        (s) => `- ${t(`appeal.steps.${s}`)}: ${answerText(s, state, ctx) ?? t('appeal.status.missing')}`,
      );
      const any = QUESTION_STEPS.some((s) => answerText(s, state, ctx) !== null);
      const lines = any ? [t('appeal.status.title'), ...known] : [t('appeal.status.none')];
      if (state.followUp) lines.push('', ...statusLines(state, ctx));
      return reask(state, ctx, say(lines.join('\n')));
    }
    case 'profile':
      return openProfile(state, ctx);
    case 'cases':
      return reask({ ...state, pending: { type: 'cases' } }, ctx);
    case 'person':
      return askForPerson(state, ctx);
    case 'change': {
      const step = arg ? readStep(arg, ctx) : null;
      if (step) return startChange(state, ctx, step);
      if (answeredSteps(state, ctx).length === 0) return reask(state, ctx, say(t('appeal.change.nothingYet')));
      return reask({ ...state, pending: { type: 'change-pick' } }, ctx);
    }
    case 'language':
      return switchLanguage(state, ctx, arg);
    case 'back': {
      if (state.pending) return reask({ ...state, pending: undefined }, ctx);
      const index =
        state.step === 'done' ? QUESTION_STEPS.length : state.step === 'voice' ? 0 : QUESTION_STEPS.indexOf(state.step);
      if (index <= 0) return reask(state, ctx, say(t('appeal.firstQuestion')));
      const previous = QUESTION_STEPS[index - 1];
      return previous
        ? startChange({ ...state, editing: false }, ctx, previous)
        : reask(state, ctx, say(t('appeal.firstQuestion')));
    }
  }
}

// ── the flow ─────────────────────────────────────────────────────────────────

/**
 * One case's steps, in the conversation's own language (whatever the turn's context was built for) and the
 * user's voice; `withCases` puts the person's other cases around them.
 */
function advanceCase(state: AppealState, input: UserInput, turnCtx: AppealContext): Result {
  const ctx = withVoice(state.locale === turnCtx.locale ? turnCtx : turnCtx.inLocale(state.locale), state.voice);
  const t = ctx.t;
  switch (input.kind) {
    case 'start': {
      const history = input.history ? historyReplies(state, ctx) : [];
      const due = state.step === 'done' ? dueOnReturn(state, caseFromState(state, ctx), ctx) : null;
      if (due) return { ...due, replies: [...history, ...due.replies] };
      // The reminder offer follows the letter: a reload still shows the plan and the letter before it.
      const afterLetter = Boolean(input.history && state.answers.author) && state.pending?.type === 'remind-offer';
      if (state.step !== 'done' || (state.pending && !afterLetter)) return reask(state, ctx, ...history);
      const shown = showSummary(state, ctx, history);
      // After a reload, a letter already made is offered again (it is rebuilt from the answers).
      if (!input.history || !state.answers.author) return shown;
      const author = ctx.t(state.answers.author === 'patient' ? 'appeal.author.patient' : 'appeal.author.careTeam');
      return result(
        state,
        [...shown.replies, { kind: 'text', from: 'user', text: author }],
        [{ type: 'build-letter' }],
      );
    }
    case 'due':
      return fireReminder(state, caseFromState(state, ctx), ctx, input.job);
    case 'command':
      return command(state, ctx, input.command, input.arg);
    case 'date': {
      const question = currentQuestion(state, ctx);
      if (input.step !== question.step || question.input.type !== 'date')
        return reask(state, ctx, say(t('appeal.staleChoice')));
      if (!isCalendarDate(input.date)) return reask(state, ctx, say(t('appeal.denialDate.notFound')));
      return setDate(state, ctx, input.date);
    }
    case 'form': {
      if (input.step !== DETAILS_STEP || state.pending?.type !== 'details')
        return reask(state, ctx, say(t('appeal.staleChoice')));
      return setDetails(state, ctx, input.values, input.partial === true);
    }
    case 'choice': {
      const question = currentQuestion(state, ctx);
      if (input.step === 'command') {
        const cmd = COMMANDS.find((c) => c === input.choice);
        return cmd ? command(state, ctx, cmd) : reask(state, ctx, say(t('appeal.unknownChoice')));
      }
      if (input.step !== question.step) return reask(state, ctx, say(t('appeal.staleChoice')));
      const valid =
        (question.input.type === 'choices' && question.input.choices.some((c) => c.id === input.choice)) ||
        (question.input.type === 'form' && input.choice === question.input.skip.id);
      if (!valid) return reask(state, ctx, say(t('appeal.unknownChoice')));
      return choiceAnswer(state, ctx, input.choice);
    }
    case 'document':
      return receiveLetter(state, input.outcome, ctx, (s, ...before) => reask(s, ctx, ...before));
    case 'text': {
      // Control characters other than tab and newline become spaces.
      const text = input.text.replace(/(?![\t\n])\p{Cc}/gu, ' ').trim();
      if (text.length === 0) return reask(state, ctx, say(t('appeal.emptyMessage')));
      const notes = text.length > MAX_TEXT ? [say(t('appeal.tooLong'), 'info')] : [];
      const read = text.slice(0, MAX_TEXT);
      const parsed = parseCommand(read, t);
      if (parsed) return command(state, ctx, parsed.command, parsed.arg);
      const followUp = followUpText(state, ctx, read);
      if (followUp) return { ...followUp, replies: [...notes, ...followUp.replies] };
      const mention = readStateMention(read, ctx);
      const named = mention ? answerState(state, mention, ctx) : null;
      if (named) {
        return named.state.step === 'done' && !named.state.pending
          ? showSummary(named.state, ctx, named.replies)
          : reask(named.state, ctx, ...named.replies);
      }
      const question = currentQuestion(state, ctx);
      // Typed while looking at another question (another tab moved on): not applied, and said so.
      if (input.step !== undefined && input.step !== question.step)
        return reask(state, ctx, say(t('appeal.staleText'), 'warning'));
      if (/^\d{1,2}$/.test(read) && question.input.type === 'choices') {
        const chosen = question.input.choices[Number(read) - 1];
        if (chosen) return choiceAnswer(state, ctx, chosen.id);
      }
      const outcome = state.pending ? pendingText(state, state.pending, ctx, read) : textAnswer(state, ctx, read);
      return { ...outcome, replies: [...notes, ...outcome.replies] };
    }
  }
}

const advance = withCases(advanceCase, (text, ctx) => parseCommand(text, ctx.t) !== null);

export const appealFlow: Flow<AppealState, AppealContext> = {
  id: APPEAL_FLOW_ID,
  version: APPEAL_STATE_VERSION,
  privateFields: APPEAL_PRIVATE_FIELDS,
  initial: (ctx) => initialAppealState(ctx.locale),
  load: loadAppealState,
  start(state, input, ctx) {
    const parsed = input.kind === 'text' ? parseCommand(input.text, ctx.t) : null;
    if (parsed?.command === 'forget') {
      return result(state, [say(ctx.t('appeal.nothingToForget'))], [{ type: 'forget' }]);
    }
    // "español" as the very first message: the greeting comes in that language.
    const locale = parsed?.command === 'language' && parsed.arg ? parsed.arg : state.locale;
    const words = locale === ctx.locale ? ctx : ctx.inLocale(locale);
    const first: AppealState = { ...state, locale: words.locale };
    if (input.kind === 'document') {
      // The letter as the very first message: greet, then show what it says.
      const read = advance(first, input, words);
      return { ...read, replies: [intro(words), ...read.replies] };
    }
    return result(first, [intro(words), currentQuestion(first, words)]);
  },
  advance,
  keepUntil: keepUntilAnyCase,
  locale: (state) => state.locale,
};
