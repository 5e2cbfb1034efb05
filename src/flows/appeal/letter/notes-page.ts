import type { Translator } from '../../../core/i18n.js';
import type { Deadline } from '../domain/deadlines.js';
import { longDate } from '../domain/calendar.js';
import type { Block, LetterSection, Line } from './model.js';
import { organisationItems } from '../organisation.js';
import { stateHelpBlocks } from './state-help.js';
import { fill, plain, type TemplateParams } from './template.js';
import type { Writer } from './writer.js';

const TABLE_WIDTHS = [0.5, 0.25, 0.25];

/** The deadline's name as the chat summary words it (the same catalog entries, so both always agree). */
function deadlineLabel(t: Translator, d: Deadline): string {
  if (d.kind !== 'send-by') return t(`appeal.deadline.${d.id}`);
  return t('appeal.deadline.sendBy', { label: t(`appeal.deadline.${d.id.slice('send-by:'.length)}`) });
}

/** Where the organisation running the bot can be reached, when it said so. */
function organisation(w: Writer): Block[] {
  const org = w.organisation;
  const items = org ? organisationItems(org, w.userT) : [];
  if (!org || items.length === 0) return [];
  return [{ kind: 'paragraph', content: plain(w.userT('notes.org', { name: org.name, items: items.join(' ') })) }];
}

/**
 * The insurer's note in the user's language, when it is about this plan type
 * (a note on its Medicare plans is not for an employer plan).
 */
function insurerNote(w: Writer): string | undefined {
  const insurer = w.appeal.insurer;
  const note = w.userInsurerNote;
  if (!insurer || !note) return undefined;
  return !insurer.noteFor || insurer.noteFor.includes(w.appeal.planType.id) ? note : undefined;
}

/**
 * A page for the user after the letter, in the user's language: how to finish
 * it, and every deadline with its date and rule. When the user reads another
 * language than the letter's, the page says why the letter is in English.
 */
export function notesSection(w: Writer): LetterSection {
  const { deadlines } = w.appeal;
  const note = insurerNote(w);
  const t = w.userT;
  const text = (key: string, params: TemplateParams = {}) => fill(t(key), { ...w.params, ...params });
  const para = (key: string): Block => ({ kind: 'paragraph', content: text(`notes.${key}`) });
  const rows: Line[][] = deadlines.map((d) => [
    plain(deadlineLabel(t, d)),
    plain(longDate(d.due, t)),
    plain(d.citation),
  ]);
  const otherLanguage = t.locale !== w.t.locale;
  const blocks: Block[] = [
    { kind: 'heading', content: text('notes.heading') },
    para('intro'),
    ...(otherLanguage ? [para('letterLanguage')] : []),
    para('blanks'),
    para('exhibits'),
    para('sending'),
    // Knowledge notes about the insurer (such as Blue Cross Blue Shield being many separate companies).
    ...(note ? [{ kind: 'paragraph', content: plain(note) } satisfies Block] : []),
    ...organisation(w),
    // Who can help in the user's state: the same contacts as the plan.
    ...stateHelpBlocks(w),
    { kind: 'heading', content: text('notes.deadlinesHeading') },
    rows.length > 0
      ? {
          kind: 'table',
          header: ['what', 'date', 'rule'].map((k) => t(`notes.${k}`)),
          rows,
          widths: TABLE_WIDTHS,
        }
      : para('noDeadlines'),
  ];
  const footer = text('notes.footer', {
    page: [{ kind: 'field', field: 'page' }],
    pages: [{ kind: 'field', field: 'pages' }],
  });
  return { blocks, footer };
}
