/**
 * The neutral chat model shared by every adapter and every flow.
 * Adapters turn platform events into `Inbound` values and render `Reply`
 * values with their own UI; nothing here knows about a platform or an appeal.
 */

/** A conversation key such as `slack:T123:U456`; see conversation.ts. */
export type ConversationKey = string;

export const COMMANDS = ['back', 'change', 'restart', 'help', 'status', 'forget', 'profile'] as const;
export type CommandId = (typeof COMMANDS)[number];

/** What the user said or clicked, normalized. */
export type UserInput =
  /** The user opened the conversation (slash command, DM opened, page loaded). */
  | { kind: 'start' }
  /** Free text typed by the user. */
  | { kind: 'text'; text: string }
  /** A button or select: the step it belonged to and the choice id. */
  | { kind: 'choice'; step: string; choice: string }
  /** A date picker answer (YYYY-MM-DD). */
  | { kind: 'date'; step: string; date: string }
  /** A global command from a button (typed commands arrive as text). */
  | { kind: 'command'; command: CommandId; arg?: string };

export interface Inbound {
  conversation: ConversationKey;
  /** The platform's delivery id (Slack event_id, Discord interaction id…) for de-duplication. */
  eventId?: string;
  input: UserInput;
  /** Adapter-owned data to keep with the session (e.g. a Teams conversation reference). Never health data. */
  meta?: Record<string, unknown>;
}

export interface Choice {
  /** Step-scoped id; carried in button values. Never health information. */
  id: string;
  label: string;
  description?: string;
}

/** How a question wants to be answered; adapters pick the matching native element. */
export type QuestionInput =
  | {
      type: 'choices';
      choices: Choice[];
      /** `short`: a few buttons; `list`: radio/expanded list; `search`: long list with typeahead. */
      style: 'short' | 'list' | 'search';
      /** Free text is also accepted (always true today; kept explicit for renderers). */
      allowText: boolean;
      placeholder?: string;
    }
  | { type: 'date'; max: string; min?: string; placeholder?: string }
  | { type: 'text'; placeholder?: string; multiline?: boolean };

export interface NavAction {
  command: CommandId;
  label: string;
}

export interface TextReply {
  kind: 'text';
  text: string;
  tone?: 'info' | 'warning' | 'error' | 'success';
}

export interface QuestionReply {
  kind: 'question';
  /** The step this question belongs to; echoed back in `choice`/`date` inputs. */
  step: string;
  text: string;
  hint?: string;
  input: QuestionInput;
  /** Global commands offered as buttons under the question. */
  nav: NavAction[];
}

export interface SummaryFact {
  label: string;
  value: string;
}

export interface SummaryDeadline {
  id: string;
  /** What to do, e.g. "File your internal appeal". */
  label: string;
  /** Written-out date, e.g. "Sunday, August 30, 2026". */
  dateText: string;
  /** YYYY-MM-DD */
  due: string;
  /** e.g. "280 days left", "Today", "Passed 3 days ago". */
  daysLeftText: string;
  daysLeft: number;
  status: 'open' | 'today' | 'passed';
  /** The rule, with its citation, e.g. "29 CFR 2560.503-1(h)(3)(i)". */
  rule: string;
  note?: string;
}

export interface SummarySection {
  heading: string;
  items: string[];
  /** `numbered` for checklists a user works through in order. */
  style: 'bullets' | 'numbered';
}

export interface SummaryReply {
  kind: 'summary';
  title: string;
  /** Short header facts (insurer, drug, reason, plan…). */
  facts: SummaryFact[];
  deadlineHeading: string;
  deadlines: SummaryDeadline[];
  sections: SummarySection[];
  nav: NavAction[];
}

export interface FileReply {
  kind: 'file';
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
  /** A caption safe to show in a notification preview (no health details). */
  caption: string;
}

export type Reply = TextReply | QuestionReply | SummaryReply | FileReply;

/** What a flow asks the engine to do after a step (XState-style effects). */
export type Effect = { type: 'build-letter' } | { type: 'build-peer-to-peer' } | { type: 'forget' };

/** What an adapter can show; a reply needing a missing capability degrades. */
export interface Capabilities {
  buttons: boolean;
  selects: boolean;
  datePicker: boolean;
  files: boolean;
  ephemeral: boolean;
}
