import {
  AlignmentType,
  Document,
  FootnoteReferenceRun,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import type { Block, LetterModel, LetterSection, Line, Seg } from './model.js';
import { xmlSafe } from './sanitize.js';
import { coreProperties, stampZipDates } from './stable-zip.js';

/** One font throughout (Word has it; LibreOffice uses the metric-compatible Liberation Sans). */
const FONT = 'Arial';
/** US Letter with one-inch margins, in twentieths of a point. */
const PAGE = { width: 12240, height: 15840, margin: 1440 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Wide enough for the longest label ("Claim or reference number:") in bold 11 pt Arial or a wider fallback font such as DejaVu Sans. */
export const LABEL_TAB = 3960;
const AFTER = 160;
const HEADER_FILL = 'D9E2F3';

function run(seg: Seg, bold = false): ParagraphChild {
  switch (seg.kind) {
    case 'text':
      return new TextRun({ text: xmlSafe(seg.text), bold: bold || seg.bold || undefined });
    case 'blank':
      // Bracketed and highlighted, so every blank is easy to find and impossible to miss when printed.
      return new TextRun({ text: `[${xmlSafe(seg.text)}]`, highlight: 'yellow', bold: bold || undefined });
    case 'field':
      return new TextRun({ children: [seg.field === 'page' ? PageNumber.CURRENT : PageNumber.TOTAL_PAGES] });
    case 'note':
      return new FootnoteReferenceRun(seg.id);
  }
}

function runs(line: Line, bold = false): ParagraphChild[] {
  return line.map((seg) => run(seg, bold));
}

function cell(line: Line, width: number, header: boolean): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 100, right: 100 },
    ...(header ? { shading: { type: ShadingType.CLEAR, fill: HEADER_FILL, color: 'auto' } } : {}),
    children: [new Paragraph({ children: runs(line, header), spacing: { after: 0 } })],
  });
}

function table(block: Extract<Block, { kind: 'table' }>): Table {
  const widths = block.widths.map((f) => Math.round(f * TEXT_WIDTH));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: block.header.map((text, i) => cell([{ kind: 'text', text }], widths[i] ?? 0, true)),
  });
  const rows = block.rows.map(
    (row) => new TableRow({ cantSplit: true, children: row.map((line, i) => cell(line, widths[i] ?? 0, false)) }),
  );
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [header, ...rows] });
}

/** Short lines (an address, a signature) as separate paragraphs held together on one page. */
function lines(all: Line[]): Paragraph[] {
  return all.map(
    (line, i) =>
      new Paragraph({
        children: runs(line),
        spacing: { after: i === all.length - 1 ? AFTER * 1.5 : 0 },
        keepNext: i < all.length - 1,
        keepLines: true,
      }),
  );
}

/** Sign-off and signature lines, each held to the next so the block never splits across pages. */
function signature(block: Extract<Block, { kind: 'signature' }>): Paragraph[] {
  const all = [block.signoff, ...block.lines];
  return all.map(
    (line, i) =>
      new Paragraph({
        children: runs(line),
        spacing: { after: i === 0 ? AFTER * 2 : i === all.length - 1 ? AFTER * 1.5 : 0 },
        keepNext: i < all.length - 1,
        keepLines: true,
      }),
  );
}

function render(block: Block): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(block.content) })];
    case 'paragraph':
      return [new Paragraph({ children: runs(block.content), keepNext: block.keepNext })];
    case 'lines':
      return lines(block.lines);
    case 'signature':
      return signature(block);
    case 'bullets':
      return block.items.map(
        (item) =>
          new Paragraph({ children: runs(item), bullet: { level: 0 }, spacing: { after: AFTER / 2 }, keepLines: true }),
      );
    case 'fields':
      return block.rows.map(
        (row, i) =>
          new Paragraph({
            children: [
              new TextRun({ text: xmlSafe(row.label), bold: true }),
              new TextRun({ children: [new Tab()] }),
              ...runs(row.value),
            ],
            tabStops: [{ type: TabStopType.LEFT, position: LABEL_TAB }],
            indent: { left: LABEL_TAB, hanging: LABEL_TAB },
            spacing: { after: i === block.rows.length - 1 ? AFTER * 1.5 : 0 },
            keepNext: true,
          }),
      );
    case 'table':
      return [table(block)];
  }
}

function section(part: LetterSection): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height },
        margin: { top: PAGE.margin, right: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin },
      },
    },
    footers: {
      default: new Footer({
        children: [new Paragraph({ children: runs(part.footer), alignment: AlignmentType.CENTER })],
      }),
    },
    children: part.blocks.flatMap(render),
  };
}

/**
 * Packs the letter model into .docx bytes: real headings, a real table with a header row, page numbers, source
 * footnotes; dated `day` (an ISO date) throughout, so the same model gives the same bytes.
 */
export async function renderDocx(model: LetterModel, day: string): Promise<Uint8Array> {
  // Title, author and dates are the core properties given to the packer below, which replace the Document's own.
  const doc = new Document({
    styles: {
      default: {
        document: { run: { font: FONT, size: 22 }, paragraph: { spacing: { after: AFTER, line: 264 } } },
        heading1: {
          run: { font: FONT, size: 24, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 280, after: 120 }, keepNext: true, keepLines: true },
        },
      },
      paragraphStyles: [
        {
          id: 'Footer',
          name: 'footer',
          basedOn: 'Normal',
          run: { font: FONT, size: 18, color: '595959' },
          paragraph: { spacing: { after: 0 } },
        },
      ],
    },
    footnotes: Object.fromEntries(
      model.notes.map((note, i) => [
        i + 1,
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: xmlSafe(note), size: 18 })], spacing: { after: 0 } }),
          ],
        },
      ]),
    ),
    sections: model.sections.map(section),
  });
  const bytes = await Packer.toBuffer(doc, undefined, [coreProperties(xmlSafe(model.title), day)]);
  return stampZipDates(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), day);
}
