import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/core/i18n.js';
import type { Choice, QuestionReply, SummaryReply } from '../../../src/core/types.js';
import { EMBED_LIMITS, embedLength } from '../../../src/adapters/discord/embeds.js';
import { answeredRows, renderReplies, renderReply, type DiscordMessage } from '../../../src/adapters/discord/render.js';

const t = translator('en');
const dm = { t, surface: 'dm' as const };
const ephemeral = { t, surface: 'ephemeral' as const };

const nav: QuestionReply['nav'] = [
  { command: 'back', label: 'Back' },
  { command: 'change', label: 'Change an answer' },
  { command: 'restart', label: 'Start over' },
  { command: 'help', label: 'Help' },
  { command: 'status', label: 'Where am I?' },
  { command: 'forget', label: 'Forget me' },
];

function choices(count: number, prefix = 'opt'): Choice[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, label: `Option number ${i}` }));
}

function question(input: QuestionReply['input'], extra: Partial<QuestionReply> = {}): QuestionReply {
  return { kind: 'question', step: 'reason', text: 'Why did they say no?', input, nav, ...extra };
}

function components(message: DiscordMessage) {
  return (message.components ?? []).flatMap((row) => row.components);
}

function customIds(message: DiscordMessage): string[] {
  return components(message).map((c) => ('custom_id' in c ? c.custom_id : ''));
}

/** Discord's own structural limits, checked on every rendered message. */
function expectWithinDiscordLimits(message: DiscordMessage): void {
  expect((message.content ?? '').length).toBeLessThanOrEqual(2000);
  expect((message.components ?? []).length).toBeLessThanOrEqual(5);
  for (const row of message.components ?? []) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    const selects = row.components.filter((c) => c.type === 3);
    if (selects.length > 0) expect(row.components).toHaveLength(1);
  }
  for (const component of components(message)) {
    if ('custom_id' in component) expect(component.custom_id.length).toBeLessThanOrEqual(100);
    if (component.type === 2 && 'label' in component) expect((component.label ?? '').length).toBeLessThanOrEqual(80);
    if (component.type === 3) expect(component.options.length).toBeLessThanOrEqual(25);
  }
  expect((message.embeds ?? []).length).toBeLessThanOrEqual(10);
  expect((message.embeds ?? []).reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(6000);
}

describe('questions', () => {
  it('renders a few choices as buttons with step/choice custom ids, then the navigation row', () => {
    const [message, ...rest] = renderReply(
      question({
        type: 'choices',
        style: 'short',
        allowText: true,
        choices: [
          { id: 'medical-necessity', label: 'Not medically necessary' },
          { id: 'step-therapy', label: 'Try another drug first' },
        ],
      }),
      dm,
    );
    expect(rest).toHaveLength(0);
    expectWithinDiscordLimits(message!);
    expect(message!.content).toBe('Why did they say no?');
    const rows = message!.components!;
    expect(rows[0]!.components.map((c) => ('label' in c ? c.label : ''))).toEqual([
      'Not medically necessary',
      'Try another drug first',
    ]);
    expect(customIds(message!)).toEqual([
      'c:reason:medical-necessity',
      'c:reason:step-therapy',
      'cmd:back',
      'cmd:change',
      'cmd:restart',
      'cmd:help',
      'cmd:status',
      'cmd:forget',
    ]);
  });

  it('keeps to 5 rows of 5 buttons: as many buttons as fit, a select beyond that', () => {
    // 6 nav buttons take 2 rows, leaving 3 rows = 15 buttons.
    const fits = renderReply(
      question({ type: 'choices', style: 'list', allowText: true, choices: choices(15) }),
      dm,
    )[0]!;
    expectWithinDiscordLimits(fits);
    expect(customIds(fits).filter((id) => id.startsWith('c:'))).toHaveLength(15);

    const overflows = renderReply(
      question({ type: 'choices', style: 'list', allowText: true, choices: choices(16) }),
      dm,
    )[0]!;
    expectWithinDiscordLimits(overflows);
    const select = components(overflows).find((c) => c.type === 3);
    expect(select && 'options' in select ? select.options.map((o) => o.value) : []).toEqual(
      choices(16).map((c) => c.id),
    );
  });

  it('lists the first 25 of a long list in a select and says how to reach the others', () => {
    const list = choices(60, 'insurer');
    const [message] = renderReply(
      question(
        { type: 'choices', style: 'search', allowText: true, choices: list },
        { step: 'insurer', text: 'Who is your insurer?' },
      ),
      dm,
    );
    expectWithinDiscordLimits(message!);
    const select = components(message!).find((c) => c.type === 3);
    expect(select && 'options' in select ? select.options.map((o) => o.value) : []).toEqual(
      list.slice(0, 25).map((c) => c.id),
    );
    expect(message!.content).toContain('first 25 of 60');
    expect(message!.content).toContain('type its name here');
    expect(customIds(message!)).toContain('t:insurer:other');

    const [inServer] = renderReply(
      question({ type: 'choices', style: 'search', allowText: true, choices: list }, { step: 'insurer' }),
      ephemeral,
    );
    expect(inServer!.content).toContain('first 25 of 60');
    expect(inServer!.content).toContain('Press "Type a name"');
    expect(inServer!.content).toContain("don't type it in the channel");
  });

  it('renders a short search list as a select without a notice', () => {
    const [message] = renderReply(
      question({ type: 'choices', style: 'search', allowText: true, choices: choices(4) }),
      dm,
    );
    expect(message!.content).not.toContain('first 25');
    expect(components(message!).filter((c) => c.type === 3)).toHaveLength(1);
  });

  it('offers a modal button for a date (Discord has no date picker) and explains typing', () => {
    const [message] = renderReply(
      question(
        { type: 'date', max: '2026-04-01' },
        { step: 'denial-date', text: 'What date is on the denial letter?' },
      ),
      dm,
    );
    expectWithinDiscordLimits(message!);
    expect(customIds(message!)[0]).toBe('t:denial-date:date');
    expect(components(message!)[0]).toMatchObject({ type: 2, label: 'Enter the date' });
    expect(message!.content).toContain('Type the date here');

    const [inServer] = renderReply(question({ type: 'date', max: '2026-04-01' }, { step: 'denial-date' }), ephemeral);
    expect(inServer!.content).toContain('Press "Enter the date"');
    expect(inServer!.content).not.toContain('Type the date here');
  });

  it('offers a modal button for free text', () => {
    const [message] = renderReply(
      question({ type: 'text' }, { step: 'drug', text: 'Which drug was denied?', hint: 'The name on the letter' }),
      dm,
    );
    expect(customIds(message!)[0]).toBe('t:drug:text');
    expect(message!.content).toContain('-# The name on the letter');
  });

  it('splits a question longer than 2000 characters, keeping the buttons on the last part', () => {
    const long = Array.from({ length: 60 }, (_, i) => `Line ${i} of a long explanation that goes on for a while.`).join(
      '\n',
    );
    const messages = renderReply(
      question({ type: 'choices', style: 'short', allowText: true, choices: choices(2) }, { text: long }),
      dm,
    );
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach(expectWithinDiscordLimits);
    expect(messages.slice(0, -1).every((m) => !m.components)).toBe(true);
    expect(messages.at(-1)!.components!.length).toBeGreaterThan(0);
    expect(messages.map((m) => m.content).join('\n')).toBe(long);
  });
});

describe('summary', () => {
  const summary = (items: number, deadlines: number): SummaryReply => ({
    kind: 'summary',
    title: 'Your appeal',
    facts: [
      { label: 'Insurer', value: 'Cigna' },
      { label: 'Drug', value: 'Ocrevus' },
    ],
    deadlineHeading: 'Deadlines',
    deadlines: Array.from({ length: deadlines }, (_, i) => ({
      id: `d${i}`,
      label: `Deadline ${i}`,
      dateText: 'Sunday, August 30, 2026',
      due: '2026-08-30',
      daysLeftText: '151 days left',
      daysLeft: 151,
      status: 'open' as const,
      rule: `29 CFR 2560.503-1(h)(3)(i) rule ${i}`,
    })),
    sections: [
      {
        heading: 'Documents to gather',
        style: 'numbered',
        items: Array.from(
          { length: items },
          (_, i) => `Document ${i}: ${'a careful description of what to ask for '.repeat(3)}`,
        ),
      },
    ],
    nav,
  });

  it('shows facts, deadlines with their rules and sections as embeds', () => {
    const messages = renderReply(summary(3, 2), dm);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expectWithinDiscordLimits(message!);
    expect(message!.content).toBe('Here is your appeal summary.');
    const [header, deadlines, documents] = message!.embeds!;
    expect(header).toMatchObject({
      title: 'Your appeal',
      fields: [
        { name: 'Insurer', value: 'Cigna', inline: true },
        { name: 'Drug', value: 'Ocrevus', inline: true },
      ],
    });
    expect(deadlines!.title).toBe('Deadlines');
    expect(deadlines!.fields![0]).toMatchObject({ name: 'Deadline 0' });
    expect(deadlines!.fields![0]!.value).toContain('Sunday, August 30, 2026');
    expect(deadlines!.fields![0]!.value).toContain('29 CFR 2560.503-1(h)(3)(i) rule 0');
    expect(documents!.title).toBe('Documents to gather');
    expect(documents!.description!.split('\n')[0]).toMatch(/^1\. Document 0/);
    expect(customIds(message!)).toContain('cmd:back');
  });

  it('splits a long summary across embeds and messages within the limits, losing nothing', () => {
    const big = summary(400, 40);
    const messages = renderReply(big, dm);
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach(expectWithinDiscordLimits);
    for (const embed of messages.flatMap((m) => m.embeds ?? [])) {
      expect((embed.title ?? '').length).toBeLessThanOrEqual(EMBED_LIMITS.title);
      expect((embed.description ?? '').length).toBeLessThanOrEqual(EMBED_LIMITS.description);
      expect((embed.fields ?? []).length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
    }
    const text = messages
      .flatMap((m) => m.embeds ?? [])
      .map((e) => [e.description ?? '', ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`)].join('\n'))
      .join('\n');
    for (const item of big.sections[0]!.items) expect(text).toContain(item.trim());
    for (const deadline of big.deadlines) expect(text).toContain(deadline.rule);
    expect(messages.flatMap((m) => m.embeds ?? []).some((e) => e.title === 'Documents to gather (continued)')).toBe(
      true,
    );
    // Navigation only once, under the last part.
    expect(messages.slice(0, -1).every((m) => !m.components)).toBe(true);
    expect(customIds(messages.at(-1)!)).toContain('cmd:help');
    // Only the first message has the neutral preview line.
    expect(messages.map((m) => m.content)).toEqual([
      'Here is your appeal summary.',
      ...messages.slice(1).map(() => undefined),
    ]);
  });
});

describe('text and files', () => {
  it('splits long text at 2000 characters without losing words', () => {
    const text = 'word '.repeat(900).trim();
    const messages = renderReply({ kind: 'text', text }, dm);
    expect(messages.length).toBe(3);
    messages.forEach(expectWithinDiscordLimits);
    expect(messages.map((m) => m.content).join(' ')).toBe(text);
  });

  it('attaches the letter, and warns that an ephemeral attachment expires', () => {
    const file = {
      kind: 'file' as const,
      fileName: 'appeal-letter.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: new Uint8Array([1, 2, 3]),
      caption: 'Your draft appeal letter.',
      ref: 'letter-patient',
    };
    const [inDm] = renderReply(file, dm);
    expect(inDm).toMatchObject({ content: 'Your draft appeal letter.', files: [{ name: 'appeal-letter.docx' }] });
    expect([...inDm!.files![0]!.data]).toEqual([1, 2, 3]);
    const [inServer] = renderReply(file, ephemeral);
    expect(inServer!.content).toContain('download it now');
  });

  it('sends files that follow one another as one message, at most ten at a time, with their captions', () => {
    const file = (n: number) => ({
      kind: 'file' as const,
      fileName: `file-${n}.pdf`,
      mimeType: 'application/pdf',
      bytes: new Uint8Array([n]),
      caption: `Caption ${n}.`,
      ref: `file-${n}`,
    });
    const twelve = Array.from({ length: 12 }, (_, n) => file(n));
    const messages = renderReplies([{ kind: 'text', text: 'Done.' }, ...twelve, { kind: 'text', text: 'Next.' }], dm);
    expect(messages.map((m) => m.files?.length ?? 0)).toEqual([0, 10, 2, 0]);
    expect(messages[1]!.content).toBe(
      twelve
        .slice(0, 10)
        .map((f) => f.caption)
        .join('\n'),
    );
    expect(messages[2]!.files!.map((f) => f.name)).toEqual(['file-10.pdf', 'file-11.pdf']);
    messages.forEach(expectWithinDiscordLimits);
  });

  it('sends everything but the letter without a push notification (answers must not show on a lock screen)', () => {
    expect(renderReply({ kind: 'text', text: 'Drug: Ocrevus (ocrelizumab).' }, dm)[0]!.silent).toBe(true);
    expect(renderReply(question({ type: 'text' }), dm).every((m) => m.silent)).toBe(true);
    const file = {
      kind: 'file' as const,
      fileName: 'a.docx',
      mimeType: 'application/octet-stream',
      bytes: new Uint8Array([1]),
      caption: 'Your letter is ready.',
      ref: 'letter-patient',
    };
    expect(renderReply(file, dm)[0]!.silent).toBeUndefined();
  });
});

describe('answered questions', () => {
  it('grey out every component and highlight the choice', () => {
    const [buttons] = renderReply(
      question({ type: 'choices', style: 'short', allowText: true, choices: choices(3) }),
      dm,
    );
    const answered = answeredRows(buttons!.components!, 'c:reason:opt-1');
    const all = answered.flatMap((row) => row.components);
    expect(all.every((c) => c.disabled === true)).toBe(true);
    expect(all.filter((c) => c.type === 2 && c.style === 3).map((c) => ('custom_id' in c ? c.custom_id : ''))).toEqual([
      'c:reason:opt-1',
    ]);

    const [select] = renderReply(
      question({ type: 'choices', style: 'search', allowText: true, choices: choices(4) }),
      dm,
    );
    const picked = answeredRows(select!.components!, 's:reason', ['opt-2'])
      .flatMap((row) => row.components)
      .find((c) => c.type === 3);
    expect(picked && 'options' in picked ? picked.options.filter((o) => o.default).map((o) => o.value) : []).toEqual([
      'opt-2',
    ]);
  });
});
