import { z } from 'zod';

/**
 * The neutral chat model shared by every adapter and every flow, defined once
 * as zod schemas; the types are inferred from them. Adapters parse platform
 * events into `Inbound` values (with these schemas where the input is
 * untrusted) and render `Reply` values with their own UI; nothing here knows
 * about a platform or an appeal.
 */

/** A conversation key such as `slack:T123:U456`; see conversation.ts. */
export type ConversationKey = string;

export const COMMANDS = [
  'back',
  'change',
  'restart',
  'help',
  'status',
  'forget',
  'language',
  'profile',
  'person',
  'cases',
] as const;
export const commandId = z.enum(COMMANDS);
export type CommandId = z.infer<typeof commandId>;

/** Step and choice ids are short machine ids carried in button values, never free text. */
export const machineId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/);

/** A calendar date, `YYYY-MM-DD`. */
export const isoDate = z.iso.date();

/** What the user said or clicked, normalized. */
export const userInput = z.discriminatedUnion('kind', [
  /**
   * The user opened the conversation (slash command, DM opened, page loaded).
   * `history`: a page that lost its transcript (a reload) asks for the conversation so far.
   */
  z.object({ kind: z.literal('start'), history: z.boolean().optional() }),
  /**
   * Free text typed by the user. `step`: the question the user was looking at, when the
   * surface knows it; an answer meant for another question (a stale second tab) is not applied.
   */
  z.object({ kind: z.literal('text'), text: z.string(), step: machineId.optional() }),
  /** A button or select: the step it belonged to and the choice id. */
  z.object({ kind: z.literal('choice'), step: machineId, choice: machineId }),
  /** A date picker answer (YYYY-MM-DD). */
  z.object({ kind: z.literal('date'), step: machineId, date: isoDate }),
  /**
   * A submitted form: field id → the text typed (empty: cleared), or the choice ids picked. A field left
   * out is unchanged. `partial`: one page of a form shown in pages (a Discord modal); more follow.
   */
  z.object({
    kind: z.literal('form'),
    step: machineId,
    values: z
      .record(machineId, z.union([z.string().max(4000), z.array(machineId).max(30)]))
      .refine((values) => Object.keys(values).length <= 40, 'too many fields'),
    partial: z.boolean().optional(),
  }),
  /** A global command from a button (typed commands arrive as text). */
  z.object({ kind: z.literal('command'), command: commandId, arg: z.string().max(100).optional() }),
  /** A job the flow scheduled came due (a reminder). From the scheduler only, never from a user. */
  z.object({ kind: z.literal('due'), job: machineId }),
]);

/** One thing read from a document, with where it came from so the user can check it. */
export const documentField = z.object({
  value: z.string(),
  /** A knowledge id when the value is a known entry. */
  id: z.string().optional(),
  /** 0–1. */
  confidence: z.number().min(0).max(1),
  /** The line of the document it came from. */
  source: z.string(),
});
export type DocumentField = z.infer<typeof documentField>;

export const documentOutcome = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    fields: z.record(z.string(), documentField),
    /** Fields the document leaves open between several ids (two drugs named): the user picks. */
    choices: z.record(z.string(), z.array(z.string())).optional(),
    pagesRead: z.number().int().min(0),
    totalPages: z.number().int().min(0),
  }),
  /** `problem` is a catalog key under `reading.problem`; `params` fill its placeholders. */
  z.object({
    ok: z.literal(false),
    problem: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
]);
export type DocumentOutcome = z.infer<typeof documentOutcome>;

/**
 * What a turn can carry: a user input, or a file the user sent (a denial letter),
 * already read at the edge by the bot. Platforms never send `document` themselves
 * (the web API accepts `userInput` only): its bytes and text never reach a flow.
 */
export const turnInput = z.union([userInput, z.object({ kind: z.literal('document'), outcome: documentOutcome })]);
export type UserInput = z.infer<typeof turnInput>;

export const inbound = z.object({
  conversation: z.string().min(1),
  /** The platform's delivery id (Slack event_id, Discord interaction id…) for de-duplication. */
  eventId: z.string().optional(),
  input: turnInput,
  /** Adapter-owned data to keep with the session (e.g. a Teams conversation reference). Never health data. */
  meta: z.record(z.string(), z.unknown()).optional(),
  /**
   * The language the platform says the user reads (Slack user locale, Discord
   * `interaction.locale`, Teams `activity.locale`, the browser's languages, `LANG`):
   * a BCP 47 tag or POSIX name. It chooses the language of a new session only;
   * after that the session remembers its own (the user can switch it).
   */
  locale: z.string().max(100).optional(),
  /** Run the turn only when the conversation has no session yet (opening a DM greets a new user once). */
  onlyIfNew: z.boolean().optional(),
  /**
   * Nothing is stored until the conversation has something to keep: a greeting
   * on a conversation with no session is answered but not saved, and a missing
   * session is the flow's first question, already shown. The web chat sets it,
   * so a visitor (or a script) who never answers leaves nothing behind.
   */
  lazySession: z.boolean().optional(),
});
export type Inbound = z.infer<typeof inbound>;

export const choice = z.object({
  /** Step-scoped id; carried in button values. Never health information. */
  id: machineId,
  label: z.string().min(1),
  description: z.string().optional(),
});
export type Choice = z.infer<typeof choice>;

export type FormValues = Record<string, string | string[]>;

/** One field of a form; the adapter draws it with the platform's own input. */
export const formField = z.object({
  /** Field id, echoed back in the form's values. Never health information. */
  id: machineId,
  label: z.string().min(1),
  /** `text`: one line; `multiline`: an address or a few sentences; `choice`: pick one; `choices`: pick any. */
  type: z.enum(['text', 'multiline', 'choice', 'choices']),
  maxLength: z.number().int().positive().optional(),
  placeholder: z.string().optional(),
  /** What the user gave before (or what was read from their papers): shown only to them, in the form. */
  value: z.union([z.string(), z.array(z.string())]).optional(),
  options: z.array(choice).optional(),
});
export type FormField = z.infer<typeof formField>;

/** Fields shown together under a heading (a page of a Discord modal, a section of a web form). */
export const formGroup = z.object({ title: z.string().min(1), fields: z.array(formField).min(1) });
export type FormGroup = z.infer<typeof formGroup>;

/** How a question wants to be answered; adapters pick the matching native element. */
export const questionInput = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('choices'),
    choices: z.array(choice).min(1),
    /** `short`: a few buttons; `list`: radio/expanded list; `search`: long list with typeahead. */
    style: z.enum(['short', 'list', 'search']),
    /** Free text is also accepted (always true today; kept explicit for renderers). */
    allowText: z.boolean(),
    placeholder: z.string().optional(),
  }),
  z.object({ type: z.literal('date'), max: isoDate, min: isoDate.optional(), placeholder: z.string().optional() }),
  z.object({ type: z.literal('text'), placeholder: z.string().optional(), multiline: z.boolean().optional() }),
  /**
   * Several optional fields at once: where the platform has forms (a modal, a card, a web form) it
   * opens from a button; elsewhere the fields are asked one at a time. Every field may be left empty.
   */
  z.object({
    type: z.literal('form'),
    /** Form title (a Slack modal's title: at most 24 characters). */
    title: z.string().min(1).max(24),
    groups: z.array(formGroup).min(1),
    /** Button that opens the form (or starts the questions). */
    openLabel: z.string().min(1),
    submitLabel: z.string().min(1),
    /** The choice that goes on without the form. */
    skip: choice,
  }),
]);
export type QuestionInput = z.infer<typeof questionInput>;

export const navAction = z.object({ command: commandId, label: z.string().min(1) });
export type NavAction = z.infer<typeof navAction>;

export const textReply = z.object({
  kind: z.literal('text'),
  text: z.string().min(1),
  tone: z.enum(['info', 'warning', 'error', 'success']).optional(),
  /** `user`: an earlier answer of the user's, replayed in a history (see `start`). */
  from: z.literal('user').optional(),
});
export type TextReply = z.infer<typeof textReply>;

export const questionReply = z.object({
  kind: z.literal('question'),
  /** The step this question belongs to; echoed back in `choice`/`date` inputs. */
  step: machineId,
  text: z.string().min(1),
  hint: z.string().optional(),
  input: questionInput,
  /** Global commands offered as buttons under the question. */
  nav: z.array(navAction),
  /** The user may answer by sending a file (the denial letter) instead: adapters offer a file input. */
  acceptsFile: z.boolean().optional(),
});
export type QuestionReply = z.infer<typeof questionReply>;

export const summaryFact = z.object({ label: z.string(), value: z.string() });
export type SummaryFact = z.infer<typeof summaryFact>;

export const summaryDeadline = z.object({
  id: z.string(),
  /** What to do, e.g. "File your internal appeal". */
  label: z.string(),
  /** Written-out date, e.g. "Sunday, August 30, 2026". */
  dateText: z.string(),
  due: isoDate,
  /** e.g. "280 days left", "Today", "Passed 3 days ago". */
  daysLeftText: z.string(),
  daysLeft: z.number().int(),
  status: z.enum(['open', 'today', 'passed']),
  /** The rule, with its citation, e.g. "29 CFR 2560.503-1(h)(3)(i)". */
  rule: z.string().min(1),
  note: z.string().optional(),
});
export type SummaryDeadline = z.infer<typeof summaryDeadline>;

export const summarySection = z.object({
  heading: z.string(),
  items: z.array(z.string()),
  /** `numbered` for checklists a user works through in order. */
  style: z.enum(['bullets', 'numbered']),
});
export type SummarySection = z.infer<typeof summarySection>;

export const summaryReply = z.object({
  kind: z.literal('summary'),
  title: z.string(),
  /** Short header facts (insurer, drug, reason, plan…). */
  facts: z.array(summaryFact),
  deadlineHeading: z.string(),
  deadlines: z.array(summaryDeadline),
  sections: z.array(summarySection),
  nav: z.array(navAction),
});
export type SummaryReply = z.infer<typeof summaryReply>;

export const fileReply = z.object({
  kind: z.literal('file'),
  fileName: z.string().min(1),
  mimeType: z.string().min(1),
  bytes: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes must be a Uint8Array'),
  /** A caption safe to show in a notification preview (no health details). */
  caption: z.string(),
  /**
   * Names the document within its conversation (e.g. `letter-patient`), so any
   * replica can rebuild it later from the stored answers (`bot.file`). Never health data.
   */
  ref: machineId,
});
export type FileReply = z.infer<typeof fileReply>;

export const reply = z.discriminatedUnion('kind', [textReply, questionReply, summaryReply, fileReply]);
export type Reply = z.infer<typeof reply>;

/** What one turn produced, for the adapter to show: the whole result, no callbacks on the side. */
export interface TurnOutcome {
  /** What to say, in order. Empty for a repeated delivery or a second click on the same button. */
  replies: Reply[];
  /** "Forget me" deleted everything kept about the conversation in this turn. */
  forgotten: boolean;
  /** No session existed before this turn (a first contact). */
  isNew: boolean;
  /** The input was applied before (a platform re-delivery or a double click): there is nothing new to post. */
  duplicate: boolean;
  /** The conversation's language after this turn, for the adapter's own words (buttons, notices). */
  locale: string;
  /** The user asked for a person: the adapter posts a notice in its hand-off channel. */
  handoff?: Handoff;
}

/** What a hand-off notice may carry: nothing about health unless the user agreed to share the case summary. */
export interface Handoff {
  /** The case summary, one line per answer, only when the user said yes to sharing it. */
  summary?: string[];
}

/** A job a flow wants fired later (a reminder): its id within the conversation, and when (ms since the epoch). */
export interface ScheduledJob {
  id: string;
  due: number;
}

/**
 * What a flow asks the engine to do after a step (XState-style effects).
 * `schedule` makes `jobs` the conversation's pending jobs (an empty list cancels them all).
 */
export type Effect =
  | { type: 'build-letter' }
  | { type: 'build-peer-to-peer' }
  | { type: 'forget' }
  | { type: 'schedule'; jobs: ScheduledJob[] }
  | ({ type: 'handoff' } & Handoff);

/** What an adapter can show; a reply needing a missing capability degrades. */
export interface Capabilities {
  buttons: boolean;
  selects: boolean;
  datePicker: boolean;
  files: boolean;
  ephemeral: boolean;
}
