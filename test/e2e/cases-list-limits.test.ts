import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/adapters/slack/blocks.js';
import { renderReply as renderSlack } from '../../src/adapters/slack/render.js';
import { renderReply as renderTeams } from '../../src/adapters/teams/render.js';
import { renderReply as renderDiscord, MESSAGE_LIMITS } from '../../src/adapters/discord/render.js';
import { appealContext } from '../../src/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { currentQuestion } from '../../src/flows/appeal/questions.js';
import { initialAppealState, MAX_KEPT_CASES, type AppealState, type StoredCase } from '../../src/flows/appeal/state.js';
import { adaptiveCards } from './teams/card-checks.js';

const ctx = appealContext({
  clock: fixedClock('2026-04-01'),
  knowledge: loadKnowledge(),
  locale: 'en',
  ttlSeconds: 30 * 86_400,
})();

/** The most cases one person may keep: 50 open (the current one among them) and 50 closed, each with a full label. */
function fullList(): AppealState {
  const others: StoredCase[] = Array.from({ length: MAX_KEPT_CASES - 1 }, (_, i) => ({
    id: i + 2,
    step: 'done',
    answers: {
      insurer: { id: 'anthem', text: 'anthem' },
      drug: { id: 'ocrevus', text: 'ocrevus' },
      denialDate: '2026-03-03',
    },
    editing: false,
    ...(i >= 49 ? { closed: true as const } : {}),
  }));
  return {
    ...initialAppealState('en'),
    step: 'insurer',
    pending: { type: 'cases' },
    cases: { current: { id: 1 }, others, nextId: 101 },
  };
}

describe('the list of cases at its largest, within each platform’s published limits', () => {
  const question = currentQuestion(fullList(), ctx);
  const choices = question.input.type === 'choices' ? question.input.choices : [];

  it('lists every case and "Start a new case", with ids that carry only case numbers', () => {
    expect(choices).toHaveLength(MAX_KEPT_CASES + 1);
    expect(choices.every((c) => /^(case-\d+|new)$/.test(c.id))).toBe(true);
    expect(question.text).toBe('Your cases: 50 open, 50 closed. Which one do you want to work on?');
  });

  it('Slack: menus of at most 100 options, option text within 75 characters, under 50 blocks', () => {
    const messages = renderSlack(question, ctx.t);
    const perMessage = messages.map((m) => (m.kind === 'message' ? m.message.blocks : []));
    for (const blocks of perMessage) expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    const selects = JSON.parse(JSON.stringify(perMessage.flat())).flatMap(
      (b: { elements?: Array<Record<string, any>> }) => b.elements ?? [],
    ) as Array<Record<string, any>>;
    const options = selects.filter((e) => e.type === 'static_select').flatMap((e) => e.options);
    expect(options).toHaveLength(choices.length);
    for (const e of selects.filter((s) => s.type === 'static_select'))
      expect(e.options.length).toBeLessThanOrEqual(100);
    expect(options.every((o: { text: { text: string } }) => o.text.text.length <= LIMITS.optionText)).toBe(true);
  });

  it('Teams: one Adaptive Card 1.5 under 28 KB with a filtered list of every case', () => {
    const cards = renderTeams(question, ctx.t).flatMap((m) => adaptiveCards(m as never));
    expect(cards).toHaveLength(1);
    const card = cards[0]!;
    expect(card.version).toBe('1.5');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
    const choiceSet = JSON.stringify(card).match(/"type":"Input.ChoiceSet"/g);
    expect(choiceSet).toHaveLength(1);
    expect(JSON.stringify(card)).toContain('"style":"filtered"');
  });

  it('Discord: a select of at most 25 options, saying how to reach the rest', () => {
    const messages = renderDiscord(question, { t: ctx.t, surface: 'dm' });
    const selects = messages.flatMap((m) => m.components ?? []).flatMap((row) => row.components);
    const select = selects.find((c) => c.type === 3) as { options: unknown[] } | undefined;
    expect(select?.options.length).toBeLessThanOrEqual(MESSAGE_LIMITS.selectOptions);
    expect(messages.map((m) => m.content).join('\n')).toMatch(/25/);
  });
});
