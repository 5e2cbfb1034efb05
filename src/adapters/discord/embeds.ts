import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Translator } from '../../core/i18n.js';
import type { SummaryDeadline, SummaryReply } from '../../core/types.js';
import { splitText } from './split.js';

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Characters across every embed of one message. */
  total: 6000,
  perMessage: 10,
} as const;

const COLORS = { summary: 0x5865f2, open: 0x2d7d46, today: 0xc27c0e, passed: 0xa12d2f, section: 0x4f545c } as const;

/** Characters Discord counts toward the 6000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * Builds a run of embeds under one heading; when one embed is full (fields,
 * description or characters), the next one continues under "… (continued)".
 * Text is split at line or word boundaries, never cut.
 */
class EmbedRun {
  readonly embeds: APIEmbed[] = [];
  private readonly heading: string;
  /** The part of an over-long heading that did not fit in the title; shown first in the description. */
  private readonly lead: string;
  private current: APIEmbed;

  constructor(
    title: string,
    private readonly color: number,
    private readonly continued: string,
  ) {
    const [heading = '', ...rest] = splitText(title, EMBED_LIMITS.title - continued.length - 1);
    this.heading = heading;
    this.lead = rest.join(' ');
    this.current = this.open(false);
  }

  description(text: string): void {
    if (this.current.fields?.length) this.current = this.open(true);
    const combined = [this.current.description, text].filter(Boolean).join('\n');
    splitText(combined, EMBED_LIMITS.description).forEach((piece, index) => {
      if (index > 0) this.current = this.open(true);
      this.current.description = piece;
    });
  }

  field(name: string, value: string, inline = false): void {
    const [shortName = '\u200b', ...overflow] = splitText(name, EMBED_LIMITS.fieldName);
    // A name longer than a field name (never seen in practice) continues at the start of the value.
    const text = [overflow.join(' '), value].filter(Boolean).join('\n') || '\u200b';
    splitText(text, EMBED_LIMITS.fieldValue).forEach((piece, index) => {
      const field: APIEmbedField = { name: index === 0 ? shortName : this.continued, value: piece, inline };
      const full = (this.current.fields?.length ?? 0) >= EMBED_LIMITS.fields;
      const tooLong = embedLength(this.current) + field.name.length + field.value.length > EMBED_LIMITS.total;
      if (full || tooLong) this.current = this.open(true);
      this.current.fields = [...(this.current.fields ?? []), field];
    });
  }

  private open(continuation: boolean): APIEmbed {
    const title = continuation ? `${this.heading} ${this.continued}`.trim() : this.heading;
    const embed: APIEmbed = { color: this.color, ...(title ? { title } : {}) };
    if (!continuation && this.lead) embed.description = this.lead;
    this.embeds.push(embed);
    return embed;
  }
}

/** The summary as embeds: the facts, the deadlines with their rules, then one embed per section. */
export function summaryEmbeds(summary: SummaryReply, t: Translator): APIEmbed[] {
  const continued = t('discord.continued');
  const header = new EmbedRun(summary.title, COLORS.summary, continued);
  for (const fact of summary.facts) header.field(fact.label, fact.value, true);

  const deadlines = new EmbedRun(summary.deadlineHeading, deadlineColor(summary.deadlines), continued);
  for (const deadline of summary.deadlines) deadlines.field(deadline.label, deadlineText(deadline));

  const sections = summary.sections.map((section) => {
    const run = new EmbedRun(section.heading, COLORS.section, continued);
    const lines = section.items.map((item, index) =>
      section.style === 'numbered' ? `${index + 1}. ${item}` : `• ${item}`,
    );
    run.description(lines.join('\n'));
    return run.embeds;
  });

  return [...header.embeds, ...(summary.deadlines.length > 0 ? deadlines.embeds : []), ...sections.flat()];
}

function deadlineText(deadline: SummaryDeadline): string {
  const lines = [`**${deadline.dateText}** · ${deadline.daysLeftText}`, deadline.rule];
  if (deadline.note) lines.push(deadline.note);
  return lines.join('\n');
}

/** The colour of the most pressing deadline, so a passed or same-day deadline stands out. */
function deadlineColor(deadlines: readonly SummaryDeadline[]): number {
  if (deadlines.some((d) => d.status === 'passed')) return COLORS.passed;
  if (deadlines.some((d) => d.status === 'today')) return COLORS.today;
  return COLORS.open;
}

/** Groups embeds into messages of at most 10 embeds and 6000 characters, in order. */
export function packEmbeds(embeds: readonly APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let batch: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (batch.length > 0 && (batch.length >= EMBED_LIMITS.perMessage || size + length > EMBED_LIMITS.total)) {
      messages.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(embed);
    size += length;
  }
  if (batch.length > 0) messages.push(batch);
  return messages;
}
