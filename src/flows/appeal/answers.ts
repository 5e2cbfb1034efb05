import type { DateReadingWords } from './domain/denial-date.js';
import { Matcher } from './domain/match.js';
import type { AppealContext } from './context.js';
import { PROFILE_FIELDS, type ProfileField } from './profile.js';
import { QUESTION_STEPS, VOICES, type QuestionStep, type Voice } from './state.js';

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

/** The id the text names with certainty, if it is one of `ids` (the entries the matcher was built from); never a fuzzy guess. */
function sure<T extends string>(matcher: Matcher, text: string, ids: readonly T[]): T | null {
  const named = matcher.sure(text);
  return ids.find((id) => id === named) ?? null;
}

export function readYesNo(text: string, ctx: AppealContext): 'yes' | 'no' | null {
  const matcher = catalogMatcher(ctx, { yes: 'appeal.urgency.yesWords', no: 'appeal.urgency.noWords' });
  return sure(matcher, text, ['yes', 'no'] as const);
}

export function readStage(text: string, ctx: AppealContext): 'first' | 'appeal-denied' | null {
  const matcher = catalogMatcher(ctx, {
    first: 'appeal.stage.firstWords',
    'appeal-denied': 'appeal.stage.appealDeniedWords',
  });
  return sure(matcher, text, ['first', 'appeal-denied'] as const);
}

export function readAuthor(text: string, ctx: AppealContext): 'patient' | 'care-team' | null {
  const matcher = catalogMatcher(ctx, {
    patient: 'appeal.author.patientWords',
    'care-team': 'appeal.author.careTeamWords',
  });
  return sure(matcher, text, ['patient', 'care-team'] as const);
}

/** A field of the practice profile menu by name, or "delete" / "done". */
export function readProfileChoice(text: string, ctx: AppealContext): ProfileField | 'delete' | 'done' | null {
  const entries: Record<string, string> = Object.fromEntries(
    PROFILE_FIELDS.map((f) => [f, `appeal.profile.words.${f}`]),
  );
  const matcher = catalogMatcher(ctx, {
    ...entries,
    delete: 'appeal.profile.words.delete',
    done: 'appeal.profile.words.done',
  });
  return sure(matcher, text, [...PROFILE_FIELDS, 'delete', 'done'] as const);
}

export function readPeerToPeer(text: string, ctx: AppealContext): boolean {
  return sure(catalogMatcher(ctx, { p2p: 'appeal.peerToPeer.words' }), text, ['p2p'] as const) === 'p2p';
}

export function readVoice(text: string, ctx: AppealContext): Voice | 'skip' | null {
  const matcher = catalogMatcher(ctx, {
    patient: 'appeal.voice.patientWords',
    helper: 'appeal.voice.helperWords',
    'care-team': 'appeal.voice.careTeamWords',
    skip: 'appeal.voice.skipWords',
  });
  return sure(matcher, text, [...VOICES, 'skip'] as const);
}

/** Which answer the user wants to change (or `voice`: who they are). */
export function readStep(text: string, ctx: AppealContext): QuestionStep | 'voice' | null {
  const matcher = catalogMatcher(ctx, {
    insurer: 'appeal.stepWords.insurer',
    drug: 'appeal.stepWords.drug',
    reason: 'appeal.stepWords.reason',
    plan: 'appeal.stepWords.plan',
    stage: 'appeal.stepWords.stage',
    denialDate: 'appeal.stepWords.denialDate',
    urgency: 'appeal.stepWords.urgency',
    voice: 'appeal.stepWords.voice',
  });
  return sure(matcher, text, [...QUESTION_STEPS, 'voice'] as const);
}

/** "I lost the letter", "I don't have it": the date question has a way forward for these. */
export function readLostLetter(text: string, ctx: AppealContext): boolean {
  return sure(catalogMatcher(ctx, { lost: 'appeal.denialDate.lostWords' }), text, ['lost'] as const) === 'lost';
}

/** "I'm not sure", "I don't know": the urgency question explains who decides. */
export function readNotSure(text: string, ctx: AppealContext): boolean {
  return sure(catalogMatcher(ctx, { unsure: 'appeal.urgency.notSureWords' }), text, ['unsure'] as const) === 'unsure';
}

export function readPlanAnswer(text: string, ctx: AppealContext): 'approved' | 'denied' | 'waiting' | null {
  const matcher = catalogMatcher(ctx, {
    approved: 'appeal.reminders.answer.approvedWords',
    denied: 'appeal.reminders.deniedWords',
    waiting: 'appeal.reminders.answer.waitingWords',
  });
  return sure(matcher, text, ['approved', 'denied', 'waiting'] as const);
}

export type FollowUpWords =
  | { kind: 'stop' }
  | { kind: 'denied' }
  | { kind: 'sent'; when: string }
  | { kind: 'calendar'; details: boolean };

function phrases(ctx: AppealContext, key: string): string[] {
  return ctx
    .t(key)
    .split('|')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

/** "stop reminders", "they denied my appeal", "I sent it on May 2": the phrases that move the follow-up along. */
export function readFollowUp(text: string, ctx: AppealContext): FollowUpWords | null {
  const cleaned = text
    .trim()
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ');
  if (phrases(ctx, 'appeal.reminders.stopWords').includes(cleaned)) return { kind: 'stop' };
  if (phrases(ctx, 'appeal.reminders.deniedWords').includes(cleaned)) return { kind: 'denied' };
  if (phrases(ctx, 'appeal.calendar.detailsWords').includes(cleaned)) return { kind: 'calendar', details: true };
  if (phrases(ctx, 'appeal.calendar.words').includes(cleaned)) return { kind: 'calendar', details: false };
  for (const phrase of phrases(ctx, 'appeal.reminders.sentWords')) {
    if (cleaned === phrase) return { kind: 'sent', when: '' };
    if (cleaned.startsWith(`${phrase} `))
      return {
        kind: 'sent',
        when: cleaned
          .slice(phrase.length + 1)
          .replace(/^(on|the) /, '')
          .trim(),
      };
  }
  return null;
}

const dateWordsCache = new WeakMap<object, DateReadingWords>();

/** How dates are typed in the conversation's language (`core.locale.chrono`, `core.date.*`). */
export function dateReadingWords(ctx: AppealContext): DateReadingWords {
  const cached = dateWordsCache.get(ctx.t);
  if (cached) return cached;
  const list = (key: string) =>
    ctx
      .t(key)
      .split('|')
      .map((w) => w.trim().toLowerCase())
      .filter(Boolean);
  const numbers = new Map<string, number>();
  for (const entry of list('core.date.numbers')) {
    const [word = '', value = ''] = entry.split('=');
    if (word && /^\d+$/.test(value)) numbers.set(word.trim(), Number(value));
  }
  const words: DateReadingWords = {
    chrono: ctx.t('core.locale.chrono'),
    ago: ctx.t('core.date.ago'),
    units: {
      day: list('core.date.units.day'),
      week: list('core.date.units.week'),
      month: list('core.date.units.month'),
    },
    numbers,
  };
  dateWordsCache.set(ctx.t, words);
  return words;
}

/** "skip", "no thanks", "later"… while the details form is open. */
export function readSkip(text: string, ctx: AppealContext): boolean {
  const words = ctx
    .t('appeal.details.skipWords')
    .split('|')
    .map((w) => w.toLowerCase());
  return words.includes(
    text
      .trim()
      .toLowerCase()
      .replace(/[.!]+$/, ''),
  );
}
