import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { type Block, type LetterModel, type LetterSection, type Line, letterText, type Seg } from './model.js';
import { xmlSafe } from './sanitize.js';

/**
 * The same letter model as a PDF, for people without Word and for fax
 * services, laid out here on pdfkit (no LibreOffice at run time): wrapped
 * paragraphs, the RE block, the criteria table with its header repeated on a
 * new page, blanks highlighted, source footnotes at the foot of the page that
 * cites them, headings and signatures never left alone, "Page X of Y".
 *
 * Fonts: the PDF standard Helvetica when every character fits its encoding
 * (fast, nothing embedded); otherwise DejaVu Sans from the `dejavu-fonts-ttf`
 * package, embedded, so any name the user typed prints.
 */

const require = createRequire(import.meta.url);

/** US Letter, one-inch margins, in points. */
const PAGE = { width: 612, height: 792, margin: 72 };
const WIDTH = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin;
const SIZE = 10.5;
const LEADING = 1.3;
const HEADING_SIZE = 12;
const NOTE_SIZE = 8.5;
const FOOTER_SIZE = 9;
const AFTER = 8;
/** The RE block's label column (as the .docx: 3960 twips). */
const LABEL_WIDTH = 198;
const BULLET_INDENT = 18;
const CELL_PAD = 4;
const COLORS = { text: '#000000', heading: '#1F3864', footer: '#595959', blank: '#FFFF00', header: '#D9E2F3' };

/** Characters the standard fonts' encoding (WinAnsi) can show. */
const WIN_ANSI =
  /^[\n\u0020-\u007E\u00A0-\u00FF\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178]*$/;

interface Fonts {
  regular: string;
  bold: string;
}

let dejaVu: { regular: Buffer; bold: Buffer } | undefined;

function embeddedFonts(): { regular: Buffer; bold: Buffer } {
  dejaVu ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return dejaVu;
}

/** A styled run within a line, already cleaned for the document. */
interface Run {
  text: string;
  bold: boolean;
  blank: boolean;
  /** A footnote mark (drawn raised and small). */
  note?: number;
}

/** A measured piece of a laid-out line. */
interface Piece extends Run {
  x: number;
  width: number;
}

interface TextLine {
  pieces: Piece[];
  width: number;
  notes: number[];
}

function runsOf(line: Line, bold: boolean, page?: { page: number; pages: number }): Run[] {
  return line.map((seg) => runOf(seg, bold, page));
}

function runOf(seg: Seg, bold: boolean, page?: { page: number; pages: number }): Run {
  switch (seg.kind) {
    case 'text':
      return { text: xmlSafe(seg.text), bold: bold || Boolean(seg.bold), blank: false };
    case 'blank':
      return { text: `[${xmlSafe(seg.text)}]`, bold, blank: true };
    case 'field':
      return { text: page ? String(seg.field === 'page' ? page.page : page.pages) : '#', bold, blank: false };
    case 'note':
      return { text: String(seg.id), bold: false, blank: false, note: seg.id };
  }
}

class Layout {
  readonly doc: PDFKit.PDFDocument;
  private y = PAGE.margin;
  /** Footnotes placed on the current page, and the room they take at its foot. */
  private pageNotes: number[] = [];
  private notesHeight = 0;
  /** Which section each page belongs to (its footer). */
  readonly pageSections: number[] = [0];
  private section = 0;

  constructor(
    private readonly fonts: Fonts,
    private readonly notes: string[],
    info: PDFKit.DocumentInfo,
  ) {
    this.doc = new PDFDocument({ size: 'LETTER', margin: 0, bufferPages: true, autoFirstPage: true, info });
  }

  // ── measuring and wrapping ───────────────────────────────────────────────

  private font(run: { bold: boolean }, size: number): void {
    this.doc.font(run.bold ? this.fonts.bold : this.fonts.regular).fontSize(size);
  }

  /** Widths by font, size and text: letters repeat the same words many times. */
  private readonly widths = new Map<string, number>();

  private measure(text: string, bold: boolean, size: number): number {
    const key = `${bold ? 'b' : 'r'}${size}|${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      this.font({ bold }, size);
      width = this.doc.widthOfString(text);
      this.widths.set(key, width);
    }
    return width;
  }

  /** Greedy wrap at spaces; a word wider than the line is cut by characters. */
  wrap(runs: Run[], width: number, size: number): TextLine[] {
    const lines: TextLine[] = [];
    let current: TextLine = { pieces: [], width: 0, notes: [] };
    const noteSize = size * 0.65;
    const push = (piece: Omit<Piece, 'x'>) => {
      const last = current.pieces.at(-1);
      if (last && last.bold === piece.bold && last.blank === piece.blank && !last.note && !piece.note) {
        last.text += piece.text;
        last.width += piece.width;
      } else current.pieces.push({ ...piece, x: current.width });
      current.width += piece.width;
      if (piece.note) current.notes.push(piece.note);
    };
    const breakLine = () => {
      const last = current.pieces.at(-1);
      // A space at the end of a line takes no room.
      if (last?.text.endsWith(' ')) {
        const trimmed = last.text.trimEnd();
        const cut = last.width - this.measure(trimmed, last.bold, size);
        last.text = trimmed;
        last.width -= cut;
        current.width -= cut;
      }
      lines.push(current);
      current = { pieces: [], width: 0, notes: [] };
    };
    for (const run of runs) {
      if (run.note) {
        push({ ...run, width: this.measure(run.text, false, noteSize) });
        continue;
      }
      for (const word of run.text.split(/(?<= )/)) {
        if (!word) continue;
        if (word === ' ' && current.pieces.length === 0) continue;
        const wordWidth = this.measure(word, run.bold, size);
        const visible = word.endsWith(' ') ? wordWidth - this.measure(' ', run.bold, size) : wordWidth;
        if (current.width + visible > width && current.pieces.length > 0) breakLine();
        if (visible > width) {
          // No space to break at (a very long name): cut it by characters.
          let part = '';
          for (const char of Array.from(word)) {
            if (this.measure(part + char, run.bold, size) > width - current.width && part) {
              push({ ...run, text: part, width: this.measure(part, run.bold, size) });
              breakLine();
              part = '';
            }
            part += char;
          }
          push({ ...run, text: part, width: this.measure(part, run.bold, size) });
          continue;
        }
        push({ ...run, text: word, width: wordWidth });
      }
    }
    if (current.pieces.length > 0 || lines.length === 0) breakLine();
    return lines;
  }

  lineHeight(size = SIZE): number {
    return size * LEADING;
  }

  // ── pages and footnotes ──────────────────────────────────────────────────

  private bottom(): number {
    return BOTTOM - this.notesHeight;
  }

  private noteLines(id: number): TextLine[] {
    const runs: Run[] = [
      { text: String(id), bold: false, blank: false, note: id },
      ...runsOf([{ kind: 'text', text: ` ${this.notes[id - 1] ?? ''}` }], false),
    ];
    return this.wrap(runs, WIDTH, NOTE_SIZE);
  }

  /** Room the footnotes of these marks add at the foot of this page (with the separator for the first). */
  private notesRoom(ids: number[]): number {
    const fresh = ids.filter((id) => !this.pageNotes.includes(id));
    if (fresh.length === 0) return 0;
    const height = fresh.reduce((h, id) => h + this.noteLines(id).length * this.lineHeight(NOTE_SIZE), 0);
    return height + (this.pageNotes.length === 0 ? 10 : 0);
  }

  /** Starts a new page when `height` (plus any footnotes it brings) does not fit. */
  need(height: number, notes: number[] = []): void {
    if (this.y + height + this.notesRoom(notes) > this.bottom() && this.y > PAGE.margin) this.newPage();
  }

  newPage(section = this.section): void {
    this.drawNotes();
    this.doc.addPage({ size: 'LETTER', margin: 0 });
    this.section = section;
    this.pageSections.push(section);
    this.y = PAGE.margin;
  }

  private drawNotes(): void {
    if (this.pageNotes.length === 0) return;
    let y = BOTTOM - this.notesHeight + 4;
    this.doc
      .moveTo(PAGE.margin, y)
      .lineTo(PAGE.margin + 144, y)
      .lineWidth(0.5)
      .strokeColor(COLORS.text)
      .stroke();
    y += 6;
    for (const id of this.pageNotes) {
      for (const line of this.noteLines(id)) {
        this.drawLine(line, PAGE.margin, y, NOTE_SIZE, COLORS.text);
        y += this.lineHeight(NOTE_SIZE);
      }
    }
    this.pageNotes = [];
    this.notesHeight = 0;
  }

  private placeNotes(ids: number[]): void {
    const room = this.notesRoom(ids);
    for (const id of ids) if (!this.pageNotes.includes(id)) this.pageNotes.push(id);
    this.notesHeight += room;
  }

  finish(): void {
    this.drawNotes();
  }

  // ── drawing ──────────────────────────────────────────────────────────────

  drawLine(line: TextLine, x: number, y: number, size: number, color: string): void {
    for (const piece of line.pieces) {
      const noteSize = size * 0.65;
      if (piece.blank) {
        this.doc.rect(x + piece.x, y - 1, piece.width, size * 1.2).fill(COLORS.blank);
      }
      this.font(piece, piece.note ? noteSize : size);
      this.doc.fillColor(color).text(piece.text, x + piece.x, piece.note ? y - size * 0.05 : y, { lineBreak: false });
    }
  }

  /** Wrapped lines of one paragraph, moving to a new page between lines as needed. */
  paragraph(lines: TextLine[], x: number, size = SIZE, color = COLORS.text): void {
    for (const line of lines) {
      this.need(this.lineHeight(size), line.notes);
      this.placeNotes(line.notes);
      this.drawLine(line, x, this.y, size, color);
      this.y += this.lineHeight(size);
    }
  }

  gap(points: number): void {
    this.y += points;
  }

  get cursor(): number {
    return this.y;
  }

  set cursor(y: number) {
    this.y = y;
  }
}

// ── blocks ─────────────────────────────────────────────────────────────────

function heading(l: Layout, block: Extract<Block, { kind: 'heading' }>, next: number): void {
  const lines = l.wrap(runsOf(block.content, true), WIDTH, HEADING_SIZE);
  l.gap(6);
  // A heading stays with the start of what follows it.
  l.need(lines.length * l.lineHeight(HEADING_SIZE) + next);
  l.paragraph(lines, PAGE.margin, HEADING_SIZE, COLORS.heading);
  l.gap(4);
}

/** Lines kept on one page (an address, a signature); an empty line is a small gap. */
function together(l: Layout, lines: Line[]): void {
  const wrapped = lines.map((line) => (line.length === 0 ? null : l.wrap(runsOf(line, false), WIDTH, SIZE)));
  const height = wrapped.reduce((h, w) => h + (w ? w.length * l.lineHeight() : AFTER), 0);
  l.need(height);
  for (const w of wrapped) {
    if (w) l.paragraph(w, PAGE.margin);
    else l.gap(AFTER);
  }
  l.gap(AFTER * 1.5);
}

function fields(l: Layout, block: Extract<Block, { kind: 'fields' }>): void {
  const rows = block.rows.map((row) => ({
    label: l.wrap(runsOf([{ kind: 'text', text: row.label }], true), LABEL_WIDTH - 6, SIZE),
    value: l.wrap(runsOf(row.value, false), WIDTH - LABEL_WIDTH, SIZE),
  }));
  const height = rows.reduce((h, r) => h + Math.max(r.label.length, r.value.length) * l.lineHeight(), 0);
  l.need(height);
  for (const row of rows) {
    const top = l.cursor;
    l.paragraph(row.label, PAGE.margin);
    const afterLabel = l.cursor;
    l.cursor = top;
    l.paragraph(row.value, PAGE.margin + LABEL_WIDTH);
    l.cursor = Math.max(afterLabel, l.cursor);
  }
  l.gap(AFTER * 1.5);
}

function bullets(l: Layout, block: Extract<Block, { kind: 'bullets' }>): void {
  for (const item of block.items) {
    const lines = l.wrap(runsOf(item, false), WIDTH - BULLET_INDENT, SIZE);
    l.need(
      lines.length * l.lineHeight(),
      lines.flatMap((line) => line.notes),
    );
    l.doc.font('Helvetica').fontSize(SIZE);
    l.doc.circle(PAGE.margin + 6, l.cursor + SIZE * 0.45, 1.8).fill(COLORS.text);
    l.paragraph(lines, PAGE.margin + BULLET_INDENT);
    l.gap(AFTER / 2);
  }
  l.gap(AFTER / 2);
}

function table(l: Layout, block: Extract<Block, { kind: 'table' }>): void {
  const widths = block.widths.map((f) => f * WIDTH);
  const cells = (row: Line[], bold: boolean) =>
    row.map((line, i) => l.wrap(runsOf(line, bold), (widths[i] ?? 0) - 2 * CELL_PAD, SIZE));
  const header = cells(
    block.header.map((text) => [{ kind: 'text', text }]),
    true,
  );
  const heightOf = (row: ReturnType<typeof cells>) =>
    Math.max(...row.map((lines) => lines.length)) * l.lineHeight() + 2 * CELL_PAD;
  const draw = (row: ReturnType<typeof cells>, fill?: string) => {
    const top = l.cursor;
    const height = heightOf(row);
    let x = PAGE.margin;
    row.forEach((lines, i) => {
      const w = widths[i] ?? 0;
      if (fill) l.doc.rect(x, top, w, height).fill(fill);
      l.doc.rect(x, top, w, height).lineWidth(0.5).strokeColor('#000000').stroke();
      l.cursor = top + CELL_PAD;
      l.paragraph(lines, x + CELL_PAD);
      x += w;
    });
    l.cursor = top + height;
  };
  const rows = block.rows.map((row) => cells(row, false));
  // The header never ends a page alone, and comes back at the top of a new page.
  l.need(heightOf(header) + (rows[0] ? heightOf(rows[0]) : 0));
  draw(header, COLORS.header);
  for (const row of rows) {
    const notes = row.flatMap((lines) => lines.flatMap((line) => line.notes));
    const before = l.cursor;
    l.need(heightOf(row), notes);
    if (l.cursor < before) draw(header, COLORS.header);
    draw(row);
  }
  l.gap(AFTER * 1.5);
}

/** Height of the first lines of a block, so a heading or a "keep with next" paragraph is not left alone. */
function startOf(l: Layout, block: Block | undefined): number {
  if (!block) return 0;
  if (block.kind === 'table') return 4 * l.lineHeight();
  return 2 * l.lineHeight();
}

function render(l: Layout, blocks: Block[]): void {
  for (const [i, block] of blocks.entries()) renderBlock(l, block, blocks[i + 1]);
}

function renderBlock(l: Layout, block: Block, next: Block | undefined): void {
  switch (block.kind) {
    case 'heading':
      heading(l, block, startOf(l, next));
      break;
    case 'paragraph': {
      const lines = l.wrap(runsOf(block.content, false), WIDTH, SIZE);
      if (block.keepNext) l.need(lines.length * l.lineHeight() + startOf(l, next));
      l.paragraph(lines, PAGE.margin);
      l.gap(AFTER);
      break;
    }
    case 'lines':
      together(l, block.lines);
      break;
    case 'signature':
      together(l, [block.signoff, [], ...block.lines]);
      break;
    case 'bullets':
      bullets(l, block);
      break;
    case 'fields':
      fields(l, block);
      break;
    case 'table':
      table(l, block);
      break;
  }
}

/** Every string the document will print, to choose the fonts. */
function allText(model: LetterModel): string {
  return `${model.title}\n${letterText(model)}`;
}

function footers(l: Layout, sections: LetterSection[]): void {
  const range = l.doc.bufferedPageRange();
  const pages = range.count;
  for (let i = 0; i < pages; i += 1) {
    l.doc.switchToPage(range.start + i);
    const section = sections[l.pageSections[i] ?? 0];
    if (!section) continue;
    const [line] = l.wrap(runsOf(section.footer, false, { page: i + 1, pages }), WIDTH, FOOTER_SIZE);
    if (line) l.drawLine(line, PAGE.margin + (WIDTH - line.width) / 2, BOTTOM + 24, FOOTER_SIZE, COLORS.footer);
  }
}

/** Lays the letter model out as PDF bytes: the same text, table, footnotes and "Page X of Y" as the .docx. */
export async function renderPdf(model: LetterModel, day: string): Promise<Uint8Array> {
  const standard = WIN_ANSI.test(allText(model));
  const fonts: Fonts = standard
    ? { regular: 'Helvetica', bold: 'Helvetica-Bold' }
    : { regular: 'body', bold: 'body-bold' };
  // The letter's date, not the clock: the same letter rebuilt later is the same file (the file id derives from it).
  const date = new Date(`${day}T00:00:00Z`);
  const l = new Layout(fonts, model.notes.map(xmlSafe), {
    Title: xmlSafe(model.title),
    Creator: 'Overturn',
    Producer: 'Overturn',
    CreationDate: date,
    ModDate: date,
  });
  if (!standard) {
    const files = embeddedFonts();
    l.doc.registerFont('body', files.regular);
    l.doc.registerFont('body-bold', files.bold);
  }
  const chunks: Buffer[] = [];
  l.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    l.doc.on('end', resolve);
    l.doc.on('error', reject);
  });
  model.sections.forEach((section, i) => {
    if (i > 0) l.newPage(i);
    render(l, section.blocks);
  });
  l.finish();
  footers(l, model.sections);
  l.doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
