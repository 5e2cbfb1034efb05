import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { FileReply, QuestionReply, SummaryReply } from '../../src/core/types.js';
import { loadAppealState } from '../../src/flows/appeal/state.js';
import { Conversation, texts } from '../helpers/chat.js';

const SEED = ['cigna', 'ocrevus', 'not medically necessary', 'employer plan', 'first', '2026-03-03', 'no'];

async function asVoice(label: string | null): Promise<Conversation> {
  const c = new Conversation();
  const start = await c.start();
  expect(c.lastQuestion().step).toBe('voice');
  expect(texts(start)).toMatch(/are you the patient, helping someone, or on the care team\?/);
  if (label) await c.choose(label);
  for (const answer of SEED) await c.send(answer);
  return c;
}

const summary = (c: Conversation): SummaryReply => c.lastSummary();
const allText = (c: Conversation): string =>
  c.transcript
    .map((r) =>
      r.kind === 'summary'
        ? [r.title, r.deadlineHeading, ...r.sections.flatMap((s) => s.items)].join('\n')
        : r.kind === 'question'
          ? `${r.text} ${r.hint ?? ''}`
          : r.kind === 'text'
            ? r.text
            : '',
    )
    .join('\n');

async function letterOf(file: FileReply): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(file.bytes) })).value;
}

describe('the voice question: patient, helping someone, or care team', () => {
  it('the patient is spoken to as "you"', async () => {
    const c = await asVoice("I'm the patient");
    expect(summary(c).title).toBe('Your appeal plan');
    expect(summary(c).deadlineHeading).toBe('Your deadlines');
    expect(allText(c)).toMatch(/Ask your prescriber whether the plan offers a peer-to-peer review/);
    expect(c.lastQuestion().input).toMatchObject({ choices: [{ id: 'patient' }, { id: 'care-team' }] });
  });

  it('someone helping hears about the patient, and signs as the patient or their representative', async () => {
    const c = await asVoice("I'm helping someone");
    expect(summary(c).title).toBe("The patient's appeal plan");
    expect(summary(c).deadlineHeading).toBe("The patient's deadlines");
    const text = allText(c);
    expect(text).toMatch(/harm the patient's health\?/);
    expect(text).toMatch(/Ask the patient's prescriber whether the plan offers a peer-to-peer review/);
    expect(text).not.toMatch(/Your deadlines|harm your health/);
    const q = c.lastQuestion() as QuestionReply;
    expect(q.input.type === 'choices' && q.input.choices[0]).toEqual({
      id: 'patient',
      label: 'The patient (or me, as their representative)',
    });
    await c.choose('The patient');
    await c.choose('Skip, keep the blanks');
    expect(await letterOf(c.lastFile())).toContain('Dear Appeals Reviewer:');
  });

  it("the care team hears the patient's deadlines, is told to request a peer-to-peer, and the prescriber's letter comes first", async () => {
    const c = await asVoice("I'm on the care team");
    const text = allText(c);
    expect(summary(c).deadlineHeading).toBe("The patient's deadlines");
    expect(text).toMatch(/Request a peer-to-peer review with the plan's medical reviewer/);
    expect(text).toMatch(/Please don't type the patient's name/);
    expect(text).not.toMatch(/Ask your prescriber|Your deadlines/);
    const q = c.lastQuestion();
    expect(q.text).toMatch(/letter of medical necessity is ready/);
    expect(q.input).toMatchObject({ choices: [{ id: 'care-team' }, { id: 'patient' }, { id: 'p2p' }] });
    await c.choose('The prescriber');
    await c.choose('Skip, keep the blanks');
    expect(await letterOf(c.lastFile())).toContain('Dear Medical Director:');
    // After the letter, "another version" is still asked in the care team's words.
    expect(c.lastQuestion().input).toMatchObject({
      choices: [{ id: 'care-team' }, { id: 'patient' }, { id: 'p2p' }, { id: 'details' }],
    });
  });

  it('can be skipped with the button, or by simply answering the first question', async () => {
    const skipped = await asVoice('Skip');
    expect(summary(skipped).title).toBe('Your appeal plan');

    const typed = new Conversation();
    await typed.start();
    const replies = await typed.send('cigna');
    expect(texts(replies)).toMatch(/Insurer: Cigna/);
    expect(typed.lastQuestion().step).toBe('drug');
  });

  it('is remembered across "start over", and can be changed with "change role"', async () => {
    const c = await asVoice("I'm on the care team");
    const restart = await c.send('start over');
    expect(c.lastQuestion().step).toBe('insurer');
    expect(texts(restart)).toMatch(/patient's insurance card/);

    await c.send('change role');
    expect(c.lastQuestion().step).toBe('voice');
    const back = await c.choose("I'm the patient");
    expect(texts(back)).toMatch(/speak to you as the patient/);
    // The case's answers were cleared by "start over"; the flow continues where it was.
    expect(c.lastQuestion().step).toBe('insurer');
    expect(texts(back)).toMatch(/name on your insurance card/);
  });

  it('a saved state from before the question (version 1) loads, unasked', () => {
    const old = {
      flow: 'appeal',
      version: 1,
      step: 'drug',
      answers: { insurer: { id: 'cigna', text: 'Cigna' } },
      editing: false,
    };
    const loaded = loadAppealState(JSON.parse(JSON.stringify(old)));
    expect(loaded).toMatchObject({ version: 3, step: 'drug' });
    expect(loaded?.voice).toBeUndefined();
  });
});
