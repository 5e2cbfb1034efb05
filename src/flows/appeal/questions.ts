import type { Choice, CommandId, QuestionReply } from '../../core/types.js';
import { navActions } from '../commands.js';
import { longDate } from './domain/calendar.js';
import type { AppealContext } from './context.js';
import { caseFromState } from './case.js';
import { allCases, caseLabel, currentMeta } from './case-label.js';
import { PROFILE_FIELDS } from './profile.js';
import { letterQuestion } from './letter-intake.js';
import { DETAILS_STEP, detailsForm } from './details-form.js';
import { QUESTION_STEPS, type AppealState, type QuestionStep } from './state.js';
import { decisionRule, offerQuestion, planAnswerQuestion } from './reminders.js';

/** Ids of choices that are not knowledge ids. */
export const OTHER = 'other';
export const NONE = 'none';
export const USE_AS_TYPED = 'use';
export const SKIP = 'skip';
/** The peer-to-peer preparation sheet, offered beside the letter to a care team. */
export const PEER_TO_PEER = 'p2p';
export const PROFILE_DELETE = 'delete';
export const PROFILE_DONE = 'done';

/** Candidates are shown by position (`c0`, `c1`…), so no drug or insurer name rides in a button value. */
export const candidateId = (index: number) => `c${index}`;
export const candidateIndex = (id: string): number => (/^c\d$/.test(id) ? Number(id.slice(1)) : -1);

export function drugDisplay(ctx: AppealContext, id: string): string {
  const drug = ctx.knowledge.drugs.get(id);
  return drug ? ctx.t('appeal.drug.display', { brand: drug.brand, generic: drug.generic }) : id;
}

function nameOf(ctx: AppealContext, step: 'insurer' | 'drug' | 'reason' | 'plan', id: string): string {
  const k = ctx.knowledge;
  if (step === 'insurer') return k.insurers.get(id)?.name ?? id;
  if (step === 'drug') return drugDisplay(ctx, id);
  if (step === 'reason') return k.reasons.get(id)?.name ?? id;
  return k.planTypes.get(id)?.name ?? id;
}

/** The user's current answer to a step, in words (for "status" and "change"). */
export function answerText(step: QuestionStep, state: AppealState, ctx: AppealContext): string | null {
  const a = state.answers;
  const t = ctx.t;
  switch (step) {
    case 'insurer':
      return a.insurer ? (a.insurer.id ? nameOf(ctx, 'insurer', a.insurer.id) : a.insurer.text) : null;
    case 'drug':
      return a.drug ? (a.drug.id ? nameOf(ctx, 'drug', a.drug.id) : a.drug.text) : null;
    case 'reason':
      return a.reason ? (a.reason.id ? nameOf(ctx, 'reason', a.reason.id) : t('appeal.reason.other')) : null;
    case 'plan':
      return a.plan ? nameOf(ctx, 'plan', a.plan) : null;
    case 'stage':
      return a.stage ? t(a.stage === 'first' ? 'appeal.stage.first' : 'appeal.stage.appealDenied') : null;
    case 'denialDate':
      if (!a.denialDate) return null;
      return a.denialDateEstimated
        ? t('appeal.denialDate.estimated', { date: longDate(a.denialDate, ctx.t) })
        : longDate(a.denialDate, ctx.t);
    case 'urgency':
      return a.urgent === undefined ? null : t(a.urgent ? 'appeal.yesNo.yes' : 'appeal.yesNo.no');
  }
}

/** Steps the user has answered, in question order. */
export function answeredSteps(state: AppealState, ctx: AppealContext): QuestionStep[] {
  return QUESTION_STEPS.filter((s) => answerText(s, state, ctx) !== null);
}

function hasAnswers(state: AppealState): boolean {
  return Object.values(state.answers).some((v) => v !== undefined);
}

function choices(ctx: AppealContext, step: 'insurer' | 'reason' | 'plan', ids: string[]): Choice[] {
  return ids.map((id) => ({ id, label: nameOf(ctx, step, id) }));
}

function ask(
  state: AppealState,
  ctx: AppealContext,
  step: string,
  text: string,
  hint: string | undefined,
  input: QuestionReply['input'],
): QuestionReply {
  const first = (state.step === QUESTION_STEPS[0] || state.step === 'voice') && !state.pending;
  // Change and start over mean nothing before the first answer: a short row is easier to read.
  const anyAnswer = hasAnswers(state);
  const commands: CommandId[] = [
    ...(first ? [] : (['back'] as const)),
    ...(anyAnswer ? (['change', 'restart'] as const) : []),
    'help',
    'forget',
  ];
  return {
    kind: 'question',
    step,
    text,
    ...(hint ? { hint } : {}),
    input,
    nav: navActions(ctx.t, commands),
    // Whenever a question is open, the denial letter itself is an answer.
    acceptsFile: true,
  };
}

type ChoicesInput = Extract<QuestionReply['input'], { type: 'choices' }>;

const pick = (list: Choice[], style: 'short' | 'list' | 'search' = 'list'): ChoicesInput => ({
  type: 'choices',
  choices: list,
  style,
  allowText: true,
});

function pendingQuestion(state: AppealState, ctx: AppealContext): QuestionReply | null {
  const t = ctx.t;
  const p = state.pending;
  if (!p) return null;
  switch (p.type) {
    case 'guess': {
      const names = p.ids.map((id, i) => ({ id: candidateId(i), label: nameOf(ctx, p.step, id) }));
      if (p.step === 'drug') {
        const single = p.ids.length === 1;
        const list = single ? [{ id: candidateId(0), label: t('appeal.yesNo.yes') }] : names;
        return ask(
          state,
          ctx,
          'drug',
          single && names[0] ? t('appeal.drug.guess', { name: names[0].label }) : t('appeal.drug.guessMany'),
          t('appeal.drug.guessHint'),
          pick([...list, { id: NONE, label: t('appeal.drug.noneOfThese') }], 'short'),
        );
      }
      const other =
        p.step === 'reason'
          ? [{ id: OTHER, label: t('appeal.reason.other') }]
          : [{ id: NONE, label: t('appeal.insurer.noneOfThese') }];
      const question =
        p.step === 'insurer'
          ? 'appeal.insurer.guess'
          : p.step === 'reason'
            ? 'appeal.reason.guess'
            : 'appeal.plan.guess';
      return ask(state, ctx, p.step, t(question), t('appeal.insurer.guessHint'), pick([...names, ...other], 'short'));
    }
    case 'unknown-name':
      return ask(
        state,
        ctx,
        p.step,
        t(`appeal.${p.step}.notFound`, { name: p.text }),
        t(`appeal.${p.step}.hint`),
        pick([{ id: USE_AS_TYPED, label: t(`appeal.${p.step}.useAsTyped`, { name: p.text.slice(0, 40) }) }], 'short'),
      );
    case 'type-insurer':
      return ask(state, ctx, 'insurer', t('appeal.insurer.otherPrompt'), undefined, {
        type: 'text',
        placeholder: t('appeal.insurer.placeholder'),
      });
    case 'date-estimate':
      return ask(
        state,
        ctx,
        'denialDate',
        t('appeal.denialDate.estimateQuestion'),
        t('appeal.denialDate.estimateHint'),
        {
          type: 'date',
          max: ctx.today,
          placeholder: t('appeal.denialDate.placeholder'),
        },
      );
    case 'date-confirm': {
      const options = p.options.map((date, i) => ({
        id: candidateId(i),
        label: t('appeal.denialDate.yes', { date: longDate(date, ctx.t) }),
      }));
      const text =
        p.options.length === 1 && p.options[0]
          ? t('appeal.denialDate.confirmOne', { date: longDate(p.options[0], ctx.t) })
          : t('appeal.denialDate.confirmTwo');
      return ask(
        state,
        ctx,
        'denialDate',
        text,
        undefined,
        pick([...options, { id: NONE, label: t('appeal.denialDate.no') }], 'short'),
      );
    }
    case 'remind-offer':
      return offerQuestion(state, caseFromState(state, ctx), ctx);
    case 'plan-answer':
      return planAnswerQuestion(ctx, decisionRule(caseFromState(state, ctx))?.citation ?? '');
    case 'profile':
      return ask(
        state,
        ctx,
        'profile',
        t(state.profile ? 'appeal.profile.menu' : 'appeal.profile.empty'),
        t('appeal.profile.hint'),
        pick([
          ...PROFILE_FIELDS.map((f) => ({
            id: f,
            label: t(`appeal.profile.fields.${f}`),
            description: state.profile?.[f] ?? t('appeal.profile.notSet'),
          })),
          ...(state.profile ? [{ id: PROFILE_DELETE, label: t('appeal.profile.delete') }] : []),
          { id: PROFILE_DONE, label: t('appeal.profile.done') },
        ]),
      );
    case 'profile-field': {
      const current = state.profile?.[p.field];
      return ask(
        state,
        ctx,
        'profile',
        t(`appeal.profile.ask.${p.field}`),
        current ? t('appeal.profile.current', { value: current }) : t('appeal.profile.typeIt'),
        { type: 'text', placeholder: t(`appeal.profile.fields.${p.field}`) },
      );
    }
    case 'cases':
      return casesQuestion(state, ctx);
    case 'case-delete': {
      const target = allCases(state).find((c) => c.id === p.id);
      return ask(
        state,
        ctx,
        'case-delete',
        t('appeal.cases.deleteQuestion', { label: target ? caseLabel(target, target.answers, ctx) : '' }),
        t('appeal.cases.deleteHint'),
        pick(
          [
            { id: 'yes', label: t('appeal.cases.deleteYes') },
            { id: 'no', label: t('appeal.cases.deleteNo') },
          ],
          'short',
        ),
      );
    }
    case 'handoff-share':
      return ask(
        state,
        ctx,
        'handoff',
        t('appeal.handoff.shareQuestion'),
        t('appeal.handoff.shareHint'),
        pick(
          [
            { id: 'yes', label: t('appeal.handoff.shareYes') },
            { id: 'no', label: t('appeal.handoff.shareNo') },
          ],
          'short',
        ),
      );
    case 'letter':
      return letterQuestion(state, ctx);
    case 'details':
      return ask(
        state,
        ctx,
        DETAILS_STEP,
        t('appeal.details.question'),
        t('appeal.details.privacy', { hours: ctx.detailsHours }),
        detailsForm(state, ctx),
      );
    case 'change-pick':
      return ask(
        state,
        ctx,
        'change',
        t('appeal.change.question'),
        t('appeal.change.hint'),
        // Only what has an answer can be changed; each choice shows the answer it holds now.
        pick(
          answeredSteps(state, ctx).map((s) => ({
            id: s,
            label: t(`appeal.steps.${s}`),
            description: answerText(s, state, ctx) ?? undefined,
          })),
        ),
      );
  }
}

/** A case in the list is picked by its number, never by anything from its answers. */
export const caseChoiceId = (id: number) => `case-${id}`;
export const NEW_CASE = 'new';

/** The list of cases: open ones first, then closed ones, each to switch to; and a new case. */
function casesQuestion(state: AppealState, ctx: AppealContext): QuestionReply {
  const t = ctx.t;
  const current = currentMeta(state).id;
  const cases = allCases(state);
  const ordered = [...cases.filter((c) => !c.closed), ...cases.filter((c) => c.closed)];
  const open = cases.length - cases.filter((c) => c.closed).length;
  return ask(
    state,
    ctx,
    'cases',
    t('appeal.cases.listQuestion', { open, closed: cases.length - open }),
    t('appeal.cases.listHint'),
    pick(
      [
        ...ordered.map((c) => ({
          id: caseChoiceId(c.id),
          // Marked in the label itself: buttons and menus show no description.
          label: t(c.id === current ? 'appeal.cases.current' : c.closed ? 'appeal.cases.closed' : 'appeal.cases.open', {
            label: caseLabel(c, c.answers, ctx),
          }),
        })),
        { id: NEW_CASE, label: t('appeal.cases.new') },
        // A menu on every surface (a Slack select, a Teams card's filtered list, a Discord select): up to 100 cases.
      ],
      'search',
    ),
  );
}

/** The question the user is being asked now, as a neutral reply. */
export function currentQuestion(state: AppealState, ctx: AppealContext): QuestionReply {
  const pending = pendingQuestion(state, ctx);
  if (pending) return pending;
  const t = ctx.t;
  const k = ctx.knowledge;
  switch (state.step) {
    case 'voice':
      return ask(
        state,
        ctx,
        'voice',
        t('appeal.voice.question'),
        t('appeal.voice.hint'),
        pick(
          [
            { id: 'patient', label: t('appeal.voice.patient') },
            { id: 'helper', label: t('appeal.voice.helper') },
            { id: 'care-team', label: t('appeal.voice.careTeam') },
            { id: SKIP, label: t('appeal.voice.skip') },
          ],
          'short',
        ),
      );
    case 'insurer': {
      const insurers = [...k.insurers.values()]
        .filter((i) => i.listed)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((i) => i.id);
      return ask(state, ctx, 'insurer', t('appeal.insurer.question'), t('appeal.insurer.hint'), {
        ...pick([...choices(ctx, 'insurer', insurers), { id: OTHER, label: t('appeal.insurer.other') }], 'search'),
        placeholder: t('appeal.insurer.placeholder'),
      });
    }
    case 'drug':
      return ask(state, ctx, 'drug', t('appeal.drug.question'), t('appeal.drug.hint'), {
        type: 'text',
        placeholder: t('appeal.drug.placeholder'),
      });
    case 'reason':
      return ask(
        state,
        ctx,
        'reason',
        t('appeal.reason.question'),
        t('appeal.reason.hint'),
        pick([...choices(ctx, 'reason', [...k.reasons.keys()]), { id: OTHER, label: t('appeal.reason.other') }]),
      );
    case 'plan':
      return ask(
        state,
        ctx,
        'plan',
        t('appeal.plan.question'),
        t('appeal.plan.hint'),
        pick(choices(ctx, 'plan', [...k.planTypes.keys()])),
      );
    case 'stage':
      return ask(
        state,
        ctx,
        'stage',
        t('appeal.stage.question'),
        t('appeal.stage.hint'),
        pick(
          [
            { id: 'first', label: t('appeal.stage.first') },
            { id: 'appeal-denied', label: t('appeal.stage.appealDenied') },
          ],
          'short',
        ),
      );
    case 'denialDate':
      return ask(
        state,
        ctx,
        'denialDate',
        t(
          state.answers.stage === 'appeal-denied'
            ? 'appeal.denialDate.questionAppealDenied'
            : 'appeal.denialDate.question',
        ),
        t('appeal.denialDate.hint'),
        { type: 'date', max: ctx.today, placeholder: t('appeal.denialDate.placeholder') },
      );
    case 'urgency':
      return ask(
        state,
        ctx,
        'urgency',
        t('appeal.urgency.question'),
        t('appeal.urgency.hint'),
        pick(
          [
            { id: 'yes', label: t('appeal.urgency.yes') },
            { id: 'no', label: t('appeal.urgency.no') },
          ],
          'short',
        ),
      );
    case 'done':
      return authorQuestion(state, ctx, 'appeal.author.question');
  }
}

/** Who signs (the user's own voice first); after a letter, also a way back into the details form, and a care team's peer-to-peer sheet. */
export function authorQuestion(state: AppealState, ctx: AppealContext, textKey: string): QuestionReply {
  const t = ctx.t;
  const patient = { id: 'patient', label: t('appeal.author.patient') };
  const careTeam = { id: 'care-team', label: t('appeal.author.careTeam') };
  const list = state.voice === 'care-team' ? [careTeam, patient] : [patient, careTeam];
  if (offersPeerToPeer(state, ctx)) list.push({ id: PEER_TO_PEER, label: t('appeal.author.peerToPeer') });
  // Once the details were offered (given or skipped), they can be added or changed from here.
  if (state.detailsAsked === true) list.push({ id: DETAILS_STEP, label: t('appeal.details.change') });
  return ask(state, ctx, 'author', t(textKey), t('appeal.author.hint'), pick(list, 'short'));
}

/** A care team gets the sheet when a peer-to-peer call is a next step for this case (never where only the appeal changes a denial). */
export function offersPeerToPeer(state: AppealState, ctx: AppealContext): boolean {
  return state.voice === 'care-team' && caseFromState(state, ctx).nextSteps.some((s) => s.id === 'peer-to-peer');
}
