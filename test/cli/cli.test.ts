import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import mammoth from 'mammoth';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/overturn.mjs');

async function overturn(
  args: string[],
  stdin?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  const child = run(process.execPath, [BIN, ...args], {
    // The terminal's language is pinned, so the machine running the tests does not choose it.
    env: {
      ...process.env,
      SESSION_TTL_DAYS: '',
      TZ: 'America/Los_Angeles',
      LANG: 'C.UTF-8',
      LC_ALL: '',
      LC_MESSAGES: '',
      ...env,
    },
  });
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

  it('--ics writes the deadlines as a calendar file, with the drug in the titles only on --ics-details', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overturn-ics-'));
    const args = ['draft', '--insurer', 'cigna', '--drug', 'ocrevus', '--reason', 'medical-necessity', '--plan'];
    const common = [...args, 'employer', '--denial-date', '2026-03-03', '--today', '2026-04-01'];
    const plain = await overturn([...common, '--ics', join(dir, 'plain.ics')]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(`Calendar: ${join(dir, 'plain.ics')}`);
    const text = await readFile(join(dir, 'plain.ics'), 'utf8');
    expect([...text.matchAll(/DTSTART;VALUE=DATE:(\d+)/g)].map((m) => m[1])).toEqual([
      '20260821',
      '20260830',
      '20260501',
    ]);
    expect(text).not.toMatch(/ocrevus|cigna/i);
    const detailed = await overturn([...common, '--ics', join(dir, 'detailed.ics'), '--ics-details', '--json']);
    expect(JSON.parse(detailed.stdout).calendar).toBe(join(dir, 'detailed.ics'));
    expect(await readFile(join(dir, 'detailed.ics'), 'utf8')).toContain(
      'SUMMARY:Appeal deadline: Ocrevus (Cigna Healthcare)',
    );
  });

  it("--stage appeal-denied --out writes the next level's request; Medicare Advantage also says what to watch for", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overturn-next-'));
    const out = join(dir, 'next.docx');
    const args = ['draft', '--insurer', 'cigna', '--drug', 'ocrevus', '--reason', 'medical-necessity'];
    const ma = await overturn([
      ...args,
      '--plan',
      'medicare-advantage',
      '--stage',
      'appeal-denied',
      '--denial-date',
      '2026-03-20',
      '--today',
      '2026-04-01',
      '--out',
      out,
    ]);
    expect(ma.code).toBe(0);
    expect(ma.stdout).toMatch(/You don't need a letter for this step\./);
    expect(ma.stdout).toContain(`Saved: ${out}`);
    expect((await readdir(dir)).sort()).toEqual(['next.docx']);
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
    // Every missing option in one message, not one per run.
    expect(missing.stderr).toMatch(/^overturn: --drug, --reason, --plan, --denial-date are required\./);
  });

  // Four processes: started together, and given time on a busy machine.
  it('--help prints the usage and exits 0; an unknown command says which', { timeout: 90_000 }, async () => {
    const [draftHelp, chatHelp, help, unknown] = await Promise.all([
      overturn(['draft', '--help']),
      overturn(['chat', '-h']),
      overturn(['--help']),
      overturn(['drafts']),
    ]);
    for (const result of [draftHelp!, chatHelp!, help!]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage:\n {2}overturn chat/);
      expect(result.stderr).toBe('');
    }
    expect(unknown!.code).toBe(2);
    expect(unknown!.stderr).toMatch(/^overturn: unknown command "drafts"\. Use "chat", "draft" or "read-denial"\./);
  });

  it('an unknown drug exits 1 with a message instead of a plan without its documents', async () => {
    const { code, stdout, stderr } = await overturn([
      'draft',
      '--insurer',
      'cigna',
      '--drug',
      'xyzzy',
      '--reason',
      'medical-necessity',
      '--plan',
      'employer',
      '--denial-date',
      '2026-03-03',
      '--today',
      '2026-04-01',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--drug "xyzzy" is not a drug I know yet/);
  });
});

describe('overturn draft, plain output', () => {
  it('prints the insurer, drug, reason, plan, every deadline, the documents and the warnings (as README says)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'overturn-draft-'));
    const letter = join(out, 'letter.docx');
    const { code, stdout } = await overturn([
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
      '2026-03-03',
      '--today',
      '2026-04-01',
      '--out',
      letter,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Insurer: Cigna Healthcare\nDrug: Ocrevus \(ocrelizumab\)\nDenial reason: Not medically necessary\nPlan type: Employer plan \(insured\)\n/,
    );
    expect(stdout).toContain(
      '  2026-08-30  File your internal appeal with the plan (151 days left; 29 CFR 2560.503-1(h)(3)(i))',
    );
    expect(stdout).toMatch(/\nPlease note:\n {2}- The law counts from the day you received the letter/);
    expect(stdout).toMatch(/\nDocuments to gather:\n {2}1\. The denial letter/);
    expect(stdout).toContain('MRI reports');
    expect(stdout).toMatch(/\nNext steps:\n {2}1\. /);
    expect(stdout).toContain(`Saved: ${letter}`);
  });
});

describe('overturn chat through stdin', () => {
  it('plain lines in, plain text out, and the letter written to the chosen folder', async () => {
    const out = await mkdtemp(join(tmpdir(), 'overturn-cli-'));
    const lines = [
      'cigna',
      'ocrevus',
      'not medically necessary',
      '1',
      'first',
      '2026-03-03',
      'no',
      'patient',
      'skip',
    ].join('\n');
    const { stdout, code } = await overturn(['chat', '--today', '2026-04-01', '--out', out], lines);
    expect(code).toBe(0);
    expect(stdout).toMatch(/I'm not a lawyer or a doctor/);
    expect(stdout).toMatch(/Insurer: Cigna Healthcare\./);
    expect(stdout).toMatch(/Plan type: Employer plan \(insured\)\./);
    expect(stdout).toMatch(/Sunday, August 30, 2026 \(151 days left\)\n\s+Rule: 29 CFR 2560\.503-1\(h\)\(3\)\(i\)/);
    expect(stdout).toMatch(/Saved: .*appeal-ocrevus-cigna-2026-03-03\.docx/);
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout).toMatch(/Saved: .*appeal-deadlines\.ics/);
    expect((await readdir(out)).sort()).toEqual([
      'appeal-deadlines.ics',
      'appeal-ocrevus-cigna-2026-03-03.docx',
      'appeal-ocrevus-cigna-2026-03-03.pdf',
    ]);
  });

  it('the letter details are asked one at a time, and fill the letter', async () => {
    const out = await mkdtemp(join(tmpdir(), 'overturn-cli-'));
    const answers = [
      'Jordan Rivera',
      '',
      '',
      '',
      '',
      'U8812345601',
      ...Array(12).fill(''),
      '2',
      '1, 99',
      ...Array(3).fill(''),
    ];
    const lines = [
      'cigna',
      'ocrevus',
      'not medically necessary',
      '1',
      'first',
      '2026-03-03',
      'no',
      'patient',
      ...answers,
    ];
    const { stdout, code } = await overturn(['chat', '--today', '2026-04-01', '--out', out], `${lines.join('\n')}\n`);
    expect(code).toBe(0);
    expect(stdout).toContain("(1/23) Patient's full name");
    expect(stdout).toContain('(23/23) Why each one stopped (short)');
    expect(stdout).toMatch(/\(19\/23\) Which approved use is the patient's\?\n {2}1\. relapsing forms/);
    expect(stdout).toContain("Thanks, I've put those details in your letter.");
    const docx = join(out, 'appeal-ocrevus-cigna-2026-03-03.docx');
    const { value } = await mammoth.extractRawText({ path: docx });
    expect(value).toContain('Jordan Rivera\n');
    expect(value).toContain('Member ID: U8812345601');
    expect(value).toContain('It is one of the approved uses above: primary progressive multiple sclerosis in adults');
    expect(value).toContain('Before Ocrevus, I tried Kesimpta (ofatumumab) (');
  });
});

describe('overturn draft with details', () => {
  it('--details FILE.json, --tried and --pdf write both files with the details in', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'overturn-cli-'));
    const details = join(dir, 'details.json');
    await writeFile(details, JSON.stringify({ patientName: 'Jordan Rivera', memberId: 'U88', approvedUse: 0 }));
    const docx = join(dir, 'letter.docx');
    const pdf = join(dir, 'letter.pdf');
    const args = [
      'draft',
      '--insurer',
      'cigna',
      '--drug',
      'ocrevus',
      '--reason',
      'medical-necessity',
      '--plan',
      'employer',
    ];
    const { stdout, code } = await overturn([
      ...args,
      '--denial-date',
      '2026-03-03',
      '--today',
      '2026-04-01',
      '--details',
      details,
      '--tried',
      'kesimpta, an old pill',
      '--out',
      docx,
      '--pdf',
      pdf,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Saved: ${pdf}`);
    const { value } = await mammoth.extractRawText({ path: docx });
    expect(value).toContain('Member ID: U88');
    expect(value).toContain('Before Ocrevus, I tried Kesimpta (ofatumumab) and an old pill');
    expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');

    await writeFile(details, JSON.stringify({ memberId: 42, favouriteColour: 'blue' }));
    const bad = await overturn([...args, '--denial-date', '2026-03-03', '--details', details, '--out', docx]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--details .*: check these fields: .*memberId/);
  });

  it('keeps several cases apart in the terminal: "new case", the numbered list, "case 1"', async () => {
    const { stdout } = await overturn(
      ['chat', '--today', '2026-04-01'],
      'care team\ncigna\nocrevus\nnew case\naetna\ncases\n1\nstatus\ncase 2\nstatus\nexit\n',
    );
    expect(stdout).toMatch(/Case 2 is open/);
    expect(stdout).toMatch(
      / {2}1\. Case 1 · Ocrevus · Cigna Healthcare\n {2}2\. Case 2 · Aetna \(CVS Health\) \(now\)\n/,
    );
    expect(stdout).toMatch(/Now working on:\nCase 1 · Ocrevus[\s\S]*- insurer: Cigna Healthcare\n- drug: Ocrevus/);
    expect(stdout).toMatch(
      /Now working on:\nCase 2 · Aetna[\s\S]*- insurer: Aetna \(CVS Health\)\n- drug: not answered yet/,
    );
  });

  it('tells how long answers are kept from SESSION_TTL_DAYS, as the server does', async () => {
    expect((await overturn(['chat', '--today', '2026-04-01'], 'cigna\n')).stdout).toMatch(/kept for 30 days/);
    const week = await overturn(['chat', '--today', '2026-04-01'], 'cigna\n', { SESSION_TTL_DAYS: '7' });
    expect(week.stdout).toMatch(/kept for 7 days/);
    const wrong = await overturn(['chat'], '', { SESSION_TTL_DAYS: 'forever' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/SESSION_TTL_DAYS/);
  });
});

describe('in Spanish', () => {
  it('draft --lang es --json: labels, documents, next steps and warnings in Spanish; ids and citations unchanged', async () => {
    const args = ['draft', '--insurer', 'cigna', '--drug', 'ocrevus', '--reason', 'prior-authorization'];
    const common = [...args, '--plan', 'unknown', '--denial-date', '2026-03-03', '--today', '2026-04-01', '--json'];
    const english = JSON.parse((await overturn(common)).stdout);
    const { stdout, code } = await overturn([...common, '--lang', 'es']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.reason).toEqual({ id: 'prior-authorization', name: 'Falta la autorización previa o no fue aprobada' });
    expect(out.plan).toMatchObject({ id: 'unknown', name: 'No sé' });
    expect(out.deadlines.map((d: { id: string; citation: string; due: string }) => [d.id, d.citation, d.due])).toEqual(
      english.deadlines.map((d: { id: string; citation: string; due: string }) => [d.id, d.citation, d.due]),
    );
    expect(out.deadlines[0].label).toMatch(/^Envíela a más tardar/);
    expect(out.documents).toContain('La carta de denegación (y una nota del día en que llegó)');
    expect(out.documents).toContain(
      'El formulario de autorización previa del plan para este medicamento, llenado por el médico',
    );
    expect(out.nextSteps.join('\n')).toMatch(/Envíe la apelación por escrito/);
    expect(out.warnings.join('\n')).toMatch(/Como no se sabe el tipo de plan/);
  });

  it('draft --lang with a language it does not have exits 2 and names the ones it has', async () => {
    const { code, stderr } = await overturn(['draft', '--lang', 'xx']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--lang is one of en, es/);
  });

  it('chat follows LANG, reads Spanish answers and dates, and --lang overrides LANG', async () => {
    const out = await mkdtemp(join(tmpdir(), 'overturn-cli-es-'));
    const lines = [
      'cigna',
      'ocrevus',
      'límite de cantidad',
      'mi trabajo',
      'primera',
      '3 de marzo',
      'sí',
      'no',
      'yo',
      'omitir',
      'salir',
      '',
    ];
    const { stdout, code } = await overturn(['chat', '--today', '2026-04-01', '--out', out], lines.join('\n'), {
      LANG: 'es_US.UTF-8',
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/¡Hola! Soy Overturn/);
    expect(stdout).toMatch(/Motivo: Límite de cantidad o de dosis\./);
    expect(stdout).toMatch(/Entendí martes 3 de marzo de 2026/);
    expect(stdout).toMatch(
      /domingo 30 de agosto de 2026 \(Quedan 151 días\)\n\s+Regla: 29 CFR 2560\.503-1\(h\)\(3\)\(i\)/,
    );
    expect(stdout).toMatch(/La carta está en inglés/);
    expect(stdout).toMatch(/Guardado: .*appeal-ocrevus-cigna-2026-03-03\.docx/);
    expect(stdout).toMatch(/Adiós\./);
    const english = await overturn(['chat', '--today', '2026-04-01', '--lang', 'en'], 'cigna\n', {
      LANG: 'es_US.UTF-8',
    });
    expect(english.stdout).toMatch(/Hi! I'm Overturn/);
  });
});
