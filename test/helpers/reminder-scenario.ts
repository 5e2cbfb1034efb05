import { createBot, type Bot } from '../../src/bot.js';
import { MemoryJobStore, type JobStore } from '../../src/core/jobs/job-store.js';
import type { SessionStore } from '../../src/core/session-store.js';
import { movableClock, type MovableClock } from './movable-clock.js';

/**
 * A greeting, then the seed case typed answer by answer, then the letter (its details skipped) and "yes" to
 * reminders: denial March 3, 2026, employer plan, asked on April 1. Send by
 * August 21, so reminders on August 14 and 20, and the decision day
 * (30 days after sending) on September 20.
 */
export const TYPED_TO_REMINDERS = [
  'hello',
  'cigna',
  'ocrevus',
  'not medically necessary',
  'employer plan',
  'first',
  '2026-03-03',
  'no',
  'patient',
  'skip',
  'yes',
];

export const REMINDER_TIMES = {
  week: '2026-08-14T16:00:00Z',
  day: '2026-08-20T16:00:00Z',
  decision: '2026-09-20T16:00:00Z',
} as const;

export const WEEK_REMINDER = /Reminder: one week left to send your appeal\. Send it by Friday, August 21, 2026\./;

/** A bot with reminders on a clock the test moves; `tick()` fires what is due. */
export function reminderBot(options: { store?: SessionStore; jobs?: JobStore } = {}): {
  bot: Bot;
  clock: MovableClock;
  jobs: JobStore;
} {
  const clock = movableClock('2026-04-01T15:00:00Z');
  const jobs = options.jobs ?? new MemoryJobStore();
  const bot = createBot({ clock, jobs, reminderPollMs: 0, ...(options.store ? { store: options.store } : {}) });
  return { bot, clock, jobs };
}
