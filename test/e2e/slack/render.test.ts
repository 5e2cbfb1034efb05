import { describe, expect, it } from 'vitest';
import { LIMITS, type Block, type SlackMessage } from '../../../src/adapters/slack/blocks.js';
import { inputFromAction, plainTextFromSlack, type SlackAction } from '../../../src/adapters/slack/parse.js';
import { renderReply } from '../../../src/adapters/slack/render.js';
import { translator } from '../../../src/core/i18n.js';
import type { Choice, QuestionReply, Reply, SummaryReply } from '../../../src/core/types.js';

const t = translator('en');
const nav = [
  { command: 'back', label: 'Back' },
  { command: 'help', label: 'Help' },
] as QuestionReply['nav'];

function messages(reply: Reply): SlackMessage[] {
  return renderReply(reply, t).map((output) => {
    if (output.kind !== 'message') throw new Error('expected a message');
    return output.message;
  });
}

function choices(count: number): Choice[] {
  return Array.from({ length: count }, (_, i) => ({ id: `c${i}`, label: `Choice ${i}` }));
}

function question(input: QuestionReply['input']): QuestionReply {
  return { kind: 'question', step: 'reason', text: 'Why did your plan say no?', input, nav };
}

type Element = {
  type: string;
  action_id: string;
  value?: string;
  options?: Array<{ value: string }>;
  accessibility_label?: string;
  initial_date?: string;
};
function actionBlocks(message: SlackMessage): Array<{ block_id: string; elements: Element[] }> {
  return message.blocks.filter((b) => b.type === 'actions') as unknown as Array<{
    block_id: string;
    elements: Element[];
  }>;
}

function sectionTexts(blocks: Block[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

describe('Slack renderer', () => {
  it('renders short choices as labelled buttons that carry only the step and the choice id, and clicks map back', () => {
    const [message] = messages(
      question({
        type: 'choices',
        style: 'short',
        allowText: true,
        choices: [
          { id: 'yes', label: 'Yes, it is urgent' },
          { id: 'no', label: 'No' },
        ],
      }),
    );
    if (!message) throw new Error('no message');
    expect(message.text).toBe(t('slack.questionFallback'));
    expect(sectionTexts(message.blocks)).toEqual(['Why did your plan say no?']);
    const [answers, navRow] = actionBlocks(message);
    expect(answers?.elements.map((e) => [e.type, e.value, e.accessibility_label])).toEqual([
      ['button', 'yes', 'Answer: Yes, it is urgent'],
      ['button', 'no', 'Answer: No'],
    ]);
    const clicked = answers!.elements.map((e) => inputFromAction({ ...e, block_id: answers!.block_id } as SlackAction));
    expect(clicked).toEqual([
      { kind: 'choice', step: 'reason', choice: 'yes' },
      { kind: 'choice', step: 'reason', choice: 'no' },
    ]);
    expect(navRow?.elements.map((e) => inputFromAction({ ...e, block_id: navRow.block_id } as SlackAction))).toEqual([
      { kind: 'command', command: 'back' },
      { kind: 'command', command: 'help' },
    ]);
  });

  it('renders a long list as one select and a list over 100 options as several selects, losing none', () => {
    const [list] = messages(question({ type: 'choices', style: 'list', allowText: true, choices: choices(8) }));
    expect(actionBlocks(list!)[0]?.elements.map((e) => e.type)).toEqual(['static_select']);

    const [search] = messages(question({ type: 'choices', style: 'search', allowText: true, choices: choices(230) }));
    const selects = actionBlocks(search!)[0]!.elements;
    expect(selects.map((e) => e.options?.length)).toEqual([100, 100, 30]);
    expect(selects.flatMap((e) => e.options?.map((o) => o.value))).toEqual(choices(230).map((c) => c.id));
    const picked = inputFromAction({
      type: 'static_select',
      action_id: selects[2]!.action_id,
      block_id: actionBlocks(search!)[0]!.block_id,
      selected_option: { value: 'c229' },
    });
    expect(picked).toEqual({ kind: 'choice', step: 'reason', choice: 'c229' });
  });

  it('renders a date question as a date picker with no date chosen in advance', () => {
    const [message] = messages({ ...question({ type: 'date', max: '2026-04-01' }), step: 'denial-date' });
    const [picker] = actionBlocks(message!);
    expect(picker?.elements).toHaveLength(1);
    expect(picker?.elements[0]?.type).toBe('datepicker');
    expect(picker?.elements[0]?.initial_date).toBeUndefined();
    expect(
      inputFromAction({
        ...picker!.elements[0]!,
        block_id: picker!.block_id,
        selected_date: '2026-03-03',
      } as SlackAction),
    ).toEqual({
      kind: 'date',
      step: 'denial-date',
      date: '2026-03-03',
    });
  });

  it('splits text longer than a section allows into several sections without losing a word', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`);
    const [message] = messages({ kind: 'text', text: words.join(' ') });
    const texts = sectionTexts(message!.blocks);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(texts.join(' ').split(/\s+/)).toEqual(words);
  });

  it('splits a summary over 50 blocks into several messages, keeping every deadline whole and fallbacks free of answers', () => {
    const summary: SummaryReply = {
      kind: 'summary',
      title: 'Your appeal plan',
      facts: [
        { label: 'Insurer', value: 'Cigna' },
        { label: 'Drug', value: 'Ocrevus' },
      ],
      deadlineHeading: 'Deadlines',
      deadlines: Array.from({ length: 30 }, (_, i) => ({
        id: `d${i}`,
        label: `Step ${i}`,
        dateText: 'Sunday, August 30, 2026',
        due: '2026-08-30',
        daysLeftText: '151 days left',
        daysLeft: 151,
        status: 'open' as const,
        rule: `Rule ${i}, 29 CFR 2560.503-1(h)(3)(i)`,
      })),
      sections: [
        {
          heading: 'Documents to gather',
          style: 'numbered',
          items: Array.from({ length: 120 }, (_, i) => `Document number ${i} `.repeat(3)),
        },
      ],
      nav,
    };
    const parts = messages(summary);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    for (const part of parts)
      for (const text of sectionTexts(part.blocks)) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const all = JSON.stringify(parts.map((p) => p.blocks));
    for (let i = 0; i < 30; i += 1) {
      const holder = parts.filter((p) => JSON.stringify(p.blocks).includes(`*Step ${i}*`));
      expect(holder).toHaveLength(1);
      expect(JSON.stringify(holder[0]!.blocks)).toContain(`Rule ${i}, 29 CFR`);
    }
    for (let i = 0; i < 120; i += 1) expect(all).toContain(`${i + 1}. Document number ${i}`);
    expect(parts[0]!.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Your appeal plan' } });
    for (const part of parts) expect(part.text).not.toMatch(/Cigna|Ocrevus/);
  });

  it('shows a fact too long for a field in a section of its own, in full', () => {
    const note = 'x'.repeat(2500);
    const summary: SummaryReply = {
      kind: 'summary',
      title: 'Your appeal plan',
      facts: [
        { label: 'Insurer', value: 'Cigna' },
        { label: 'Notes', value: note },
      ],
      deadlineHeading: 'Deadlines',
      deadlines: [],
      sections: [],
      nav: [],
    };
    const [message] = messages(summary);
    const fields = message!.blocks.flatMap((b) =>
      b.type === 'section' && b.fields ? b.fields.map((f) => f.text) : [],
    );
    expect(fields).toEqual(['*Insurer*\nCigna']);
    expect(sectionTexts(message!.blocks)).toEqual([`*Notes*\n${note}`]);
  });

  it('escapes Slack control characters in replies and reads typed markup back as plain text', () => {
    const [message] = messages({ kind: 'text', text: 'A <b> & C' });
    expect(sectionTexts(message!.blocks)).toEqual(['A &lt;b&gt; &amp; C']);
    expect(plainTextFromSlack('<@UBOT> my plan is &lt;Cigna&gt; &amp; <https://x.example|this>')).toBe(
      'my plan is <Cigna> & this',
    );
  });
});
