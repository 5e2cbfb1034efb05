import type { Translator } from '../../core/i18n.js';
import type { SummaryDeadline, SummaryReply, SummarySection } from '../../core/types.js';
import {
  type Block,
  type SlackMessage,
  LIMITS,
  chunk,
  context,
  escapeMrkdwn,
  packMessages,
  plain,
  sections,
} from './blocks.js';

const STATUS_ICON: Record<SummaryDeadline['status'], string> = {
  open: ':calendar:',
  today: ':warning:',
  passed: ':warning:',
};

/**
 * The appeal plan as Block Kit: a header, the facts, each deadline with its
 * written date, days left and rule, then each checklist. Long plans continue
 * in further messages; a deadline or a checklist item is never cut off.
 */
export function renderSummary(reply: SummaryReply, t: Translator, nav: Block[]): SlackMessage[] {
  const groups: Block[][] = [[{ type: 'header', text: plain(reply.title, LIMITS.headerText) }], factBlocks(reply)];
  if (reply.deadlines.length > 0) {
    groups.push([{ type: 'divider' }, ...sections(`*${escapeMrkdwn(reply.deadlineHeading)}*`)]);
    groups.push(...reply.deadlines.map((deadline) => deadlineBlocks(deadline)));
  }
  for (const section of reply.sections) groups.push(...sectionGroups(section));
  groups.push(nav);
  return packMessages(groups, t('slack.summaryFallback'), t('slack.summaryContinuedFallback'));
}

/** Facts side by side in section fields; a fact too long for a field gets a section of its own. */
function factBlocks(reply: SummaryReply): Block[] {
  const texts = reply.facts.map((fact) => `*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`);
  const fields = texts
    .filter((text) => text.length <= LIMITS.fieldText)
    .map((text) => ({ type: 'mrkdwn' as const, text }));
  const long = texts.filter((text) => text.length > LIMITS.fieldText);
  return [
    ...chunk(fields, LIMITS.sectionFields).map((row): Block => ({ type: 'section', fields: row })),
    ...long.flatMap((text) => sections(text)),
  ];
}

function deadlineBlocks(deadline: SummaryDeadline): Block[] {
  const when = `${STATUS_ICON[deadline.status]} *${escapeMrkdwn(deadline.dateText)}* (${escapeMrkdwn(deadline.daysLeftText)})`;
  const blocks = [
    ...sections(`*${escapeMrkdwn(deadline.label)}*\n${when}`),
    // `rule` already reads "Rule: 29 CFR …".
    ...context(escapeMrkdwn(deadline.rule)),
  ];
  if (deadline.note) blocks.push(...context(escapeMrkdwn(deadline.note)));
  return blocks;
}

/** A checklist's heading, then its items packed into sections of at most 3000 characters. */
function sectionGroups(section: SummarySection): Block[][] {
  const lines = section.items.map(
    (item, index) => `${section.style === 'numbered' ? `${index + 1}.` : '•'} ${escapeMrkdwn(item)}`,
  );
  const texts: string[] = [];
  let current = `*${escapeMrkdwn(section.heading)}*`;
  for (const line of lines) {
    if (current.length + 1 + line.length > LIMITS.sectionText) {
      texts.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  texts.push(current);
  // Each text is its own group so a long checklist can continue in the next message.
  return texts.map((text, index) => (index === 0 ? [{ type: 'divider' }, ...sections(text)] : sections(text)));
}
