import { describe, expect, it } from 'vitest';
import type { QuestionReply, Reply, SummaryReply } from '../../src/core/types.js';
import { Conversation, texts } from '../helpers/chat.js';

const question = (replies: Reply[]) => [...replies].reverse().find((r): r is QuestionReply => r.kind === 'question')!;
const summary = (replies: Reply[]) => replies.find((r): r is SummaryReply => r.kind === 'summary');

async function at(answers: string[]): Promise<Conversation> {
  const c = new Conversation();
  await c.start();
  for (const answer of answers) await c.send(answer);
  return c;
}

const TO_DATE = ['cigna', 'ocrevus', 'not medically necessary', 'employer', 'first'];

describe('the whole story at the first question', () => {
  it('takes the insurer, the drug and the reason from one sentence, says so, and asks only what is left', async () => {
    const c = await at([]);
    const replies = await c.send('Cigna denied my Ocrevus infusion as not medically necessary');
    expect(texts(replies)).toContain(
      'From your message I noted:\n- Insurer: Cigna Healthcare\n- Drug: Ocrevus (ocrelizumab)\n- Denial reason: Not medically necessary',
    );
    expect(texts(replies)).toMatch(/If any of these is wrong, type "change"/);
    expect(question(replies).step).toBe('plan');
    expect(texts(await c.send('status'))).toMatch(/drug: Ocrevus \(ocrelizumab\)[\s\S]*denial reason: Not medically/);
  });

  it('keeps the drug and reason when the insurer is not named, and still asks for the insurer', async () => {
    const c = await at([]);
    const replies = await c.send('they denied my Ocrevus as not medically necessary');
    expect(texts(replies)).toContain('- Drug: Ocrevus (ocrelizumab)');
    expect(question(replies).step).toBe('insurer');
    expect(question(await c.send('cigna')).step).toBe('plan');
  });

  it('a name alone is still just the insurer', async () => {
    const c = await at([]);
    const replies = await c.send('cigna');
    expect(texts(replies)).not.toMatch(/From your message/);
    expect(question(replies).step).toBe('drug');
  });
});

describe('dead ends', () => {
  it('"I lost the letter" at the date: ask the plan for a copy, go on with a best guess marked as an estimate', async () => {
    const c = await at(TO_DATE);
    const lost = await c.send('I lost the letter');
    expect(texts(lost)).toMatch(/ask for a copy of the denial letter/);
    expect(question(lost)).toMatchObject({
      step: 'denialDate',
      text: 'About when was the letter dated? Your best guess is fine.',
    });
    expect(question(await c.send('March 1, 2026')).text).toMatch(/I read that as Sunday, March 1, 2026/);
    const got = await c.send('yes');
    expect(texts(got)).toMatch(/Date on the letter \(your estimate\): Sunday, March 1, 2026/);
    const plan = summary(await c.send('no'))!;
    expect(plan.facts.find((f) => f.label === 'Date on the letter')?.value).toBe(
      'Sunday, March 1, 2026 (your estimate)',
    );
    expect(plan.sections[0]!.items[0]).toMatch(/your estimate, so every date below is an estimate too/);
    // A real date given later clears the estimate.
    await c.send('change date');
    await c.send('2026-03-03');
    expect(c.lastSummary().facts.find((f) => f.label === 'Date on the letter')?.value).toBe('Tuesday, March 3, 2026');
  });

  it('"I\'m not sure" at urgency explains who decides urgency and how to ask, with the rules', async () => {
    const c = await at([...TO_DATE, '2026-03-03']);
    const replies = await c.send("I'm not sure");
    expect(texts(replies)).toMatch(/Your prescriber decides this/);
    expect(texts(replies)).toMatch(/29 CFR 2560\.503-1\(m\)\(1\)\(ii\)/);
    expect(texts(replies)).toMatch(/Will you ask the plan for an expedited/);
    expect(question(replies).step).toBe('urgency');
  });
});

describe('the row of actions and the change menu', () => {
  it('offers no "Change an answer" or "Start over" before the first answer', async () => {
    const c = new Conversation();
    const first = question(await c.start());
    expect(first.nav.map((n) => n.command)).toEqual(['help', 'forget']);
    expect(texts(await c.send('change'))).toMatch(/nothing to change yet/);
    const second = question(await c.send('cigna'));
    expect(second.nav.map((n) => n.command)).toEqual(['back', 'change', 'restart', 'help', 'forget']);
  });

  it('lists only answered questions, each with its current value', async () => {
    const c = await at(['cigna', 'ocrevus']);
    const menu = question(await c.send('change'));
    expect(menu.input.type === 'choices' && menu.input.choices).toEqual([
      { id: 'insurer', label: 'insurer', description: 'Cigna Healthcare' },
      { id: 'drug', label: 'drug', description: 'Ocrevus (ocrelizumab)' },
    ]);
  });
});

describe('a second window', () => {
  it('does not apply text typed at a question the conversation has left, and says so', async () => {
    const c = await at([...TO_DATE, '2026-03-03', 'no']);
    await c.send('start over'); // in the other tab
    const replies = await c.send({ kind: 'text', text: 'me', step: 'author' });
    expect(texts(replies)).toMatch(/a question we had already left \(perhaps in another tab or window\)/);
    expect(question(replies).step).toBe('insurer');
    expect(texts(await c.send('status'))).toMatch(/I don't have any answers yet/);
  });
});

describe('history after a reload', () => {
  it('replays each answered question and answer, then the question now open', async () => {
    const c = await at(['cigna', 'ocrevus']);
    const replies = await c.send({ kind: 'start', history: true });
    expect(replies.slice(0, 4)).toEqual([
      { kind: 'text', text: 'Which insurance company or drug plan denied it?' },
      { kind: 'text', from: 'user', text: 'Cigna Healthcare' },
      { kind: 'text', text: 'Which drug was denied?' },
      { kind: 'text', from: 'user', text: 'Ocrevus (ocrelizumab)' },
    ]);
    expect(question(replies).step).toBe('reason');
  });

  it('after the letter: the plan, who signs, and the letter again', async () => {
    const c = await at([...TO_DATE, '2026-03-03', 'no', 'me', 'skip']);
    const replies = await c.send({ kind: 'start', history: true });
    const kinds = replies.map((r) => (r.kind === 'text' && r.from ? 'user' : r.kind));
    // The letter and its PDF, then the calendar file of the plan's dates, then the open question.
    expect(kinds.slice(-7)).toEqual(['summary', 'question', 'user', 'file', 'file', 'file', 'question']);
    // Without the history flag (other platforms), nothing is re-sent.
    expect((await c.send({ kind: 'start' })).some((r) => r.kind === 'file')).toBe(false);
  });
});
