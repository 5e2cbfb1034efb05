/**
 * The letter as plain values, before any .docx exists: what the composer
 * produces and the renderer draws. Keeping it plain lets tests read the words
 * without unpacking a file, and keeps the .docx code free of appeal logic.
 */

/** A run of text: plain, bold, a blank the user fills in, a page field or a source note. */
export type Seg =
  | { kind: 'text'; text: string; bold?: boolean }
  | { kind: 'blank'; text: string }
  | { kind: 'field'; field: 'page' | 'pages' }
  | { kind: 'note'; id: number };

export type Line = Seg[];

export type Block =
  | { kind: 'heading'; content: Line }
  /** A paragraph; `keepNext` holds it on the page of the block after it. */
  | { kind: 'paragraph'; content: Line; keepNext?: boolean }
  /** Short lines kept together without space between them (addresses, signatures). */
  | { kind: 'lines'; lines: Line[] }
  /** The sign-off and signature lines, never split across pages (an empty line is a gap). */
  | { kind: 'signature'; signoff: Line; lines: Line[] }
  | { kind: 'bullets'; items: Line[] }
  /** Label/value pairs such as the RE block. */
  | { kind: 'fields'; rows: Array<{ label: string; value: Line }> }
  /** A table with a header row; `widths` are fractions of the text width. */
  | { kind: 'table'; header: string[]; rows: Line[][]; widths: number[] };

export interface LetterSection {
  blocks: Block[];
  footer: Line;
}

export interface LetterModel {
  /** Document title for the file's properties (no health information). */
  title: string;
  /** The letter itself, then the notes page for the user. */
  sections: LetterSection[];
  /** Source notes, numbered from 1 in order. */
  notes: string[];
}

export function segText(seg: Seg): string {
  switch (seg.kind) {
    case 'text':
      return seg.text;
    case 'blank':
      return `[${seg.text}]`;
    case 'field':
      return '#';
    case 'note':
      return `[${seg.id}]`;
  }
}

export function lineText(line: Line): string {
  return line.map(segText).join('');
}

/** The whole letter as plain text, one paragraph or table row per line. */
export function letterText(model: LetterModel): string {
  const out: string[] = [];
  for (const section of model.sections) {
    for (const block of section.blocks) {
      switch (block.kind) {
        case 'heading':
        case 'paragraph':
          out.push(lineText(block.content));
          break;
        case 'lines':
          out.push(...block.lines.map(lineText));
          break;
        case 'signature':
          out.push(lineText(block.signoff), ...block.lines.filter((line) => line.length > 0).map(lineText));
          break;
        case 'bullets':
          out.push(...block.items.map((item) => `- ${lineText(item)}`));
          break;
        case 'fields':
          out.push(...block.rows.map((row) => `${row.label} ${lineText(row.value)}`));
          break;
        case 'table':
          out.push(block.header.join(' | '), ...block.rows.map((row) => row.map(lineText).join(' | ')));
          break;
      }
    }
    out.push(lineText(section.footer));
  }
  out.push(...model.notes.map((note, i) => `[${i + 1}] ${note}`));
  return out.join('\n');
}
