import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppealAnswers } from '../../src/flows/appeal/domain/appeal-case.js';
import type { LetterAuthor } from '../../src/flows/appeal/letter/index.js';
import { HOSTILE } from './hostile.js';
import { buildPeerToPeerSheet } from '../../src/flows/appeal/letter/index.js';
import { caseOf, letterBytes, t, TODAY } from './support.js';

/**
 * Opens the letters in LibreOffice (Debian's libreoffice-writer), as a user
 * with LibreOffice would, and reads back the PDF it prints. Skipped only on a
 * developer machine without `soffice`; CI installs it and always runs this.
 */
const inCi = process.env.CI === 'true';
const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
const hasPdftotext = spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status === 0;
const available = hasSoffice && hasPdftotext;
if (!available && !inCi) {
  console.warn(
    'letter/libreoffice: skipped, soffice or pdftotext is missing (apt-get install -y libreoffice-writer poppler-utils); CI always runs it',
  );
}

interface Case {
  name: string;
  answers: Partial<AppealAnswers>;
  author: LetterAuthor;
  expect: string[];
}

const unknown = (text: string): Partial<AppealAnswers> => ({
  insurerId: undefined,
  insurerText: text,
  drugId: undefined,
  drugText: text,
});

const cases: Case[] = [
  {
    name: 'ocrevus-cigna-mn',
    answers: {},
    author: 'patient',
    expect: ['Ocrevus (ocrelizumab)', 'Cigna Healthcare', 'Confirmed MS subtype', 'Dear Appeals Reviewer'],
  },
  {
    name: 'ocrevus-cigna-ql',
    answers: { reasonId: 'quantity-limit' },
    author: 'care-team',
    expect: ['The amount of Ocrevus billed and the labeled schedule', 'Dear Medical Director'],
  },
  {
    name: 'ocrevus-bcbs-mn',
    answers: { insurerId: 'bcbs' },
    author: 'patient',
    expect: ['Blue Cross Blue Shield', 'Medical Policy'],
  },
  {
    name: 'saphnelo-cigna-mn',
    answers: { drugId: 'saphnelo' },
    author: 'care-team',
    expect: ['Saphnelo (anifrolumab-fnia)', 'Confirmed SLE diagnosis'],
  },
  {
    name: 'roctavian-cigna-mn',
    answers: { drugId: 'roctavian' },
    author: 'patient',
    expect: ['Roctavian (valoctocogene roxaparvovec-rvox)', 'hemophilia treatment center'],
  },
  ...Object.entries(HOSTILE).map(
    ([name, text]): Case => ({
      name: `hostile-${name}`,
      answers: unknown(text),
      author: 'patient',
      expect: ['Dear Appeals Reviewer', 'Before you send this letter'],
    }),
  ),
];

/** Peer-to-peer preparation sheets, converted with the letters. */
const sheets: Array<{ name: string; answers: Partial<AppealAnswers>; expect: string[] }> = [
  {
    name: 'p2p-ocrevus-cigna-mn',
    answers: {},
    expect: [
      'Peer-to-peer review preparation: Ocrevus (ocrelizumab)',
      'What the reviewer will check',
      'Confirmed MS subtype',
    ],
  },
  {
    name: 'p2p-roctavian-aetna-urgent',
    answers: { drugId: 'roctavian', insurerId: 'aetna', urgent: true },
    expect: ['No AAV5 antibodies', 'If the reviewer upholds the denial'],
  },
];

/** pdftotext lays text out as printed: compare with runs of spaces and line breaks folded. */
const fold = (text: string) => text.replace(/\s+/g, ' ');

describe.skipIf(!available && !inCi)('letters open in LibreOffice Writer', () => {
  let dir = '';
  const pdfText = new Map<string, string>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'overturn-letter-'));
    const files: string[] = [];
    for (const c of cases) {
      const file = join(dir, `${c.name}.docx`);
      writeFileSync(file, (await letterBytes(c.answers, c.author)).bytes);
      files.push(file);
    }
    for (const s of sheets) {
      const file = join(dir, `${s.name}.docx`);
      writeFileSync(file, (await buildPeerToPeerSheet({ appeal: caseOf(s.answers), t, today: TODAY })).bytes);
      files.push(file);
    }
    // A private profile, so a LibreOffice already running (or another test) cannot take the conversion over.
    const profile = pathToFileURL(join(dir, 'profile')).href;
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        ...files,
      ],
      { stdio: 'ignore', timeout: 240_000 },
    );
    for (const c of [...cases, ...sheets]) {
      pdfText.set(
        c.name,
        execFileSync('pdftotext', ['-layout', join(dir, `${c.name}.pdf`), '-'], { encoding: 'utf8' }),
      );
    }
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(cases)('$name converts to a PDF with the letter in it', (c) => {
    const text = fold(pdfText.get(c.name)!);
    for (const words of c.expect) expect(text).toContain(words);
    expect(
      readFileSync(join(dir, `${c.name}.pdf`))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    // Page numbers are real fields that LibreOffice fills in.
    expect(text).toMatch(/Page 1 of \d/);
  });

  it.each(sheets)('the peer-to-peer sheet $name opens, on one or two pages', (s) => {
    const raw = pdfText.get(s.name)!;
    const text = fold(raw);
    for (const words of s.expect) expect(text).toContain(words);
    // pdftotext separates printed pages with a form feed.
    const pages = raw.split('\f').filter((page) => page.trim().length > 0).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    expect(text).toMatch(/Page 1 of [12]/);
  });
});
