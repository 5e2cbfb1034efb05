import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { Matcher } from '../../src/flows/appeal/domain/match.js';
import { describe as describeRow, evaluate, loadCorpus } from './corpus.js';

const k = loadKnowledge();

describe('the phrasing corpus', () => {
  const corpus = loadCorpus();
  const { total, byKind } = evaluate(k, corpus);

  it('has at least 300 realistic phrasings, with drugs, insurers and reasons each represented', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(byKind.drug.cases).toBeGreaterThanOrEqual(150);
    expect(byKind.insurer.cases).toBeGreaterThanOrEqual(75);
    expect(byKind.reason.cases).toBeGreaterThanOrEqual(40);
  });

  it('has at least 100 Spanish phrasings, all answered at full precision and recall', () => {
    const { byLanguage } = evaluate(k, corpus);
    expect(byLanguage.es.cases).toBeGreaterThanOrEqual(100);
    expect(byLanguage.es.failures.map(describeRow)).toEqual([]);
    expect(byLanguage.es.precision).toBe(1);
    expect(byLanguage.es.recall).toBe(1);
  });

  it('never gives a confident wrong match', () => {
    expect(total.failures.filter((r) => r.verdict === 'wrong-sure').map(describeRow)).toEqual([]);
  });

  it('answers every phrasing as expected (sure, or asking with the right suggestion)', () => {
    expect(total.failures.map(describeRow)).toEqual([]);
    expect(total.precision).toBe(1);
    expect(total.recall).toBe(1);
  });
});

describe('drug names', () => {
  it('every brand and alias is a sure match to its own drug', () => {
    const wrong: string[] = [];
    for (const d of k.drugs.values()) {
      for (const name of [d.brand, ...d.aliases]) {
        const m = k.match.drug.match(name);
        if (m.kind !== 'sure' || m.id !== d.id) wrong.push(`${name} → ${JSON.stringify(m)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every known misspelling is confirmed first, never taken as sure', () => {
    const wrong: string[] = [];
    for (const d of k.drugs.values()) {
      for (const name of d.misspellings) {
        const m = k.match.drug.match(name);
        if (m.kind !== 'guess' || !m.ids.includes(d.id)) wrong.push(`${name} → ${JSON.stringify(m)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a generic name that several brands share asks which one', () => {
    expect(k.match.drug.match('semaglutide')).toEqual({
      kind: 'guess',
      ids: expect.arrayContaining(['ozempic', 'wegovy', 'rybelsus']),
    });
    expect(k.match.drug.match('tirzepatide')).toEqual({
      kind: 'guess',
      ids: expect.arrayContaining(['mounjaro', 'zepbound']),
    });
    expect(k.match.drug.match('semaglutide (Wegovy)')).toEqual({ kind: 'sure', id: 'wegovy' });
  });

  it('a biosimilar name (generic plus a four-letter suffix) is only a guess', () => {
    expect(k.match.drug.match('adalimumab-adaz')).toEqual({ kind: 'guess', ids: ['humira'] });
    expect(k.match.drug.match('adalimumab')).toEqual({ kind: 'sure', id: 'humira' });
    expect(k.match.drug.match('anifrolumab-fnia')).toEqual({ kind: 'sure', id: 'saphnelo' });
  });

  it('two drugs in one message make the bot ask', () => {
    const m = k.match.drug.match('they switched me from Humira to Skyrizi');
    expect(m).toEqual({ kind: 'guess', ids: expect.arrayContaining(['humira', 'skyrizi']) });
  });
});

describe('insurer names', () => {
  it('every name and alias is a sure match to its own entry', () => {
    const wrong: string[] = [];
    for (const i of k.insurers.values()) {
      for (const name of [i.name, ...i.aliases, ...i.broadAliases]) {
        const m = k.match.insurer.match(name);
        if (m.kind !== 'sure' || m.id !== i.id) wrong.push(`${name} → ${JSON.stringify(m)}`);
      }
      for (const name of [...i.misspellings, ...i.vagueAliases]) {
        const m = k.match.insurer.match(name);
        if (m.kind !== 'guess' || !m.ids.includes(i.id)) wrong.push(`${name} (confirm) → ${JSON.stringify(m)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a PBM, a program or a vague word beside an insurer's name keeps the insurer", () => {
    expect(k.match.insurer.match('Cigna, through Express Scripts')).toEqual({ kind: 'sure', id: 'cigna' });
    expect(k.match.insurer.match('Humana Military TRICARE')).toEqual({ kind: 'sure', id: 'humana' });
    expect(k.match.insurer.match('UHC Medicare Advantage')).toEqual({ kind: 'sure', id: 'unitedhealthcare' });
    expect(k.match.insurer.match('BCBS of Texas')).toEqual({ kind: 'sure', id: 'bcbs-texas' });
    expect(k.match.insurer.match('Anthem Blue Cross')).toEqual({ kind: 'sure', id: 'anthem' });
  });

  it('"medicare" alone is asked about (it may be Original Medicare or a private Medicare plan)', () => {
    expect(k.match.insurer.match('medicare')).toEqual({ kind: 'guess', ids: ['original-medicare'] });
  });
});

describe('denial reasons', () => {
  it('every keyword and insurer phrase matches its reason', () => {
    const wrong: string[] = [];
    for (const r of k.reasons.values()) {
      for (const phrase of [...r.keywords, ...r.insurerWording]) {
        const m = k.match.reason.match(phrase);
        if (m.kind !== 'sure' || m.id !== r.id) wrong.push(`${phrase} → ${JSON.stringify(m)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('small word lists keep choosing the longest phrase', () => {
  it('the default matcher prefers the longer name when two entries are named', () => {
    const m = new Matcher([
      { id: 'first', names: ['first'] },
      { id: 'appeal-denied', names: ['appeal was denied'] },
    ]);
    expect(m.match('my first appeal was denied')).toEqual({ kind: 'sure', id: 'appeal-denied' });
  });
});

describe('sure matches only, for a whole story', () => {
  it('names an entry only when match would be sure, and never reaches for a fuzzy guess', () => {
    const m = new Matcher(
      [
        { id: 'ocrevus', names: ['ocrevus', 'ocrelizumab'], misspellings: ['ocrevis'] },
        { id: 'humira', names: ['humira'] },
      ],
      { whenSeveral: 'ask' },
    );
    expect(m.sure('my neurologist prescribed ocrelizumab')).toBe('ocrevus');
    expect(m.match('ocrevis')).toMatchObject({ kind: 'guess' });
    expect(m.sure('ocrevis')).toBeNull();
    expect(m.match('ocrevuss')).toMatchObject({ kind: 'guess', ids: ['ocrevus'] });
    expect(m.sure('ocrevuss')).toBeNull();
    expect(m.sure('humira and ocrevus')).toBeNull();
    expect(m.sure('')).toBeNull();
  });
});
