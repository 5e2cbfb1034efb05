import type { Block, LetterModel, Line } from './model.js';
import { requirementRows } from './compose.js';
import { voicedTranslator } from '../voice.js';
import { plain } from './template.js';
import { Writer, type LetterRequest } from './writer.js';

/**
 * The peer-to-peer preparation sheet for the prescriber's call with the plan's
 * reviewer: what the reviewer will check, the chart evidence to have open, the
 * label and guideline facts with their sources, the questions to ask, and what
 * to do if the denial is upheld. One or two pages; blanks for what only the
 * care team knows, so no patient identifier is ever put in it by the bot.
 */
export function composePeerToPeer(request: Omit<LetterRequest, 'author'>): LetterModel {
  const w = new Writer({ ...request, author: 'care-team' });
  const blocks: Block[] = [
    { kind: 'heading', content: w.line('p2p.title') },
    para(w.line('p2p.intro')),
    callFields(w),
    ...availability(w),
    ...section(w, 'criteria', requirementRows(w).map(checkbox(w)), 'noCriteria'),
    ...section(w, 'evidence', chartEvidence(w).map(plain), 'noEvidence'),
    ...facts(w),
    ...section(w, 'questions', questions(w)),
    ...section(w, 'upheld', upheld(w)),
  ];
  return {
    title: w.t('letter.p2p.documentTitle'),
    sections: [{ blocks, footer: w.footer('p2p.footer') }],
    notes: w.notes,
  };
}

function para(content: Line): Block {
  return { kind: 'paragraph', content };
}

function section(w: Writer, key: string, items: Line[], emptyKey?: string): Block[] {
  const heading: Block = { kind: 'heading', content: w.line(`p2p.${key}Heading`) };
  if (items.length === 0) return emptyKey ? [heading, para(w.line(`p2p.${emptyKey}`))] : [];
  return [heading, { kind: 'bullets', items }];
}

/** What to note on the call, left blank: the bot never holds the patient's name or IDs. */
function callFields(w: Writer): Block {
  const rows = ['patient', 'reference', 'when', 'reviewer', 'outcome'].map((key) => ({
    label: w.t(`letter.p2p.fields.${key}`),
    value: w.line(`p2p.fields.${key}Blank`),
  }));
  return { kind: 'fields', rows };
}

/** Whether the insurer publishes a peer-to-peer process (with where it says so), else how to ask for one. */
function availability(w: Writer): Block[] {
  const insurer = w.appeal.insurer;
  if (insurer?.peerToPeer && insurer.peerToPeerSource)
    return [para([...w.line('p2p.offered'), ...w.note(insurer.peerToPeerSource)])];
  return [para(w.line('p2p.askIfOffered'))];
}

const checkbox =
  (w: Writer) =>
  (criterion: string): Line =>
    w.line('p2p.criterion', { criterion });

/** The chart documents this drug and reason call for (the checklist's own text items). */
function chartEvidence(w: Writer): string[] {
  return w.appeal.checklist.flatMap((item) => (item.kind === 'text' ? [item.text] : []));
}

/** FDA-approved uses and label limits, the guideline to cite, each with its source. */
function facts(w: Writer): Block[] {
  const drug = w.appeal.drug;
  const heading: Block = { kind: 'heading', content: w.line('p2p.factsHeading') };
  if (!drug) return [heading, para(w.line('p2p.noFacts'))];
  const items: Line[] = [
    ...drug.approvedUses.map((use) => w.line('p2p.approvedUse', { text: [...plain(use.text), ...w.note(use.source)] })),
    ...drug.labelLimits.map((limit) =>
      w.line('p2p.labelLimit', { text: [...plain(limit.text), ...w.note(limit.source)] }),
    ),
    ...(drug.statusNote ? [[...plain(drug.statusNote.text), ...w.note(drug.statusNote.source)]] : []),
    // The guideline's source is its own citation, so it is named in full rather than as a note.
    w.line('p2p.guideline', { source: drug.guidelineSource }),
  ];
  return [heading, { kind: 'bullets', items }];
}

function questions(w: Writer): Line[] {
  const keys = ['specialty', 'criteria', 'unmet', 'approveNow', 'inWriting'];
  if (w.appeal.answers.urgent) keys.push('urgent');
  return keys.map((key) => w.line(`p2p.ask.${key}`));
}

/** The filing deadline still open, so an upheld denial goes straight to a written appeal in time. */
function upheld(w: Writer): Line[] {
  const filing = w.appeal.deadlines.find((d) => d.kind === 'you-file' && d.daysLeft >= 0);
  const lines = [w.line('p2p.upheld.writtenDecision')];
  lines.push(
    filing
      ? w.line('p2p.upheld.appealBy', {
          date: w.date(filing.due),
          label: voicedTranslator(w.t, 'care-team')(`appeal.deadline.${filing.id}`),
          citation: filing.citation,
        })
      : w.line('p2p.upheld.appealNoDate'),
  );
  lines.push(w.line('p2p.upheld.useNotes'));
  if (w.appeal.answers.urgent) lines.push(w.line('p2p.upheld.expedited'));
  return lines;
}
