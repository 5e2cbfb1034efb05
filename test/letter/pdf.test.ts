import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppealAnswers } from '../../src/flows/appeal/domain/appeal-case.js';
import type { LetterDetails } from '../../src/flows/appeal/letter/details.js';
import { composeLetter, type LetterAuthor } from '../../src/flows/appeal/letter/index.js';
import { HOSTILE } from './hostile.js';
import { caseOf, docxText, everyDetail, letterFiles, t, TODAY } from './support.js';

/**
 * The PDF is built from the same model as the .docx; reading both back (pdftotext,
 * mammoth) must give the same words in the same order. The PDF adds only the page
 * footers, the footnotes and a repeated table header.
 */
const inCi = process.env.CI === 'true';
const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
if (!hasPdftotext && !inCi)
  console.warn('letter/pdf: skipped, pdftotext is missing (apt-get install -y poppler-utils)');

const dir = mkdtempSync(join(tmpdir(), 'overturn-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdfTool(tool: string, bytes: Uint8Array, name: string, args: string[] = []): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const run = spawnSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** Words as letters only: footnote marks, punctuation and hyphenation at line ends do not count. */
const words = (text: string) =>
  text
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}]/gu, ''))
    .filter(Boolean);

interface Case {
  name: string;
  answers: Partial<AppealAnswers>;
  author: LetterAuthor;
  details?: LetterDetails;
}

const cases: Case[] = [
  { name: 'seed-blank', answers: {}, author: 'patient' },
  { name: 'seed-filled', answers: {}, author: 'patient', details: everyDetail },
  {
    name: 'ql-care-team',
    answers: { reasonId: 'quantity-limit', urgent: true },
    author: 'care-team',
    details: everyDetail,
  },
  {
    name: 'hostile',
    answers: { insurerId: undefined, insurerText: HOSTILE.xml, drugId: undefined, drugText: HOSTILE.template },
    author: 'patient',
    details: { patientName: 'Zoë Ñúñez-Øberg Иван Παπαδόπουλος', memberId: HOSTILE.cdata },
  },
];

describe.skipIf(!hasPdftotext && !inCi)('the PDF beside the .docx', () => {
  it.each(cases)('$name: same words in the same order as the .docx, plus footers and sources', async (c) => {
    const files = await letterFiles(c.answers, c.author, c.details);
    expect(files.pdf.fileName).toBe(files.docx.fileName.replace(/\.docx$/, '.pdf'));
    expect(files.pdf.mimeType).toBe('application/pdf');
    expect(Buffer.from(files.pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');

    // -raw: the order the text was drawn in (each row's label, then its value; a table row by row).
    const pdf = pdfTool('pdftotext', files.pdf.bytes, c.name, ['-raw', '-enc', 'UTF-8']);
    const docx = await docxText(files.docx.bytes);
    const inPdf = words(pdf);
    const inDocx = words(docx);
    let at = 0;
    const missing: string[] = [];
    for (const word of inDocx) {
      const found = inPdf.indexOf(word, at);
      if (found < 0) missing.push(word);
      else at = found + 1;
    }
    expect(missing).toEqual([]);

    // What the PDF has beyond the .docx body: only footer, source-note and table-header words.
    const model = composeLetter({ appeal: caseOf(c.answers), author: c.author, t, today: TODAY, details: c.details });
    const footers = model.sections.map((s) => s.footer.map((seg) => ('text' in seg ? seg.text : '')).join(' '));
    const headers = model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'table' ? b.header : [])));
    const allowed = new Set(words([...footers, ...headers, ...model.notes, 'Page of'].join(' ')));
    const left = new Map<string, number>();
    for (const word of inPdf) left.set(word, (left.get(word) ?? 0) + 1);
    for (const word of inDocx) left.set(word, (left.get(word) ?? 0) - 1);
    const extra = [...left].filter(([word, n]) => n > 0 && !allowed.has(word)).map(([word]) => word);
    expect(extra).toEqual([]);

    // Every source is printed, and every page says "Page X of Y" with the real count.
    for (const note of model.notes) expect(words(pdf).join(' ')).toContain(words(note).join(' '));
    const pages = Number(/Pages:\s+(\d+)/.exec(pdfTool('pdfinfo', files.pdf.bytes, `${c.name}-info`))![1]);
    for (let page = 1; page <= pages; page += 1) expect(pdf).toContain(`Page ${page} of ${pages}`);
  });

  it.each(Object.keys(HOSTILE))('a %s name still gives a readable PDF', async (kind) => {
    const text = HOSTILE[kind]!;
    const files = await letterFiles(
      { insurerId: undefined, insurerText: text, drugId: undefined, drugText: text },
      'patient',
      { patientName: text, triedWhy: text },
    );
    expect(pdfTool('pdftotext', files.pdf.bytes, `hostile-${kind}`)).toContain('Dear Appeals Reviewer:');
  });

  it('the title in the file properties names no one', async () => {
    const files = await letterFiles({}, 'patient', everyDetail);
    const info = pdfTool('pdfinfo', files.pdf.bytes, 'info');
    expect(info).toMatch(/Title:\s+Draft appeal letter/);
    expect(info).not.toContain('Rivera');
  });
});
