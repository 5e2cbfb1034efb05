import { createBot, type Bot } from '../../src/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import type { QuestionReply, Reply, SummaryReply, UserInput, FileReply } from '../../src/core/types.js';

/** Drives the real bot like a user would, keeping the transcript. */
export class Conversation {
  readonly transcript: Reply[] = [];
  private counter = 0;

  constructor(
    readonly bot: Bot = createBot({ clock: fixedClock('2026-04-01') }),
    readonly conversation = 'test:space:user',
    /** The language the platform reports for the user (Slack locale, `LANG`…), if any. */
    readonly locale?: string,
  ) {}

  async send(input: UserInput | string): Promise<Reply[]> {
    const normalized: UserInput = typeof input === 'string' ? { kind: 'text', text: input } : input;
    this.counter += 1;
    const { replies } = await this.bot.handle({
      conversation: this.conversation,
      eventId: `e${this.counter}`,
      input: normalized,
      ...(this.locale ? { locale: this.locale } : {}),
    });
    this.transcript.push(...replies);
    return replies;
  }

  start(): Promise<Reply[]> {
    return this.send({ kind: 'start' });
  }

  /** Clicks the choice of the last question whose label contains `label`. */
  async choose(label: string | RegExp): Promise<Reply[]> {
    const q = this.lastQuestion();
    if (q.input.type !== 'choices' && q.input.type !== 'form') throw new Error(`question ${q.step} has no choices`);
    const choices = q.input.type === 'form' ? [q.input.skip] : q.input.choices;
    const choice = choices.find((c) => (typeof label === 'string' ? c.label.includes(label) : label.test(c.label)));
    if (!choice) throw new Error(`no choice ${String(label)} in ${choices.map((c) => c.label).join(' | ')}`);
    return this.send({ kind: 'choice', step: q.step, choice: choice.id });
  }

  lastQuestion(): QuestionReply {
    const q = [...this.transcript].reverse().find((r): r is QuestionReply => r.kind === 'question');
    if (!q) throw new Error('no question yet');
    return q;
  }

  lastSummary(): SummaryReply {
    const s = [...this.transcript].reverse().find((r): r is SummaryReply => r.kind === 'summary');
    if (!s) throw new Error('no summary yet');
    return s;
  }

  /** The last file whose name ends with `extension` (the letter by default; its PDF and the calendar file come after it). */
  lastFile(extension = '.docx'): FileReply {
    const f = [...this.transcript]
      .reverse()
      .find((r): r is FileReply => r.kind === 'file' && r.fileName.endsWith(extension));
    if (!f) throw new Error('no file yet');
    return f;
  }
}

export function texts(replies: Reply[]): string {
  return replies
    .map((r) =>
      r.kind === 'text'
        ? r.text
        : r.kind === 'question'
          ? `${r.text} ${r.hint ?? ''}`
          : r.kind === 'summary'
            ? r.title
            : r.fileName,
    )
    .join('\n');
}

/** The seed appeal as a user types it: Cigna, Ocrevus, medical necessity, employer plan, first appeal, denied 2026-03-03, not urgent. */
export const SEED_ANSWERS = {
  insurer: 'cigna',
  drug: 'ocrevus',
  reason: 'not medically necessary',
  plan: 'employer plan',
  stage: 'first',
  date: '2026-03-03',
  urgent: 'no',
} as const;

/** Answers every question of a seed scenario by typing, as a user would. */
export async function typeScenario(
  c: Conversation,
  answers: { insurer: string; drug: string; reason: string; plan: string; stage: string; date: string; urgent: string },
): Promise<void> {
  await c.start();
  await c.send(answers.insurer);
  await c.send(answers.drug);
  await c.send(answers.reason);
  await c.send(answers.plan);
  await c.send(answers.stage);
  await c.send(answers.date);
  await c.send(answers.urgent);
}
