import { describe, expect, it } from 'vitest';
import { extractDenialFields } from '../../src/flows/appeal/denial/extract.js';
import { loadLetterSignals } from '../../src/flows/appeal/denial/signals.js';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { corpusLetters } from './corpus/letters.js';

const knowledge = loadKnowledge();
const signals = loadLetterSignals();
const TODAY = '2026-11-30';
const read = (text: string, trust?: number) => extractDenialFields(text, knowledge, signals, TODAY, trust);
const fieldOf = (r: ReturnType<typeof read>, f: keyof ReturnType<typeof read>['fields']) =>
  r.fields[f]?.id ?? r.fields[f]?.value;

describe('reading the fields of a denial letter', () => {
  const letters = corpusLetters();
  it.each([0, 10, 19, 28].map((i) => [letters[i]!.id, letters[i]!] as const))(
    '%s: every field as written',
    (_, letter) => {
      const r = read(letter.text);
      expect(r.looksLikeDenial).toBe(true);
      for (const [field, truth] of Object.entries(letter.truth)) {
        expect({ field, value: fieldOf(r, field as never) ?? '' }).toEqual({ field, value: truth });
      }
      expect(r.fields.drug?.source).toMatch(/requested|Medication/);
    },
  );

  const HEADER = `Express Scripts
Prior Authorization Department, for your plan: Cigna Healthcare
Date: 04/14/2026
Member ID: W123456789
Date of birth: 03/02/1961
Group number: 3345678
Rx BIN: 003858   PCN: A4
Request received: 04/10/2026
Prescriber NPI: 1234567890   Prescriber fax: 312-555-0101`;

  it('takes the plan a PBM writes for, not the PBM; and the notice date, not the birth or received date', () => {
    const r = read(`${HEADER}
Drug requested: Humira Pen 40 mg
We denied this request. Reason: step therapy requirements not met.
Covered alternatives you should try first: Enbrel, Cimzia.`);
    expect(fieldOf(r, 'insurer')).toBe('cigna');
    expect(fieldOf(r, 'noticeDate')).toBe('2026-04-14');
    expect(r.fields.noticeDate?.source).toBe('Date: 04/14/2026');
    expect(fieldOf(r, 'memberId')).toBe('W123456789');
    expect(fieldOf(r, 'drug')).toBe('humira');
    expect(fieldOf(r, 'reason')).toBe('step-therapy');
    expect(r.fields.claimNumber).toBeUndefined();
    expect(r.fields.appealsFax).toBeUndefined();
    // "Prescriber NPI:" and "Prescriber fax:" label numbers, not the prescriber.
    expect(r.fields.prescriber).toBeUndefined();
  });

  it("names the prescriber from a labeled line, not from a sentence about 'your doctor'", () => {
    const r = read(`${HEADER}
Prescribing provider: Dr. Miguel Santos | Phone 312-555-0199
Drug requested: Humira Pen 40 mg
Your doctor: please see the enclosed criteria.
We denied this request. Reason: step therapy requirements not met.`);
    expect(r.fields.prescriber).toMatchObject({
      value: 'Dr. Miguel Santos',
      source: 'Prescribing provider: Dr. Miguel Santos | Phone 312-555-0199',
    });
    const sentences = read(`${HEADER}
Drug requested: Humira Pen 40 mg
Your doctor prescribed Humira, and we denied this request: step therapy requirements not met.
Your doctor: please see the enclosed criteria.`);
    expect(sentences.fields.prescriber).toBeUndefined();
  });

  it('asks which drug when the letter denies two', () => {
    const r = read(
      `${HEADER}\nDrugs requested: Ozempic 1 mg and Mounjaro 5 mg\nBoth requests were denied: prior authorization required.`,
    );
    expect(r.drugChoices).toEqual(['ozempic', 'mounjaro']);
    expect(r.fields.drug).toBeUndefined();
  });

  it('ignores language-assistance taglines and the non-discrimination notice', () => {
    const r = read(`Aetna
Date: May 6, 2026
Medication requested: Skyrizi
This drug is excluded from your benefit plan.
ATENCIÓN: si habla español, servicios de asistencia lingüística de Molina Healthcare. Llame al 1-800-555-0199.
Molina Healthcare complies with applicable Federal civil rights laws.
注意：如果您使用繁體中文，您可以免費獲得語言援助服務。Molina`);
    expect(fieldOf(r, 'insurer')).toBe('aetna');
    expect(fieldOf(r, 'reason')).toBe('benefit-exclusion');
  });

  it('tells a first denial from an appeal decision, even when the first denial explains appeals', () => {
    const first = read(
      `Humana\nDate: 3/3/2026\nMedication: Repatha\nWe denied it: not medically necessary.\nYou may ask for a State Fair Hearing after our appeal decision.`,
    );
    expect(fieldOf(first, 'stage')).toBe('first');
    const upheld = read(
      `Humana\nDate: 3/3/2026\nMedication: Repatha\nWe have reviewed your appeal and we uphold our decision.`,
    );
    expect(fieldOf(upheld, 'stage')).toBe('appeal-denied');
    expect(upheld.fields.stage?.source).toBe('We have reviewed your appeal and we uphold our decision.');
  });

  it('says a text that names no plan, drug or denial is not a denial letter', () => {
    const r = read('Banana bread\n3 ripe bananas\n2 cups of flour\nBake at 350 degrees for 60 minutes.');
    expect(r.looksLikeDenial).toBe(false);
    expect(r.fields.insurer).toBeUndefined();
  });

  it('lowers every confidence for OCR text, and never takes a future date', () => {
    const letter = letters[0]!;
    const sure = read(letter.text);
    const ocr = read(letter.text, 0.6);
    expect(ocr.fields.insurer!.confidence).toBeLessThan(sure.fields.insurer!.confidence);
    expect(read('Humana\nDate: March 3, 2027\nDrug: Ozempic\nDenied.').fields.noticeDate).toBeUndefined();
  });
});
