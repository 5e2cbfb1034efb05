import { z } from 'zod';
import { isRecord } from '../../core/json.js';
import { letterDetailsSchema } from './letter/details.js';
import { PROFILE_FIELDS, practiceProfileSchema } from './profile.js';

/**
 * The appeal flow's saved state: plain JSON, versioned, validated on load.
 * Older versions are migrated in `loadAppealState`; unreadable ones return null.
 */
export const APPEAL_FLOW_ID = 'appeal';
export const APPEAL_STATE_VERSION = 3;
/**
 * The state fields the engine stores apart, with the shorter expiry of
 * identifiers: the current case's letter details, and those of the cases
 * waiting (by case number).
 */
export const APPEAL_PRIVATE_FIELDS = ['details', 'caseDetails'] as const;

export const QUESTION_STEPS = ['insurer', 'drug', 'reason', 'plan', 'stage', 'denialDate', 'urgency'] as const;
export type QuestionStep = (typeof QUESTION_STEPS)[number];
/** `voice` is asked once, before the questions: who the user is, so every message speaks to them. */
export const STEPS = ['voice', ...QUESTION_STEPS, 'done'] as const;
export type Step = (typeof STEPS)[number];

/** Who the user is: the patient, someone helping them, or the patient's care team. */
export const VOICES = ['patient', 'helper', 'care-team'] as const;
export type Voice = (typeof VOICES)[number];
/** The fields a denial letter can fill (see flows/appeal/denial/types.ts). */
export const LETTER_FIELDS = [
  'insurer',
  'drug',
  'reason',
  'plan',
  'noticeDate',
  'stage',
  'memberId',
  'claimNumber',
  'policy',
  'appealsAddress',
  'appealsFax',
  'prescriber',
] as const;
export type LetterField = (typeof LETTER_FIELDS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Free text kept from the user is bounded: it ends up in letters, never in logs. */
const userText = z.string().max(200);

export const answersSchema = z
  .object({
    insurer: z.object({ id: z.string().optional(), text: userText }).strict().optional(),
    drug: z.object({ id: z.string().optional(), text: userText }).strict().optional(),
    /** `null`: the user chose "something else". */
    reason: z.object({ id: z.string().nullable() }).strict().optional(),
    plan: z.string().optional(),
    stage: z.enum(['first', 'appeal-denied']).optional(),
    denialDate: isoDate.optional(),
    /** The user has no letter: `denialDate` is their best guess, shown as an estimate everywhere. */
    denialDateEstimated: z.literal(true).optional(),
    urgent: z.boolean().optional(),
    author: z.enum(['patient', 'care-team']).optional(),
    /** Optional, given at any step: a USPS code, for the state's help in the plan. */
    state: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
  })
  .strict();
export type Answers = z.infer<typeof answersSchema>;

/** A question waiting on a follow-up (a "did you mean", a date confirmation, the change menu). */
export const pendingSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('guess'),
      step: z.enum(['insurer', 'drug', 'reason', 'plan']),
      ids: z.array(z.string()).max(5),
      text: userText,
    })
    .strict(),
  z.object({ type: z.literal('unknown-name'), step: z.enum(['insurer', 'drug']), text: userText }).strict(),
  z.object({ type: z.literal('type-insurer') }).strict(),
  z
    .object({
      type: z.literal('date-confirm'),
      options: z.array(isoDate).min(1).max(2),
      estimated: z.literal(true).optional(),
    })
    .strict(),
  /** The user lost the letter: the date question now asks for a best guess. */
  z.object({ type: z.literal('date-estimate') }).strict(),
  z.object({ type: z.literal('change-pick') }).strict(),
  /** "Shall I remind you?" after the letter. */
  z.object({ type: z.literal('remind-offer') }).strict(),
  /** "Did the plan answer?" from the decision-day reminder. */
  z.object({ type: z.literal('plan-answer') }).strict(),
  /** The practice profile menu, and one of its fields being typed. */
  z.object({ type: z.literal('profile') }).strict(),
  z.object({ type: z.literal('profile-field'), field: z.enum(PROFILE_FIELDS) }).strict(),
  /** The list of cases, to switch to one or start a new one. */
  z.object({ type: z.literal('cases') }).strict(),
  /** "Delete case 2?" waiting for yes or no. */
  z.object({ type: z.literal('case-delete'), id: z.number().int().min(1) }).strict(),
  /** "Share the case summary with the volunteers?" before the hand-off notice is posted. */
  z.object({ type: z.literal('handoff-share') }).strict(),
  /** What the denial letter says, waiting for the user to confirm or correct it in one step. */
  z
    .object({
      type: z.literal('letter'),
      found: z.partialRecord(
        z.enum(LETTER_FIELDS),
        // The source lines are shown once, never saved: the letter's text is not stored.
        z.object({ value: userText, id: z.string().max(80).optional(), check: z.boolean() }).strict(),
      ),
      drugChoices: z.array(z.string()).max(5).optional(),
      pagesNote: z.object({ read: z.number(), total: z.number() }).strict().optional(),
      /**
       * Letter details filled from the identifiers read (member ID…), by name only: their values wait
       * in the private `details` with its short expiry, never here; "Don't use them" clears them.
       */
      proposed: z
        .array(z.enum(['memberId', 'claimNumber', 'appealsAddress', 'prescriberName']))
        .max(4)
        .optional(),
    })
    .strict(),
  /** The letter details form is open. */
  z.object({ type: z.literal('details') }).strict(),
]);
export type Pending = z.infer<typeof pendingSchema>;

export const REMINDER_KINDS = ['send-week', 'send-day', 'decision'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One reminder: what it says and the day it is due. `fired` once it has been sent or shown. */
export const reminderSchema = z
  .object({ id: z.string().max(40), kind: z.enum(REMINDER_KINDS), date: isoDate, fired: z.boolean() })
  .strict();
export type Reminder = z.infer<typeof reminderSchema>;

/** Follow-through after the letter: whether reminders were asked for, when it was sent, what is pending. */
export const followUpSchema = z
  .object({
    reminders: z.boolean(),
    /** The day the user said they sent the appeal. */
    sentOn: isoDate.optional(),
    items: z.array(reminderSchema).max(10),
  })
  .strict();
export type FollowUp = z.infer<typeof followUpSchema>;

/** Open cases one person may have at once; past it they are asked to close or delete one. */
export const MAX_OPEN_CASES = 50;
/** Cases kept in all, open and closed: bounds what one session holds. */
export const MAX_KEPT_CASES = 100;

/**
 * A case's bookkeeping: its number, the name the user gave it (instead of the
 * label made from the answers), the day it was last worked on (each case
 * expires on its own, counted from that day), and whether it is closed.
 */
export const caseMetaSchema = z
  .object({
    id: z.number().int().min(1),
    name: z.string().max(60).optional(),
    touched: isoDate.optional(),
    closed: z.literal(true).optional(),
  })
  .strict();
export type CaseMeta = z.infer<typeof caseMetaSchema>;

/** What belongs to one case: its answers and where it stands. */
const caseFields = {
  step: z.enum(STEPS),
  answers: answersSchema,
  pending: pendingSchema.optional(),
  editing: z.boolean(),
  followUp: followUpSchema.optional(),
  detailsAsked: z.boolean().optional(),
};

/** A case the user is not working on right now, kept whole until they switch back. */
export const storedCaseSchema = caseMetaSchema.extend(caseFields).strict();
export type StoredCase = z.infer<typeof storedCaseSchema>;

/** The user's other cases; absent until a second case is opened. */
export const casesSchema = z
  .object({
    /** The case being worked on (its answers are the state's own). */
    current: caseMetaSchema,
    others: z.array(storedCaseSchema).max(MAX_KEPT_CASES - 1),
    /** The number the next new case gets: numbers are never reused, so "case 3" always means one case. */
    nextId: z.number().int().min(2),
  })
  .strict();
export type Cases = z.infer<typeof casesSchema>;

export const appealStateSchema = z
  .object({
    flow: z.literal(APPEAL_FLOW_ID),
    version: z.literal(APPEAL_STATE_VERSION),
    step: z.enum(STEPS),
    answers: answersSchema,
    pending: pendingSchema.optional(),
    /** Set by "change": once the changed answer is in, go straight back to the summary. */
    editing: z.boolean(),
    followUp: followUpSchema.optional(),
    /** The user's voice, kept across "start over"; absent when they skipped the question (spoken to as the patient). */
    voice: z.enum(VOICES).optional(),
    /** The user's practice profile (provider data), kept across "start over"; deleted by "forget me". */
    profile: practiceProfileSchema.optional(),
    /** Every case of this person, when they have opened more than one (see cases.ts). */
    cases: casesSchema.optional(),
    /** The details form was offered (filled in or skipped): not offered again unprompted. */
    detailsAsked: z.boolean().optional(),
    /** The details form was sent (not skipped): a field left empty there means "does not apply". */
    detailsSent: z.literal(true).optional(),
    /**
     * What the user gave to fill the letter. The engine keeps this field apart
     * (`privateFields`), so it expires on its own, sooner than the session.
     */
    details: letterDetailsSchema.optional(),
    /** The conversation's language (a catalog folder name): the platform's at first, then the user's choice. */
    locale: z
      .string()
      .min(2)
      .max(20)
      .regex(/^[a-z]{2,3}(-[a-z0-9]+)*$/),
    /** The letter details of the cases waiting, by case number; kept apart like `details`. */
    caseDetails: z.record(z.string().regex(/^\d{1,4}$/), letterDetailsSchema).optional(),
  })
  .strict();
export type AppealState = z.infer<typeof appealStateSchema>;

export function initialAppealState(locale: string): AppealState {
  return { flow: APPEAL_FLOW_ID, version: APPEAL_STATE_VERSION, step: 'voice', answers: {}, editing: false, locale };
}

/**
 * A fresh case for someone already known: what is kept about the user (voice,
 * practice profile, their other cases and those cases' letter details) survives "start over".
 */
export function restartedAppealState(state: AppealState): AppealState {
  return {
    ...initialAppealState(state.locale),
    step: 'insurer',
    ...(state.voice ? { voice: state.voice } : {}),
    ...(state.profile ? { profile: state.profile } : {}),
    ...(state.cases ? { cases: state.cases } : {}),
    ...(state.caseDetails ? { caseDetails: state.caseDetails } : {}),
  };
}

/** Migrations from older saved versions, keyed by the version they upgrade from. */
const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 1 spoke English only: those conversations go on in English.
  1: (old) => ({ ...old, version: 2, locale: 'en' }),
  // Version 3 added the voice question; a conversation already under way is not asked it (it stays unset).
  2: (old) => ({ ...old, version: 3 }),
};

export function loadAppealState(raw: unknown): AppealState | null {
  if (!isRecord(raw)) return null;
  let value = raw;
  let version = typeof value.version === 'number' ? value.version : 0;
  while (version < APPEAL_STATE_VERSION) {
    const migrate = migrations[version];
    if (!migrate) return null;
    value = migrate(value);
    version += 1;
  }
  const parsed = appealStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The first question still unanswered, or `done`. */
export function firstUnanswered(answers: Answers): Step {
  const has: Record<QuestionStep, boolean> = {
    insurer: answers.insurer !== undefined,
    drug: answers.drug !== undefined,
    reason: answers.reason !== undefined,
    plan: answers.plan !== undefined,
    stage: answers.stage !== undefined,
    denialDate: answers.denialDate !== undefined,
    urgency: answers.urgent !== undefined,
  };
  return QUESTION_STEPS.find((s) => !has[s]) ?? 'done';
}
