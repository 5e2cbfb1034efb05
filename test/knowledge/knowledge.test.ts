import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKnowledge, DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';

/** A scratch copy of knowledge/ that a test may break on purpose. */
const scratch: string[] = [];
function copyKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'overturn-knowledge-'));
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  scratch.push(dir);
  return dir;
}
function edit(dir: string, file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the knowledge base', () => {
  const k = loadKnowledge();

  it('covers what the issue asks for: 25+ insurers and PBMs, 60+ drugs, 10+ denial reasons', () => {
    expect(k.insurers.size).toBeGreaterThanOrEqual(25);
    expect(k.drugs.size).toBeGreaterThanOrEqual(60);
    expect(k.reasons.size).toBeGreaterThanOrEqual(10);
    for (const id of [
      'cigna',
      'express-scripts',
      'aetna',
      'cvs-caremark',
      'unitedhealthcare',
      'optum-rx',
      'anthem',
      'carelonrx',
      'humana',
      'kaiser',
      'centene',
      'molina',
      'oscar',
      'florida-blue',
      'highmark',
      'regence',
      'premera',
      'bcbs-texas',
      'bcbs-illinois',
      'bcbs-michigan',
      'bcbs-massachusetts',
      'bcbs-north-carolina',
      'independence',
      'horizon',
      'carefirst',
      'original-medicare',
      'medicaid',
      'medi-cal',
      'tricare-program',
      'fehb-program',
    ]) {
      expect(k.insurers.has(id), id).toBe(true);
    }
    for (const id of [
      'medical-necessity',
      'quantity-limit',
      'step-therapy',
      'prior-authorization',
      'non-formulary',
      'experimental',
      'off-label',
      'site-of-care',
      'out-of-network',
      'benefit-exclusion',
    ]) {
      expect(k.reasons.has(id), id).toBe(true);
    }
    for (const id of [
      'ocrevus',
      'saphnelo',
      'roctavian',
      'wegovy',
      'mounjaro',
      'humira',
      'dupixent',
      'entresto',
      'vyvanse',
      'apretude',
      'prolastin-c',
      'hydroxyprogesterone',
    ]) {
      expect(k.drugs.has(id), id).toBe(true);
    }
  });

  it('keeps the seed drug facts', () => {
    expect(k.drugs.get('ocrevus')).toMatchObject({
      brand: 'Ocrevus',
      generic: 'ocrelizumab',
      firstApproved: '2017-03-28',
      benefit: 'medical',
    });
    expect(k.drugs.get('saphnelo')).toMatchObject({ firstApproved: '2021-07-30', benefit: 'medical' });
    expect(k.drugs.get('roctavian')).toMatchObject({ firstApproved: '2023-06-29', benefit: 'medical' });
  });

  it('gives every drug a first-approval date that is a real calendar day, and says where self-injected and oral drugs are covered', () => {
    for (const d of k.drugs.values()) {
      const day = new Date(`${d.firstApproved}T00:00:00Z`);
      expect(day.toISOString().slice(0, 10), d.id).toBe(d.firstApproved);
      expect(d.firstApproved > '1950-01-01' && d.firstApproved < '2026-01-01', d.id).toBe(true);
      if (d.route === 'oral') expect(d.benefit, d.id).toBe('pharmacy');
      if (d.route === 'infusion') expect(d.benefit, d.id).toBe('medical');
    }
  });

  it('names reasons and plan types that exist, and PBMs of kind pbm', () => {
    for (const i of k.insurers.values()) {
      for (const p of i.planTypes) expect(k.planTypes.has(p), `${i.id} → ${p}`).toBe(true);
      if (i.pbm) expect(k.insurers.get(i.pbm)?.kind, `${i.id} → ${i.pbm}`).toBe('pbm');
      if (i.parent) expect(k.insurers.has(i.parent), `${i.id} → ${i.parent}`).toBe(true);
    }
  });
});

describe("drug makers' support programs", () => {
  const k = loadKnowledge();

  it('covers most drugs, each program reachable by phone or website', () => {
    expect(k.supportPrograms.size).toBeGreaterThanOrEqual(60);
    const unreachable = [...k.supportPrograms.values()].filter((p) => !p.program.phone && !p.program.website);
    expect(unreachable.map((p) => p.drug)).toEqual([]);
  });

  it('marks a supply limited to commercially insured patients, and leaves the others open', () => {
    expect(k.supportPrograms.get('cosentyx')?.bridgeSupply?.commercialOnly).toBe(true);
    expect(k.supportPrograms.get('kesimpta')?.bridgeSupply?.commercialOnly).toBe(false);
  });

  it('gives each Spanish document list the same reasons and as many items as the English one', () => {
    const spanish = k.translations.get('es')?.drugs ?? {};
    expect(Object.keys(spanish).length).toBeGreaterThanOrEqual(150);
    const differ = Object.entries(spanish).flatMap(([id, own]) => {
      const english = k.drugs.get(id)?.documents ?? {};
      const shape = (docs: Record<string, string[] | undefined>) =>
        Object.entries(docs)
          .map(([reason, items]) => `${reason}:${items?.length ?? 0}`)
          .sort()
          .join(' ');
      return shape(english) === shape(own.documents) ? [] : [id];
    });
    expect(differ).toEqual([]);
  });

  it('says every offer in Spanish too', () => {
    const spanish = k.translations.get('es')?.supportPrograms ?? {};
    const missing = [...k.supportPrograms.values()].flatMap((p) =>
      (['bridgeSupply', 'copayHelp'] as const)
        .filter((offer) => p[offer] && !spanish[p.drug]?.[offer])
        .map((offer) => `${p.drug} ${offer}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('npm run knowledge:check refuses broken data', () => {
  it('accepts the shipped files', () => {
    expect(checkKnowledge().report.errors).toEqual([]);
  });

  it("reports a maker's supply offer without a source, and a program for a drug that is not in drugs/", () => {
    const dir = copyKnowledge();
    edit(dir, 'support-programs.yaml', (t) =>
      t
        .replace(/( {2}- drug: cosentyx[\s\S]*?bridgeSupply:[\s\S]*?\n) {6}source: .*\n/, '$1')
        .replace('  - drug: humira\n', '  - drug: no-such-drug\n'),
    );
    const errors = checkKnowledge(dir).report.errors;
    expect(errors).toContainEqual(expect.stringMatching(/support-programs\.yaml.*bridgeSupply\.source/));
    expect(errors).toContain('support-programs.yaml: unknown drug no-such-drug');
  });

  it('reports a Spanish offer the English program does not make', () => {
    const dir = copyKnowledge();
    edit(dir, 'i18n/es.yaml', (t) =>
      t.replace(
        /^ {2}humira:\n {4}copayHelp:/m,
        '  humira:\n    bridgeSupply: Un suministro que el fabricante no ofrece.\n    copayHelp:',
      ),
    );
    expect(checkKnowledge(dir).report.errors).toContain('i18n/es.yaml: humira has no bridgeSupply in English');
  });

  it('reports a fact without a source', () => {
    const dir = copyKnowledge();
    edit(dir, 'drugs/wegovy.yaml', (t) => t.replace(/^firstApprovedSource: .*$/m, 'firstApprovedSource: ""'));
    expect(checkKnowledge(dir).report.errors).toContainEqual(
      expect.stringMatching(/drugs\/wegovy\.yaml.*firstApprovedSource: every fact needs a source/),
    );
  });

  it('reports duplicate ids', () => {
    const dir = copyKnowledge();
    cpSync(join(dir, 'drugs/wegovy.yaml'), join(dir, 'drugs/wegovy-copy.yaml'));
    edit(dir, 'drugs/wegovy-copy.yaml', (t) =>
      t
        .replace(/^aliases: .*$/m, 'aliases: [another name]')
        .replace(/^misspellings: .*$/m, 'misspellings: []')
        .replace(/^brand: .*$/m, 'brand: Other'),
    );
    expect(checkKnowledge(dir).report.errors).toContain('drugs: duplicate id wegovy');
  });

  it('reports dangling references', () => {
    const dir = copyKnowledge();
    edit(dir, 'insurers.yaml', (t) =>
      t.replace(
        'pbm: express-scripts\n  planTypes: [employer, employer-self-funded, marketplace]',
        'pbm: no-such-pbm\n  planTypes: [employer, no-such-plan]',
      ),
    );
    edit(dir, 'drugs/humira.yaml', (t) => t.replace('  step-therapy:', '  no-such-reason:'));
    const errors = checkKnowledge(dir).report.errors;
    expect(errors).toContain('insurers.yaml (cigna): unknown pbm no-such-pbm');
    expect(errors).toContain('insurers.yaml (cigna): unknown plan type no-such-plan');
    expect(errors).toContain('drugs/humira: unknown reason no-such-reason');
  });

  it('reports a name shared by two drugs or two insurers', () => {
    const dir = copyKnowledge();
    edit(dir, 'drugs/zepbound.yaml', (t) => t.replace('aliases: [zepbound,', 'aliases: [mounjaro shot, zepbound,'));
    edit(dir, 'insurers.yaml', (t) => t.replace('aliases: [aetna,', 'aliases: [uhc, aetna,'));
    const errors = checkKnowledge(dir).report.errors;
    expect(errors).toContain('drugs: "mounjaro shot" is a name of both mounjaro and zepbound');
    expect(errors).toContainEqual(
      expect.stringMatching(
        /insurers: "uhc" is a name of both (aetna and unitedhealthcare|unitedhealthcare and aetna)/,
      ),
    );
  });

  it("reports a shared generic name used as one drug's alias", () => {
    const dir = copyKnowledge();
    edit(dir, 'drugs/wegovy.yaml', (t) => t.replace('aliases: [wegovy,', 'aliases: [semaglutide, wegovy,'));
    expect(checkKnowledge(dir).report.errors).toContain(
      'drugs: "semaglutide" is a generic name several drugs share, not a name of wegovy alone',
    );
  });

  it('reports an approved drug without approved uses', () => {
    const dir = copyKnowledge();
    edit(dir, 'drugs/entresto.yaml', (t) => t.replace(/^approvedUses:\n( {2}.*\n)+/m, 'approvedUses: []\n'));
    expect(checkKnowledge(dir).report.errors).toContainEqual(
      expect.stringMatching(/entresto.*approvedUses: an approved drug lists its FDA-approved uses/),
    );
  });
});
