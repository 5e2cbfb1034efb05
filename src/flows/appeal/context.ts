import type { Translator } from '../../core/i18n.js';
import type { Organisation } from '../../core/organisation.js';
import type { Knowledge } from './domain/knowledge.js';
import type { Voice } from './state.js';

/** What every appeal step may read: no clock, no I/O, just values. */
export interface AppealContext {
  /** Today's calendar date (YYYY-MM-DD). */
  today: string;
  /** The knowledge as the user sees it, in their language (ids, rules and matching are the same in every language). */
  knowledge: Knowledge;
  /** The user's words: the conversation's language. */
  t: Translator;
  locale: string;
  /** How long answers are kept, told to the user in the greeting. */
  retentionDays: number;
  /**
   * How this surface can remind: `push` sends a message on the day, `on-return`
   * shows due reminders when the user comes back, `none` offers no reminders (default).
   */
  reminders?: 'push' | 'on-return' | 'none';
  /** This surface posts a notice to the organisation's volunteers when the user asks for a person. */
  handoff?: boolean;
  /** Who the user is, once known (see voice.ts): the translator already speaks in it. */
  voice?: Voice;
  /** The organisation running the bot, when one is configured. */
  organisation?: Organisation;
  /** How long the letter details (names, member ID…) are kept, told where they are asked. */
  detailsHours: number;
  /** The letter to the plan is written in the plan's language (English), whatever the user reads. */
  letter: { t: Translator; knowledge: Knowledge };
  /** This context in another language, for a turn that switches it. */
  inLocale(locale: string): AppealContext;
}
