import type { Bot } from '../../src/bot.js';
import type { Inbound, Reply, UserInput } from '../../src/core/types.js';
import { nowMs } from './stats.js';

/** The day every benchmark lives on, so deadlines and the letter are the same in every run. */
export const BENCH_TODAY = '2026-04-01';

/**
 * The seed appeal as a chat client sends it: the opening, "who are you" skipped, the insurer and the
 * drug typed (so the fuzzy knowledge matchers run), buttons for the rest, a
 * date picker for the denial date, then "who signs", the letter details skipped → the .docx and PDF.
 * `expect` is the step of the question the bot must ask after that turn.
 */
export const SEED_TURNS: Array<{ input: UserInput; expect: string | 'file' }> = [
  { input: { kind: 'start' }, expect: 'voice' },
  { input: { kind: 'choice', step: 'voice', choice: 'skip' }, expect: 'insurer' },
  { input: { kind: 'text', text: 'cigna' }, expect: 'drug' },
  { input: { kind: 'text', text: 'ocrevus' }, expect: 'reason' },
  { input: { kind: 'choice', step: 'reason', choice: 'medical-necessity' }, expect: 'plan' },
  { input: { kind: 'choice', step: 'plan', choice: 'employer' }, expect: 'stage' },
  { input: { kind: 'choice', step: 'stage', choice: 'first' }, expect: 'denialDate' },
  { input: { kind: 'date', step: 'denialDate', date: '2026-03-03' }, expect: 'urgency' },
  { input: { kind: 'choice', step: 'urgency', choice: 'no' }, expect: 'author' },
  { input: { kind: 'choice', step: 'author', choice: 'patient' }, expect: 'details' },
  { input: { kind: 'choice', step: 'details', choice: 'skip' }, expect: 'file' },
];

/** The same appeal typed word for word, as it arrives from a chat message box (Slack, Teams, web). */
export const TYPED_SEED = [
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
];

/** Index of the turn that builds the letter (the last one). */
export const LETTER_TURN = SEED_TURNS.length - 1;

export function lastQuestionStep(replies: Reply[]): string | null {
  for (let i = replies.length - 1; i >= 0; i -= 1) {
    const reply = replies[i]!;
    if (reply.kind === 'question') return reply.step;
  }
  return null;
}

export function hasFile(replies: Reply[]): boolean {
  return replies.some((reply) => reply.kind === 'file' && reply.bytes.length > 0);
}

/** Fails loudly if a turn did not lead where the seed scenario says: a benchmark of the wrong path is worthless. */
export function checkTurn(index: number, expect: string, replies: Reply[]): void {
  const ok = expect === 'file' ? hasFile(replies) : lastQuestionStep(replies) === expect;
  if (!ok) {
    const seen = replies.map((r) => (r.kind === 'question' ? `question:${r.step}` : r.kind)).join(', ');
    throw new Error(`seed scenario turn ${index}: expected ${expect}, got [${seen}]`);
  }
}

export interface ConversationTiming {
  /** Milliseconds per turn, in order. */
  turns: number[];
  total: number;
}

/**
 * Runs the seed conversation once through `bot.handle`. `turns` limits it
 * (e.g. stop before the letter); every turn is checked, which costs far less
 * than a turn does.
 */
export async function runSeedConversation(
  bot: Pick<Bot, 'handle'>,
  conversation: string,
  turns = SEED_TURNS.length,
): Promise<ConversationTiming> {
  const timings: number[] = [];
  const start = nowMs();
  for (let i = 0; i < turns; i += 1) {
    const turn = SEED_TURNS[i]!;
    const inbound: Inbound = { conversation, input: turn.input };
    const t0 = nowMs();
    const { replies } = await bot.handle(inbound);
    timings.push(nowMs() - t0);
    checkTurn(i, turn.expect, replies);
  }
  return { turns: timings, total: nowMs() - start };
}
