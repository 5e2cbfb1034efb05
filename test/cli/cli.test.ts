import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/overturn.mjs');

async function overturn(args: string[], stdin?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const child = run(process.execPath, [BIN, ...args], { env: { ...process.env, TZ: 'America/Los_Angeles' } });
  if (stdin !== undefined) {
    child.child.stdin!.end(stdin);
  }
  try {
    const { stdout, stderr } = await child;
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const SEEDS: Array<[string, string, string, string[]]> = [
  ['cigna', 'ocrevus', 'medical-necessity', ['MS diagnosis and subtype', 'MRI reports']],
  ['cigna', 'ocrevus', 'quantity-limit', ['Infusion records', 'Billing and coding check']],
  ['Blue Cross Blue Shield', 'ocrevus', 'medical-necessity', ['MS diagnosis and subtype']],
  ['cigna', 'saphnelo', 'medical-necessity', ['SLEDAI']],
  ['cigna', 'roctavian', 'medical-necessity', ['factor VIII activity', 'Annualized bleed rate']],
];

describe('overturn draft --json', () => {
  for (const [insurer, drug, reason, docs] of SEEDS) {
    it(`${drug} / ${insurer} / ${reason}`, async () => {
      const { stdout, code } = await overturn([
        'draft',
        '--insurer',
        insurer,
        '--drug',
        drug,
        '--reason',
        reason,
        '--plan',
        'employer',
        '--denial-date',
        '2026-03-03',
        '--today',
        '2026-04-01',
        '--json',
      ]);
      expect(code).toBe(0);
      const out = JSON.parse(stdout);
      expect(out.drug.id).toBe(drug);
      expect(out.reason.id).toBe(reason);
      expect(out.plan).toMatchObject({ id: 'employer', name: 'Employer plan (insured)' });
      expect(out.deadlines).toEqual([
        {
          id: 'send-by:file-internal-appeal',
          label: expect.stringMatching(/^Send it by/),
          due: '2026-08-21',
          daysLeft: 142,
          citation: '29 CFR 2560.503-1(h)(3)(i)',
        },
        {
          id: 'file-internal-appeal',
          label: 'File your internal appeal with the plan',
          due: '2026-08-30',
          daysLeft: 151,
          citation: '29 CFR 2560.503-1(h)(3)(i)',
        },
        {
          id: 'plan-decides-pre-service',
          label: expect.stringMatching(/within 30 days/),
          due: '2026-05-01',
          daysLeft: 30,
          citation: '29 CFR 2560.503-1(i)(2)(ii)',
        },
      ]);
      for (const doc of docs) expect(out.documents.join('\n')).toContain(doc);
      expect(Array.isArray(out.warnings)).toBe(true);
    });
  }

  it('accepts free text for plan and reason, and --urgent and --stage', async () => {
    const { stdout } = await overturn([
      'draft',
      '--insurer',
      'UHC',
      '--drug',
      'ocrelizumab',
      '--reason',
      'they said the dose is too high',
      '--plan',
      'medicare advantage',
      '--denial-date',
      '2026-03-03',
      '--urgent',
      '--today',
      '2026-04-01',
      '--json',
    ]);
    const out = JSON.parse(stdout);
    expect(out.insurer.id).toBe('unitedhealthcare');
    expect(out.reason.id).toBe('quantity-limit');
    expect(out.deadlines.map((d: { id: string; due: string }) => `${d.id} ${d.due}`)).toEqual([
      'send-by:file-reconsideration 2026-04-30',
      'file-reconsideration 2026-05-07',
      'plan-decides-expedited 2026-04-04',
    ]);
    const next = await overturn([
      'draft',
      '--insurer',
      'cigna',
      '--drug',
      'ocrevus',
      '--reason',
      'medical-necessity',
      '--plan',
      'employer-self-funded',
      '--stage',
      'appeal-denied',
      '--denial-date',
      '2026-03-03',
      '--today',
      '2026-04-01',
      '--json',
    ]);
    expect(JSON.parse(next.stdout).deadlines.map((d: { id: string }) => d.id)).toContain(
      'request-external-review-federal',
    );
  });

  it('refuses unclear input with a usage message and exit code 2', async () => {
    const future = await overturn([
      'draft',
      '--insurer',
      'cigna',
      '--drug',
      'ocrevus',
      '--reason',
      'medical-necessity',
      '--plan',
      'employer',
      '--denial-date',
      '2026-05-01',
      '--today',
      '2026-04-01',
    ]);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/after today/);
    const missing = await overturn(['draft', '--insurer', 'cigna']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--drug is required/);
  });
});

describe('overturn chat through stdin', () => {
  it('plain lines in, plain text out, and the letter written to the chosen folder', async () => {
    const out = await mkdtemp(join(tmpdir(), 'overturn-cli-'));
    const lines = ['cigna', 'ocrevus', 'not medically necessary', '1', 'first', '2026-03-03', 'no', 'patient', ''].join(
      '\n',
    );
    const { stdout, code } = await overturn(['chat', '--today', '2026-04-01', '--out', out], lines);
    expect(code).toBe(0);
    expect(stdout).toMatch(/I'm not a lawyer or a doctor/);
    expect(stdout).toMatch(/Insurer: Cigna Healthcare\./);
    expect(stdout).toMatch(/Plan type: Employer plan \(insured\)\./);
    expect(stdout).toMatch(/Sunday, August 30, 2026 \(151 days left\)\n\s+Rule: 29 CFR 2560\.503-1\(h\)\(3\)\(i\)/);
    expect(stdout).toMatch(/Saved: .*appeal-ocrevus-cigna-2026-03-03\.docx/);
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(await readdir(out)).toEqual(['appeal-ocrevus-cigna-2026-03-03.docx']);
  });
});
