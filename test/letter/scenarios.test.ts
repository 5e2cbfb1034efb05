import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it, vi } from 'vitest';
import type { AppealAnswers } from '../../src/flows/appeal/domain/appeal-case.js';
import { docxParts, docxText, letterBytes, TEMPLATE_LEFTOVERS, TODAY } from './support.js';

interface Scenario {
  name: string;
  answers: Partial<AppealAnswers>;
  fileName: string;
  brand: string;
  generic: string;
  insurer: string;
  rows: string[];
}

const scenarios: Scenario[] = [
  {
    name: 'Ocrevus / Cigna / medical necessity',
    answers: {},
    fileName: 'appeal-ocrevus-cigna-2026-03-03.docx',
    brand: 'Ocrevus',
    generic: 'ocrelizumab',
    insurer: 'Cigna Healthcare',
    rows: [
      'Confirmed MS subtype',
      'Disease activity or severity',
      'Prior therapy trials',
      'Prescriber is a neurologist',
    ],
  },
  {
    name: 'Ocrevus / Cigna / quantity limit',
    answers: { reasonId: 'quantity-limit' },
    fileName: 'appeal-ocrevus-cigna-2026-03-03.docx',
    brand: 'Ocrevus',
    generic: 'ocrelizumab',
    insurer: 'Cigna Healthcare',
    rows: [
      'Labeled infusion schedule versus doses billed',
      'Infusion dates and amounts',
      'Billing and coding verified',
      'Clinical reason for any deviation',
    ],
  },
  {
    name: 'Ocrevus / BCBS / medical necessity',
    answers: { insurerId: 'bcbs' },
    fileName: 'appeal-ocrevus-bcbs-2026-03-03.docx',
    brand: 'Ocrevus',
    generic: 'ocrelizumab',
    insurer: 'Blue Cross Blue Shield',
    rows: [
      'Confirmed MS subtype',
      'Disease activity or severity',
      'Prior therapy trials',
      'Prescriber is a neurologist',
    ],
  },
  {
    name: 'Saphnelo / Cigna / medical necessity',
    answers: { drugId: 'saphnelo' },
    fileName: 'appeal-saphnelo-cigna-2026-03-03.docx',
    brand: 'Saphnelo',
    generic: 'anifrolumab-fnia',
    insurer: 'Cigna Healthcare',
    rows: [
      'Confirmed SLE diagnosis',
      'Moderate to severe disease activity',
      'Receiving or tried standard therapy',
      'Prescriber is a rheumatologist',
    ],
  },
  {
    name: 'Roctavian / Cigna / medical necessity',
    answers: { drugId: 'roctavian' },
    fileName: 'appeal-roctavian-cigna-2026-03-03.docx',
    brand: 'Roctavian',
    generic: 'valoctocogene roxaparvovec-rvox',
    insurer: 'Cigna Healthcare',
    rows: [
      'Severe hemophilia A confirmed (factor VIII activity)',
      'No AAV5 antibodies on an FDA-approved test',
      'Current factor VIII prophylaxis and bleed history',
      'Evaluated at a hemophilia treatment center',
    ],
  },
];

/** The table rows as the reader sees them: each cell is its own paragraph, in order. */
function tableRowsIn(text: string, rows: string[]): boolean {
  let at = text.indexOf('Plan or label requirement');
  if (at < 0) return false;
  for (const row of [...rows, '[Any other requirement named in the denial letter or policy]']) {
    const next = text.indexOf(
      `${row}\n\n[Chart evidence, in the chart's words]\n\n[Exhibit number, document, date]`,
      at,
    );
    if (next < 0) return false;
    at = next;
  }
  return true;
}

describe.each(scenarios)('the letter for $name (employer plan, first appeal)', (s) => {
  it.each(['patient', 'care-team'] as const)(
    'opens in a .docx reader and says what the plan needs (%s)',
    async (author) => {
      const { fileName, bytes } = await letterBytes(s.answers, author);
      expect(fileName).toBe(s.fileName);
      const text = await docxText(bytes);
      expect(text).toContain(`${s.brand} (${s.generic})`);
      expect(text).toContain(s.insurer);
      // The rule the appeal is made under, and the right to the claim file.
      expect(text).toContain('(29 U.S.C. 1133; 29 CFR 2560.503-1; 45 CFR 147.136)');
      expect(text).toContain('free of charge');
      expect(text).toContain('29 CFR 2560.503-1(h)(2)(iii)');
      // The criterion table, header first, then one row per requirement with blanks for the evidence.
      expect(text).toMatch(/Plan or label requirement\n\nChart evidence that meets it\n\nSource document and date/);
      expect(
        tableRowsIn(
          text,
          s.rows.filter((row) => !row.startsWith('Prescriber is')),
        ),
      ).toBe(true);
      // The plan's "Prescriber is a …" is stated as a fact the prescriber's letter shows.
      for (const row of s.rows.filter((r) => r.startsWith('Prescriber is')))
        expect(text).toContain(row.replace(/^Prescriber is an? /, 'Prescribed by a '));
      // Deadlines: filing within 180 days, a decision within 30 days, and the dated list for the user.
      expect(text).toContain('within the 180 days the rules allow (29 CFR 2560.503-1(h)(3)(i))');
      expect(text).toContain(
        'within 30 days of receiving this request. This time limit is set by 29 CFR 2560.503-1(i)(2)(ii).',
      );
      expect(text).toContain('Sunday, August 30, 2026');
      expect(text).toContain('Friday, May 1, 2026');
      expect(text).toMatch(/Exhibit 1: The decision letter dated March 3, 2026/);
      for (const blank of ['[Patient name]', '[Member ID]', '[Claim or reference number]', '[Date of birth]'])
        expect(text).toContain(blank);
      for (const leftover of TEMPLATE_LEFTOVERS) expect(text).not.toMatch(leftover);
    },
  );
});

describe('the .docx is a real document', () => {
  it('one font, real headings, a table with a repeating header row, page numbers, highlighted blanks', async () => {
    const parts = await docxParts((await letterBytes()).bytes);
    const all = [...parts.values()].join('\n');
    const fonts = new Set([...all.matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Arial']);
    expect(all).not.toMatch(/w:\w+Theme="/);
    const doc = parts.get('word/document.xml')!;
    expect(doc.match(/<w:pStyle w:val="Heading1"\/>/g)!.length).toBeGreaterThanOrEqual(6);
    expect(doc).toMatch(/<w:tblHeader\/>/);
    const footers = [...parts].filter(([name]) => /word\/footer\d+\.xml/.test(name)).map(([, xml]) => xml);
    expect(footers.length).toBeGreaterThan(0);
    for (const footer of footers) expect(footer).toMatch(/PAGE[\s\S]*NUMPAGES|PAGE[\s\S]*PAGES/);
    // Every bracketed run is highlighted, and every highlighted run is a bracketed blank.
    const runs = [...doc.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => m[1]!);
    const bracketed = runs.filter((r) => /<w:t[^>]*>\[/.test(r));
    expect(bracketed.length).toBeGreaterThan(20);
    for (const r of bracketed) expect(r).toContain('<w:highlight w:val="yellow"/>');
    for (const r of runs.filter((r) => r.includes('<w:highlight'))) expect(r).toMatch(/<w:t[^>]*>\[[^<]*\]<\/w:t>/);
  });

  it("dated the letter's day, not the clock's: packed at two different times, the same bytes", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-11-30T09:15:00Z'));
      const morning = (await letterBytes()).bytes;
      vi.setSystemTime(new Date('2027-01-02T23:59:59Z'));
      const later = (await letterBytes()).bytes;
      expect(Buffer.from(later).equals(Buffer.from(morning))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    const zip = await JSZip.loadAsync((await letterBytes()).bytes);
    const dates = new Set(Object.values(zip.files).map((f) => f.date.toISOString().slice(0, 10)));
    expect([...dates]).toEqual([TODAY]);
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${TODAY}T00:00:00Z</dcterms:created>`);
    expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${TODAY}T00:00:00Z</dcterms:modified>`);
    expect(core).toContain('<dc:title>');
  });

  it('cites each drug fact to its source in a footnote', async () => {
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from((await letterBytes()).bytes) });
    // The marks sit after the facts; the notes hold the sources.
    expect(html).toMatch(/in adults<sup><a href="#footnote-1"/);
    expect(html).toMatch(/<li id="footnote-1"><p>OCREVUS \(ocrelizumab\) prescribing information, Genentech/);
    expect(html).toContain(
      'AAN practice guideline "Disease-modifying therapies for adults with multiple sclerosis" (Rae-Grant et al., Neurology, 2018)',
    );
  });
});
