import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusLetters } from '../denial/corpus/letters.js';
import { textPdf } from '../denial/corpus/render.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/overturn.mjs');

async function overturn(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const letter = corpusLetters()[1]!;
let dir: string;
let pdf: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overturn-read-'));
  pdf = join(dir, 'denial.pdf');
  await writeFile(pdf, await textPdf(letter.text));
});

describe('overturn read-denial', () => {
  it('prints every field with its confidence and source line as JSON', async () => {
    const { stdout, code } = await overturn(['read-denial', pdf, '--json', '--today', '2026-11-30']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ method: 'text', pagesRead: 1 });
    expect(out.fields.insurer).toMatchObject({ id: 'aetna', source: expect.any(String) });
    expect(out.fields.drug).toMatchObject({ id: 'xtandi', source: expect.stringContaining('Xtandi') });
    expect(out.fields.reason.id).toBe('non-formulary');
    expect(out.fields.plan.id).toBe('medicare-part-d');
    expect(out.fields.noticeDate.value).toBe(letter.truth.noticeDate);
    expect(out.fields.memberId.value).toBe(letter.truth.memberId);
    expect(out.fields.claimNumber.value).toBe(letter.truth.claimNumber);
    expect(out.fields.appealsFax.value).toBe(letter.truth.appealsFax);
    for (const f of Object.values(out.fields) as Array<{ confidence: number } | null>)
      if (f) expect(f.confidence).toBeGreaterThan(0);
  }, 60_000);

  it('says kindly why a file cannot be read, with exit code 1', async () => {
    const zip = join(dir, 'letter.pdf');
    await writeFile(zip, Buffer.from('PK\u0003\u0004 not really a pdf at all, a zip archive'));
    const { stderr, code } = await overturn(['read-denial', zip]);
    expect(code).toBe(1);
    expect(stderr).toContain('zip archive, not a PDF or a photo');
    const missing = await overturn(['read-denial', join(dir, 'nope.pdf')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  }, 60_000);

  it('overturn draft --denial-letter takes the answers from the letter; options win', async () => {
    const { stdout, code } = await overturn(['draft', '--denial-letter', pdf, '--today', '2026-11-30', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({
      insurer: { id: 'aetna' },
      drug: { id: 'xtandi' },
      reason: { id: 'non-formulary' },
      plan: { id: 'medicare-part-d' },
      denialDate: letter.truth.noticeDate,
      stage: 'first',
    });
    const overridden = await overturn([
      'draft',
      '--denial-letter',
      pdf,
      '--reason',
      'step-therapy',
      '--json',
      '--today',
      '2026-11-30',
    ]);
    expect(JSON.parse(overridden.stdout).reason.id).toBe('step-therapy');
    // The letter's identifiers fill the .docx; a --details file wins over them.
    const details = join(dir, 'details.json');
    await writeFile(details, JSON.stringify({ claimNumber: 'TYPED-123' }));
    const docx = join(dir, 'letter.docx');
    const drafted = await overturn(['draft', '--denial-letter', pdf, '--details', details, '--out', docx]);
    expect(drafted.code).toBe(0);
    const text = (await mammoth.extractRawText({ path: docx })).value;
    expect(text).toContain(letter.truth.memberId);
    expect(text).toContain(letter.truth.prescriber);
    expect(text).toContain('TYPED-123');
    expect(text).not.toContain(letter.truth.claimNumber);
  }, 90_000);
});

describe('overturn chat takes a path to the letter', () => {
  it('reads the dropped file and shows what it found; only the missing question follows', async () => {
    const child = run(process.execPath, [BIN, 'chat', '--today', '2026-11-30', '--out', dir]);
    child.child.stdin!.end(`'${pdf}'\nuse these\n`);
    const { stdout } = await child;
    expect(stdout).toContain('Reading your letter…');
    expect(stdout).toContain('Here is what I found in your letter:');
    expect(stdout).toMatch(/Drug: Xtandi \(enzalutamide\) — from “.*Xtandi 40 mg capsules”/);
    expect(stdout).toContain('I filled in what your letter says.');
    expect(stdout).toMatch(/urgent|serious|health/i);
  }, 90_000);
});
