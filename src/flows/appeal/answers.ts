import { Matcher, type MatchResult } from './domain/match.js';
import type { AppealContext } from './context.js';
import { QUESTION_STEPS, type QuestionStep } from './state.js';

/**
 * Small word lists from the catalog (yes/no, stage, step names) matched like
 * the knowledge names, so typed answers work in any language the catalog has.
 */
const cache = new WeakMap<object, Map<string, Matcher>>();

function catalogMatcher(ctx: AppealContext, entries: Record<string, string>): Matcher {
  let perTranslator = cache.get(ctx.t);
  if (!perTranslator) {
    perTranslator = new Map();
    cache.set(ctx.t, perTranslator);
  }
  const key = Object.values(entries).join('#');
  let matcher = perTranslator.get(key);
  if (!matcher) {
    matcher = new Matcher(
      Object.entries(entries).map(([id, messageKey]) => ({ id, names: ctx.t(messageKey).split('|') })),
    );
    perTranslator.set(key, matcher);
  }
  return matcher;
}

/** The id matched with certainty, if it is one of `ids` (the entries the matcher was built from). */
function sure<T extends string>(result: MatchResult, ids: readonly T[]): T | null {
  return result.kind === 'sure' ? (ids.find((id) => id === result.id) ?? null) : null;
}

export function readYesNo(text: string, ctx: AppealContext): 'yes' | 'no' | null {
  const matcher = catalogMatcher(ctx, { yes: 'appeal.urgency.yesWords', no: 'appeal.urgency.noWords' });
  return sure(matcher.match(text), ['yes', 'no'] as const);
}

export function readStage(text: string, ctx: AppealContext): 'first' | 'appeal-denied' | null {
  const matcher = catalogMatcher(ctx, {
    first: 'appeal.stage.firstWords',
    'appeal-denied': 'appeal.stage.appealDeniedWords',
  });
  return sure(matcher.match(text), ['first', 'appeal-denied'] as const);
}

export function readAuthor(text: string, ctx: AppealContext): 'patient' | 'care-team' | null {
  const matcher = catalogMatcher(ctx, {
    patient: 'appeal.author.patientWords',
    'care-team': 'appeal.author.careTeamWords',
  });
  return sure(matcher.match(text), ['patient', 'care-team'] as const);
}

export function readStep(text: string, ctx: AppealContext): QuestionStep | null {
  const matcher = catalogMatcher(ctx, {
    insurer: 'appeal.stepWords.insurer',
    drug: 'appeal.stepWords.drug',
    reason: 'appeal.stepWords.reason',
    plan: 'appeal.stepWords.plan',
    stage: 'appeal.stepWords.stage',
    denialDate: 'appeal.stepWords.denialDate',
    urgency: 'appeal.stepWords.urgency',
  });
  return sure(matcher.match(text), QUESTION_STEPS);
}
