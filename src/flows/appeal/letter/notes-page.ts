import type { Deadline } from '../domain/deadlines.js';
import { longDate } from '../domain/calendar.js';
import type { Block, LetterSection, Line } from './model.js';
import { organisationItems } from '../organisation.js';
import { stateHelpBlocks } from './state-help.js';
import { plain } from './template.js';
import type { Writer } from './writer.js';

const TABLE_WIDTHS = [0.5, 0.25, 0.25];

/** The deadline's name as the chat summary words it (the same catalog entries, so both always agree). */
function deadlineLabel(w: Writer, d: Deadline): string {
  if (d.kind !== 'send-by') return w.t(`appeal.deadline.${d.id}`);
  return w.t('appeal.deadline.sendBy', { label: w.t(`appeal.deadline.${d.id.slice('send-by:'.length)}`) });
}

/** Where the organisation running the bot can be reached, when it said so. */
function organisation(w: Writer): Block[] {
  const org = w.organisation;
  const items = org ? organisationItems(org, w.t) : [];
  if (!org || items.length === 0) return [];
  return [{ kind: 'paragraph', content: w.line('notes.org', { name: org.name, items: items.join(' ') }) }];
}

/** The insurer's note, when it is about this plan type (a note on its Medicare plans is not for an employer plan). */
function insurerNote(w: Writer): string | undefined {
  const insurer = w.appeal.insurer;
  if (!insurer?.note) return undefined;
  return !insurer.noteFor || insurer.noteFor.includes(w.appeal.planType.id) ? insurer.note : undefined;
}

/** A page for the user after the letter: how to finish it, and every deadline with its date and rule. */
export function notesSection(w: Writer): LetterSection {
  const { deadlines } = w.appeal;
  const note = insurerNote(w);
  const para = (key: string): Block => ({ kind: 'paragraph', content: w.line(`notes.${key}`) });
  const rows: Line[][] = deadlines.map((d) => [plain(deadlineLabel(w, d)), plain(longDate(d.due)), plain(d.citation)]);
  const blocks: Block[] = [
    { kind: 'heading', content: w.line('notes.heading') },
    para('intro'),
    para('blanks'),
    para('exhibits'),
    para('sending'),
    // Knowledge notes about the insurer (such as Blue Cross Blue Shield being many separate companies).
    ...(note ? [{ kind: 'paragraph', content: plain(note) } satisfies Block] : []),
    ...organisation(w),
    // Who can help in the user's state: the same contacts as the plan.
    ...stateHelpBlocks(w),
    { kind: 'heading', content: w.line('notes.deadlinesHeading') },
    rows.length > 0
      ? {
          kind: 'table',
          header: ['what', 'date', 'rule'].map((k) => w.t(`letter.notes.${k}`)),
          rows,
          widths: TABLE_WIDTHS,
        }
      : para('noDeadlines'),
  ];
  return { blocks, footer: w.footer('notes.footer') };
}
