import { describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES, renderPrivacyRedirect, renderReply, splitText } from '../../../src/adapters/teams/render.js';
import { translator } from '../../../src/core/i18n.js';
import type { NavAction, QuestionReply, SummaryReply } from '../../../src/core/types.js';
import { actions, adaptiveCards, continueAction, expectCardRules, inputs, texts } from './card-checks.js';

const t = translator('en');
const nav: NavAction[] = [
  { command: 'back', label: 'Back' },
  { command: 'help', label: 'Help' },
  { command: 'forget', label: 'Forget me' },
];

function cardOf(reply: QuestionReply | SummaryReply) {
  const messages = renderReply(reply, t);
  expect(messages).toHaveLength(1);
  const [card] = adaptiveCards(messages[0]!);
  expectCardRules(card!);
  return card!;
}

describe('Teams renderer', () => {
  it('renders a long list as a filtered ChoiceSet submitted with the step only', () => {
    const card = cardOf({
      kind: 'question',
      step: 'insurer',
      text: 'Which insurance company denied the drug?',
      input: {
        type: 'choices',
        style: 'search',
        allowText: true,
        choices: [
          { id: 'cigna', label: 'Cigna' },
          { id: 'aetna', label: 'Aetna' },
        ],
      },
      nav,
    });
    const [choiceSet] = inputs(card);
    expect(choiceSet).toMatchObject({ type: 'Input.ChoiceSet', id: 'choice', style: 'filtered', isRequired: true });
    expect(choiceSet!.choices).toEqual([
      { title: 'Cigna', value: 'cigna' },
      { title: 'Aetna', value: 'aetna' },
    ]);
    expect(continueAction(card).data).toEqual({ step: 'insurer' });
    expect(texts(card)).toContain('Which insurance company denied the drug?');
    expect(texts(card).join(' ')).toContain('type your answer');
    expect(
      actions(card)
        .filter((a) => a.data?.command)
        .map((a) => a.data.command),
    ).toEqual(['back', 'help', 'forget']);
  });

  it('renders a short list question as an expanded ChoiceSet when more than six options', () => {
    const choices = Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, label: `Reason ${i}` }));
    const card = cardOf({
      kind: 'question',
      step: 'reason',
      text: 'Why?',
      input: { type: 'choices', style: 'list', allowText: true, choices },
      nav: [],
    });
    expect(inputs(card)[0]).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded' });
    const short = cardOf({
      kind: 'question',
      step: 'reason',
      text: 'Why?',
      input: { type: 'choices', style: 'short', allowText: true, choices },
      nav: [],
    });
    expect(inputs(short)[0]).toMatchObject({ type: 'Input.ChoiceSet', style: 'expanded' });
  });

  it('renders a few short choices as buttons carrying step and choice ids', () => {
    const card = cardOf({
      kind: 'question',
      step: 'author',
      text: 'Who will sign the letter?',
      input: {
        type: 'choices',
        style: 'short',
        allowText: true,
        choices: [
          { id: 'patient', label: 'The patient' },
          { id: 'prescriber', label: 'The prescriber' },
        ],
      },
      nav,
    });
    expect(inputs(card)).toEqual([]);
    expect(
      actions(card)
        .filter((a) => a.data?.choice)
        .map((a) => [a.title, a.data]),
    ).toEqual([
      ['The patient', { step: 'author', choice: 'patient' }],
      ['The prescriber', { step: 'author', choice: 'prescriber' }],
    ]);
  });

  it('renders a yes/no question as a toggle', () => {
    const card = cardOf({
      kind: 'question',
      step: 'urgency',
      text: 'Could waiting seriously harm the patient?',
      input: {
        type: 'choices',
        style: 'short',
        allowText: true,
        choices: [
          { id: 'yes', label: 'Yes, it is urgent' },
          { id: 'no', label: 'No' },
        ],
      },
      nav,
    });
    expect(inputs(card)).toEqual([
      expect.objectContaining({
        type: 'Input.Toggle',
        id: 'choice',
        title: 'Yes, it is urgent',
        value: 'no',
        valueOn: 'yes',
        valueOff: 'no',
      }),
    ]);
    expect(continueAction(card).data).toEqual({ step: 'urgency' });
  });

  it('renders a date question as Input.Date with the max date', () => {
    const card = cardOf({
      kind: 'question',
      step: 'denialDate',
      text: 'What date is on the denial letter?',
      input: { type: 'date', max: '2026-04-01' },
      nav,
    });
    expect(inputs(card)).toEqual([
      expect.objectContaining({ type: 'Input.Date', id: 'date', max: '2026-04-01', isRequired: true }),
    ]);
    expect(continueAction(card).data).toEqual({ step: 'denialDate' });
  });

  it('asks text questions in the message box, with no input in the card', () => {
    const card = cardOf({
      kind: 'question',
      step: 'drug',
      text: 'Which drug was denied?',
      input: { type: 'text' },
      nav,
    });
    expect(inputs(card)).toEqual([]);
    expect(texts(card).join(' ')).toContain('message box');
  });

  const summary = (items: number, itemText = 'Gather the denial letter'): SummaryReply => ({
    kind: 'summary',
    title: 'Your appeal plan',
    facts: [{ label: 'Insurer', value: 'Cigna' }],
    deadlineHeading: 'Deadlines',
    deadlines: [
      {
        id: 'internal',
        label: 'File your internal appeal',
        dateText: 'Sunday, August 30, 2026',
        due: '2026-08-30',
        daysLeftText: '151 days left',
        daysLeft: 151,
        status: 'open',
        rule: '29 CFR 2560.503-1(h)(3)(i)',
      },
    ],
    sections: [
      {
        heading: 'Checklist',
        style: 'numbered',
        items: Array.from({ length: items }, (_, i) => `${itemText} ${i + 1}`),
      },
    ],
    nav,
  });

  it('renders the summary with a FactSet of deadlines, the rule behind each, and the checklist', () => {
    const card = cardOf(summary(3));
    const factSets = card.body.filter((e: { type: string }) => e.type === 'FactSet');
    expect(factSets[0].facts).toEqual([{ title: 'Insurer', value: 'Cigna' }]);
    expect(factSets[1].facts).toEqual([
      {
        title: 'Sunday, August 30, 2026',
        value: 'File your internal appeal (151 days left). 29 CFR 2560.503-1(h)(3)(i)',
      },
    ]);
    expect(texts(card)).toEqual(
      expect.arrayContaining(['1. Gather the denial letter 1', '3. Gather the denial letter 3']),
    );
  });

  it('splits a summary too large for one Teams message over several cards, losing nothing', () => {
    const messages = renderReply(summary(120, 'x'.repeat(300)), t);
    expect(messages.length).toBeGreaterThan(1);
    const cards = messages.flatMap((m) => adaptiveCards(m));
    for (const card of cards) {
      expectCardRules(card);
      expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    }
    const all = cards.flatMap(texts);
    for (let i = 1; i <= 120; i += 1) expect(all).toContain(`${i}. ${'x'.repeat(300)} ${i}`);
    expect(actions(cards.at(-1)!).some((a) => a.data?.command === 'help')).toBe(true);
  });

  it('never shows question text in the notification preview', () => {
    const [message] = renderReply(
      { kind: 'question', step: 'drug', text: 'Was Ocrevus denied?', input: { type: 'text' }, nav: [] },
      t,
    );
    expect(message!.summary).toBe(t('teams.preview'));
  });

  it('sends text as a card with a neutral preview, its lines apart, so no answer shows in a notification', () => {
    const messages = renderReply({ kind: 'text', text: 'Drug: Ocrevus (ocrelizumab).\nNext.\n\nAsk away.' }, t);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toBeUndefined();
    expect(messages[0]!.summary).toBe('Overturn sent you a card');
    const [card] = adaptiveCards(messages[0]!);
    expectCardRules(card!);
    expect(texts(card!)).toEqual(['Drug: Ocrevus (ocrelizumab).', 'Next.', 'Ask away.']);
    expect(card!.body.map((b: { spacing?: string }) => b.spacing)).toEqual([undefined, 'Small', 'Medium']);
    const [warning] = adaptiveCards(renderReply({ kind: 'text', text: 'Careful', tone: 'warning' }, t)[0]!);
    expect(warning!.body[0].color).toBe('Warning');
  });

  it('splits long text at paragraph boundaries', () => {
    const parts = splitText(`${'a'.repeat(60)}\n\n${'b'.repeat(60)}`, 100);
    expect(parts).toEqual(['a'.repeat(60), 'b'.repeat(60)]);
  });

  it('points to a personal chat with the bot from a channel', () => {
    const [card] = adaptiveCards(renderPrivacyRedirect('28:app-id', t));
    expectCardRules(card!);
    expect(actions(card!)).toEqual([
      {
        type: 'Action.OpenUrl',
        title: t('teams.redirect.button'),
        url: 'https://teams.microsoft.com/l/chat/0/0?users=28%3Aapp-id',
      },
    ]);
    expect(inputs(card!)).toEqual([]);
  });
});
