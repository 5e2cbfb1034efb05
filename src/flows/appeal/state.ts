import { z } from 'zod';
import { isRecord } from '../../core/json.js';
import { letterDetailsSchema } from './letter/details.js';

/**
 * The appeal flow's saved state: plain JSON, versioned, validated on load.
 * Older versions are migrated in `loadAppealState`; unreadable ones return null.
 */
export const APPEAL_FLOW_ID = 'appeal';
export const APPEAL_STATE_VERSION = 2;
/** The state field the engine stores apart, with the shorter expiry of identifiers. */
export const APPEAL_PRIVATE_FIELD = 'details';

export const QUESTION_STEPS = ['insurer', 'drug', 'reason', 'plan', 'stage', 'denialDate', 'urgency'] as const;
export type QuestionStep = (typeof QUESTION_STEPS)[number];
export const STEPS = [...QUESTION_STEPS, 'done'] as const;
export type Step = (typeof STEPS)[number];

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
    /** The details form was offered (filled in or skipped): not offered again unprompted. */
    detailsAsked: z.boolean().optional(),
    /** The details form was sent (not skipped): a field left empty there means "does not apply". */
    detailsSent: z.literal(true).optional(),
    /**
     * What the user gave to fill the letter. The engine keeps this field apart
     * (`privateField`), so it expires on its own, sooner than the session.
     */
    details: letterDetailsSchema.optional(),
    /** The conversation's language (a catalog folder name): the platform's at first, then the user's choice. */
    locale: z
      .string()
      .min(2)
      .max(20)
      .regex(/^[a-z]{2,3}(-[a-z0-9]+)*$/),
  })
  .strict();
export type AppealState = z.infer<typeof appealStateSchema>;

export function initialAppealState(locale: string): AppealState {
  return { flow: APPEAL_FLOW_ID, version: APPEAL_STATE_VERSION, step: 'insurer', answers: {}, editing: false, locale };
}

/** Migrations from older saved versions, keyed by the version they upgrade from. */
const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 1 spoke English only: those conversations go on in English.
  1: (old) => ({ ...old, version: 2, locale: 'en' }),
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
