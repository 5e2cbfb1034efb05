import type { types } from '@slack/bolt';

/** Slack's limits for one message (see docs/platforms.md). */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  contextText: 2000,
  headerText: 150,
  buttonText: 75,
  accessibilityLabel: 75,
  actionsElements: 25,
  selectOptions: 100,
  optionText: 75,
  placeholder: 150,
  sectionFields: 10,
  fieldText: 2000,
} as const;

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** Notification and screen-reader fallback: never carries health details. */
  text: string;
  blocks: Block[];
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Splits text into pieces of at most `max` characters, preferring paragraph,
 * then line, then word boundaries, so nothing is ever cut off.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    // A boundary in the first half would leave a needlessly short piece.
    const cut =
      [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > max / 2) ?? max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Section blocks for mrkdwn text of any length. */
export function sections(mrkdwn: string): Block[] {
  return splitText(mrkdwn, LIMITS.sectionText).map((piece) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: piece },
  }));
}

export function context(mrkdwn: string): Block[] {
  return splitText(mrkdwn, LIMITS.contextText).map((piece) => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: piece }],
  }));
}

/** Shortens a label that must fit a fixed limit (button text); the ellipsis shows it was shortened. */
export function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Packs groups of blocks (a group stays in one message) into messages of at
 * most 50 blocks. The first message gets `firstText` as its fallback, the rest `nextText`.
 */
export function packMessages(groups: Block[][], firstText: string, nextText: string): SlackMessage[] {
  const messages: SlackMessage[] = [];
  let current: Block[] = [];
  const flush = (): void => {
    if (current.length === 0) return;
    messages.push({ text: messages.length === 0 ? firstText : nextText, blocks: current });
    current = [];
  };
  for (const group of groups) {
    for (const part of chunk(group, LIMITS.blocksPerMessage)) {
      if (current.length + part.length > LIMITS.blocksPerMessage) flush();
      current.push(...part);
    }
  }
  flush();
  return messages;
}

export function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: fit(text, max), emoji: true };
}

/** A button with the text a screen reader reads instead of its (possibly shortened) label. */
export function button(actionId: string, value: string, label: string, accessibilityLabel: string): types.Button {
  return {
    type: 'button',
    action_id: actionId,
    value,
    text: plain(label, LIMITS.buttonText),
    accessibility_label: fit(accessibilityLabel, LIMITS.accessibilityLabel),
  };
}

/** Interactive elements in as many actions blocks as Slack's 25-per-block limit needs. */
export function actionRows(blockId: (row: number) => string, elements: types.ActionsBlockElement[]): Block[] {
  return chunk(elements, LIMITS.actionsElements).map((row, index) => ({
    type: 'actions',
    block_id: blockId(index),
    elements: row,
  }));
}
