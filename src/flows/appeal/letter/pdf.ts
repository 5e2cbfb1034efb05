import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pdfmake, { type Content, type TableCell } from 'pdfmake';
import type { Block, LetterModel, LetterSection, Line, Seg } from './model.js';
import { xmlSafe } from './sanitize.js';

/**
 * The same letter model as a PDF, for people without Word and for fax
 * services: pdfmake lays it out in-process (no LibreOffice at run time) with
 * DejaVu Sans from the `dejavu-fonts-ttf` package, which covers Latin, Greek,
 * Cyrillic and more, so any name the user typed prints.
 *
 * pdfmake has no page-bottom footnotes; the sources are numbered the same way
 * and listed at the end of the letter, under the last exhibit.
 */

const require = createRequire(import.meta.url);
const FONT = 'DejaVuSans';
/** US Letter, one-inch margins, in points. */
const PAGE_WIDTH = 612;
const MARGIN = 72;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** The RE block's label column (as the .docx: 3960 twips). */
const LABEL_WIDTH = 198;
const AFTER = 8;
const HEADER_FILL = '#D9E2F3';
const HEADING_COLOR = '#1F3864';
const FOOTER_COLOR = '#595959';

type DocDefinition = Parameters<typeof pdfmake.createPdf>[0];
/** pdfmake's in-memory file system (on the module object in Node, missing from its type definitions). */
const virtualfs = (pdfmake as unknown as { virtualfs: { writeFileSync(name: string, data: Buffer): void } }).virtualfs;

let fontsLoaded = false;

/** Fonts go into pdfmake's in-memory file system once; nothing is read from disk or the network per letter. */
function loadFonts(): void {
  if (fontsLoaded) return;
  for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf']) {
    virtualfs.writeFileSync(file, readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)));
  }
  pdfmake.setFonts({
    [FONT]: {
      normal: 'DejaVuSans.ttf',
      bold: 'DejaVuSans-Bold.ttf',
      italics: 'DejaVuSans.ttf',
      bolditalics: 'DejaVuSans-Bold.ttf',
    },
  });
  // The document never loads images or files: refuse every URL and local path.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsLoaded = true;
}

type Inline = Exclude<Content, unknown[]>;

function inline(seg: Seg, pages: { page: number; pages: number }, bold = false): Inline {
  switch (seg.kind) {
    case 'text':
      return { text: xmlSafe(seg.text), bold: bold || seg.bold || undefined };
    case 'blank':
      return { text: `[${xmlSafe(seg.text)}]`, background: 'yellow', bold: bold || undefined };
    case 'field':
      return String(seg.field === 'page' ? pages.page : pages.pages);
    case 'note':
      return { text: String(seg.id), sup: true };
  }
}

const NO_PAGES = { page: 0, pages: 0 };

function runs(line: Line, bold = false): Inline[] {
  // An empty line still needs a run so it keeps its height.
  return line.length > 0 ? line.map((seg) => inline(seg, NO_PAGES, bold)) : [' '];
}

function table(block: Extract<Block, { kind: 'table' }>): Content {
  const header: TableCell[] = block.header.map((text) => ({ text, bold: true, fillColor: HEADER_FILL }));
  const body: TableCell[][] = [header, ...block.rows.map((row) => row.map((line) => ({ text: runs(line) })))];
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: block.widths.map((f) => f * TEXT_WIDTH - 8),
      body,
    },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      paddingLeft: () => 5,
      paddingRight: () => 5,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 0, 0, AFTER * 1.5],
  };
}

function render(block: Block): Content {
  switch (block.kind) {
    case 'heading':
      return {
        text: runs(block.content),
        fontSize: 12,
        bold: true,
        color: HEADING_COLOR,
        margin: [0, 10, 0, 6],
        headlineLevel: 1,
      };
    case 'paragraph':
      return { text: runs(block.content), margin: [0, 0, 0, AFTER], ...(block.keepNext ? { headlineLevel: 2 } : {}) };
    case 'lines':
      return {
        stack: block.lines.map((line) => ({ text: runs(line) })),
        unbreakable: true,
        margin: [0, 0, 0, AFTER * 1.5],
      };
    case 'signature':
      return {
        stack: [
          { text: runs(block.signoff), margin: [0, 0, 0, AFTER * 2] },
          ...block.lines.map((line) => ({ text: runs(line) })),
        ],
        unbreakable: true,
        margin: [0, 0, 0, AFTER * 1.5],
      };
    case 'bullets':
      return {
        ul: block.items.map((item) => ({ text: runs(item), margin: [0, 0, 0, AFTER / 2] })),
        margin: [0, 0, 0, AFTER],
      };
    case 'fields':
      return {
        table: {
          widths: [LABEL_WIDTH - 4, '*'],
          dontBreakRows: true,
          body: block.rows.map((row) => [{ text: xmlSafe(row.label), bold: true }, { text: runs(row.value) }]),
        },
        layout: 'noBorders',
        margin: [-4, 0, 0, AFTER * 1.5],
      };
    case 'table':
      return table(block);
  }
}

function footer(line: Line): (page: number, pages: number) => Content {
  return (page, pages) => ({
    text: line.map((seg) => inline(seg, { page, pages })),
    alignment: 'center',
    fontSize: 9,
    color: FOOTER_COLOR,
    margin: [MARGIN, 24, MARGIN, 0],
  });
}

/** The numbered sources, where the .docx has footnotes. */
function sources(notes: string[], title: string): Content[] {
  if (notes.length === 0) return [];
  return [
    {
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 144, y2: 0, lineWidth: 0.5 }], margin: [0, 6, 0, 4] },
        { text: title, fontSize: 9, bold: true, margin: [0, 0, 0, 2] },
        ...notes.map((note, i) => ({ text: [{ text: `${i + 1} `, sup: true }, xmlSafe(note)], fontSize: 9 })),
      ],
      unbreakable: notes.length < 8,
    },
  ];
}

function section(part: LetterSection, extra: Content[]): Content {
  return { section: [...part.blocks.map(render), ...extra], footer: footer(part.footer) } as Content;
}

/** Keeps a heading (and a paragraph marked keep-with-next) on the page of what follows it. */
function keepWithNext(
  node: { headlineLevel?: number | undefined },
  queries: { getFollowingNodesOnPage(): unknown[] },
): boolean {
  return node.headlineLevel !== undefined && queries.getFollowingNodesOnPage().length === 0;
}

/** Lays the letter model out as PDF bytes: the same text, tables, numbered sources and "Page X of Y" footers. */
export async function renderPdf(model: LetterModel, sourcesTitle: string): Promise<Uint8Array> {
  loadFonts();
  const [letter, ...rest] = model.sections;
  const content: Content[] = [
    ...(letter ? [section(letter, sources(model.notes, sourcesTitle))] : []),
    ...rest.map((part) => section(part, [])),
  ];
  const doc: DocDefinition = {
    pageSize: 'LETTER',
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    info: { title: xmlSafe(model.title), creator: 'Overturn', producer: 'Overturn' },
    defaultStyle: { font: FONT, fontSize: 10.5, lineHeight: 1.15 },
    content,
    pageBreakBefore: (node, queries) => keepWithNext(node, queries),
  };
  const buffer = await pdfmake.createPdf(doc).getBuffer();
  return new Uint8Array(buffer);
}
