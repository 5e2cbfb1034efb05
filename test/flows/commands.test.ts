import { describe, expect, it } from 'vitest';
import type { QuestionReply, Reply } from '../../src/core/types.js';
import { Conversation, texts } from '../helpers/chat.js';

/** Answers that bring a fresh conversation to each step. */
const PATH: Array<[string, string[]]> = [
  ['voice', []],
  ['insurer', ['skip']],
  ['drug', ['cigna']],
  ['reason', ['cigna', 'ocrevus']],
  ['plan', ['cigna', 'ocrevus', 'quantity limit']],
  ['stage', ['cigna', 'ocrevus', 'quantity limit', 'employer']],
  ['denialDate', ['cigna', 'ocrevus', 'quantity limit', 'employer', 'first']],
  ['urgency', ['cigna', 'ocrevus', 'quantity limit', 'employer', 'first', '2026-03-03']],
  ['author', ['cigna', 'ocrevus', 'quantity limit', 'employer', 'first', '2026-03-03', 'no']],
];

async function at(step: string): Promise<Conversation> {
  const c = new Conversation();
  await c.start();
  for (const answer of PATH.find(([s]) => s === step)![1]) await c.send(answer);
  expect(c.lastQuestion().step).toBe(step);
  return c;
}

function lastQuestionOf(replies: Reply[]): QuestionReply | undefined {
  return [...replies].reverse().find((r): r is QuestionReply => r.kind === 'question');
}

describe('global commands from every step', () => {
  for (const [step] of PATH) {
    it(`at ${step}: help, status, back, change, restart and forget me all answer`, async () => {
      const help = await (await at(step)).send('help');
      expect(texts(help)).toMatch(/You can type at any time/);
      expect(lastQuestionOf(help)?.step).toBe(step);

      const status = await (await at(step)).send('status');
      expect(texts(status)).toMatch(
        step === 'insurer' || step === 'voice'
          ? /I don't have any answers yet/
          : /Here's what I have so far:[\s\S]*insurer: Cigna Healthcare/,
      );

      const back = await (await at(step)).send('back');
      if (step === 'insurer' || step === 'voice') expect(texts(back)).toMatch(/first question/);
      else expect(lastQuestionOf(back)?.step).toBe(PATH[PATH.findIndex(([s]) => s === step) - 1]![0]);

      const change = await (await at(step)).send('change');
      // Before any answer there is nothing to change: the same question again.
      expect(lastQuestionOf(change)?.step).toBe(step === 'insurer' || step === 'voice' ? step : 'change');

      const c = await at(step);
      const restart = await c.send('start over');
      expect(texts(restart)).toMatch(/start over/);
      expect(lastQuestionOf(restart)?.step).toBe('insurer');
      expect(texts(await c.send('status'))).toMatch(/I don't have any answers yet/);

      const f = await at(step);
      const forget = await f.send('forget me');
      expect(texts(forget)).toMatch(/deleted everything/);
      // Nothing is left: the next message starts a brand-new conversation.
      expect(texts(await f.send('hello'))).toMatch(/I'm Overturn/);
    });

    it(`at ${step}: the same commands work as buttons`, async () => {
      const c = await at(step);
      const replies = await c.send({ kind: 'command', command: 'status' });
      expect(lastQuestionOf(replies)?.step).toBe(step);
      expect(texts(await c.send({ kind: 'command', command: 'forget' }))).toMatch(/deleted everything/);
    });
  }

  it('"change the date" keeps every other answer and returns to the summary', async () => {
    const c = await at('author');
    const before = c.lastSummary();
    const change = await c.send('change the date');
    expect(lastQuestionOf(change)?.step).toBe('denialDate');
    expect(lastQuestionOf(change)?.hint).toBe(
      'Your answer now: Tuesday, March 3, 2026. Choose again or type a new answer.',
    );
    await c.send('2026-03-10');
    const after = c.lastSummary();
    expect(after.facts.filter((f) => f.label !== 'Date on the letter')).toEqual(
      before.facts.filter((f) => f.label !== 'Date on the letter'),
    );
    expect(after.deadlines.find((d) => d.id === 'file-internal-appeal')?.due).toBe('2026-09-06');
  });

  it('the change menu, and back from the summary', async () => {
    const c = await at('author');
    await c.send('change');
    await c.choose('insurer');
    await c.send('aetna');
    expect(c.lastSummary().facts).toContainEqual({ label: 'Insurer', value: 'Aetna (CVS Health)' });
    const back = await c.send('back');
    expect(lastQuestionOf(back)?.step).toBe('urgency');
  });
});

describe('bad input never dead-ends', () => {
  const hostile = [
    '',
    '   ',
    'x'.repeat(10_000),
    '🙂🙂🙂',
    '؟ما هذا',
    '<script>alert(1)</script>',
    ']]>',
    '\u0000\u0007',
    'DROP TABLE users;',
    '99',
    '0',
    '-1',
    'nonsense words here',
  ];
  for (const [step] of PATH) {
    it(`at ${step}: typos, empty, huge, emoji and unknown names get a reply and the question`, async () => {
      for (const text of hostile) {
        const c = await at(step);
        const replies = await c.send(text);
        expect(replies.length, JSON.stringify(text.slice(0, 20))).toBeGreaterThan(0);
        expect(
          lastQuestionOf(replies) ?? replies.find((r) => r.kind === 'summary'),
          JSON.stringify(text.slice(0, 20)),
        ).toBeDefined();
      }
    });
  }

  it('stale and forged buttons are refused kindly and the question is asked again', async () => {
    const c = await at('plan');
    const stale = await c.send({ kind: 'choice', step: 'insurer', choice: 'cigna' });
    expect(texts(stale)).toMatch(/earlier question/);
    expect(lastQuestionOf(stale)?.step).toBe('plan');
    const forged = await c.send({ kind: 'choice', step: 'plan', choice: '../../etc/passwd' });
    expect(texts(forged)).toMatch(/didn't recognise that choice/);
    const badDate = await c.send({ kind: 'date', step: 'plan', date: '2026-02-30' });
    expect(lastQuestionOf(badDate)?.step).toBe('plan');
  });

  it('refuses future dates and dates before the drug existed, then accepts a good one', async () => {
    const c = await at('denialDate');
    expect(texts(await c.send('2026-05-01'))).toMatch(/is in the future/);
    expect(texts(await c.send('2016-03-03'))).toMatch(/Ocrevus was first approved on Tuesday, March 28, 2017/);
    // A reading in the future is dropped: 3/4 can only be March 4 on April 1.
    expect(lastQuestionOf(await c.send('3/4/2026'))?.text).toBe(
      'I read that as Wednesday, March 4, 2026. Is that right?',
    );
    const ambiguous = await c.send('2/3/2026');
    const q = lastQuestionOf(ambiguous)!;
    expect(q.text).toMatch(/can be read two ways/);
    expect(q.input.type === 'choices' && q.input.choices.map((x) => x.label)).toEqual([
      'Yes, Tuesday, February 3, 2026',
      'Yes, Monday, March 2, 2026',
      'No, let me type it again',
    ]);
    await c.choose('March 2');
    expect(c.lastQuestion().step).toBe('urgency');
  });

  it('an unknown insurer continues with general guidance, clearly marked', async () => {
    const c = new Conversation();
    await c.start();
    const unknown = await c.send('Acme Mutual of Nowhere');
    expect(texts(unknown)).toMatch(/couldn't find an insurer called "Acme Mutual of Nowhere"/);
    await c.choose('Continue with');
    expect(c.lastQuestion().step).toBe('drug');
  });

  it('a numbered answer picks from the list, as in the terminal', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('2');
    expect(c.lastQuestion().step).toBe('insurer');
    expect(texts(c.transcript)).toMatch(/speak about the patient you're helping/);
    const q = c.lastQuestion();
    const sixth = q.input.type === 'choices' ? q.input.choices[5]!.label : '';
    await c.send('6');
    expect(c.transcript.some((r) => r.kind === 'text' && r.text === `Insurer: ${sixth}.`)).toBe(true);
  });

  it('a repeated delivery of the same event is applied once', async () => {
    const c = await at('drug');
    const inbound = {
      conversation: c.conversation,
      eventId: 'same-event',
      input: { kind: 'text' as const, text: 'ocrevus' },
    };
    const first = await c.bot.handle(inbound);
    const second = await c.bot.handle(inbound);
    expect(lastQuestionOf(first.replies)?.step).toBe('reason');
    expect(second).toMatchObject({ replies: [], duplicate: true });
  });
});
