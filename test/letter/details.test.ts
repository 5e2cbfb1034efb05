import { describe, expect, it } from 'vitest';
import { composeLetter } from '../../src/flows/appeal/letter/index.js';
import type { Block, LetterModel, Line } from '../../src/flows/appeal/letter/model.js';
import { caseOf, everyDetail, modelText, t, TEMPLATE_LEFTOVERS, TODAY } from './support.js';

/** Every highlighted blank of the letter itself (not the notes page), footers included. */
function letterBlanks(model: LetterModel): string[] {
  const out: string[] = [];
  const scan = (line: Line) => {
    for (const seg of line) if (seg.kind === 'blank') out.push(seg.text);
  };
  const letter = model.sections[0]!;
  for (const block of letter.blocks as Block[]) {
    if (block.kind === 'heading' || block.kind === 'paragraph') scan(block.content);
    else if (block.kind === 'lines') for (const line of block.lines) scan(line);
    else if (block.kind === 'signature') for (const line of [block.signoff, ...block.lines]) scan(line);
    else if (block.kind === 'bullets') for (const line of block.items) scan(line);
    else if (block.kind === 'fields') for (const row of block.rows) scan(row.value);
    else if (block.kind === 'table') for (const line of block.rows.flat()) scan(line);
  }
  scan(letter.footer);
  return out;
}

const seedModel = (details?: typeof everyDetail) =>
  composeLetter({ appeal: caseOf(), author: 'patient', t, today: TODAY, details });

describe('the details the user gives fill the letter', () => {
  it('the seed letter signed by the patient with every detail given keeps blanks only for chart facts and exhibits', () => {
    const before = letterBlanks(seedModel());
    const after = letterBlanks(seedModel(everyDetail));
    expect(before.length).toBeGreaterThanOrEqual(40);
    // What stays: the diagnosis, the guideline quote, the chart evidence and exhibit cells, any other requirement.
    expect(after.sort()).toEqual(
      [
        'diagnosis and subtype',
        'quote or summarize the recommendation that supports Ocrevus, with its section or page',
        ...Array(2).fill("Chart evidence, in the chart's words"),
        ...Array(3).fill('Exhibit number, document, date'),
        'Any other requirement named in the denial letter or policy',
        "Chart evidence, in the chart's words",
        'Exhibit number, document, date',
      ].sort(),
    );
    const given = Object.values(everyDetail).filter((v): v is string => typeof v === 'string');
    for (const blank of after) for (const value of given) expect(blank).not.toContain(value);
  });

  it('a filled value is plain text where the blank was, in every place it appears', () => {
    const text = modelText({}, 'patient', everyDetail);
    expect(text).toContain('Jordan A. Rivera\n12 Elm Street, Apt 3\nSpringfield, IL 62704\nPhone: (217) 555-0142');
    expect(text).toContain('Cigna Healthcare\nAppeals Department\nCigna National Appeals Unit\nPO Box 188011');
    expect(text).toContain('Sent by tracked mail');
    expect(text).toContain('Claim or reference number: PA-2026-0045521');
    expect(text).toContain('Prescriber: Dr. Dana Lee, neurologist');
    expect(text).toContain(
      "Prescriber's office: Lakeside Neurology, 400 Lake Ave, Suite 210, Springfield, IL 62701, phone (217) 555-0190, fax (217) 555-0191",
    );
    expect(text).toContain('which my neurologist, Dr. Dana Lee, prescribed for me');
    expect(text).toContain(
      'It is one of the approved uses above: primary progressive multiple sclerosis in adults[2].',
    );
    expect(text).toContain(
      'Before Ocrevus, I tried Tecfidera (dimethyl fumarate) and Kesimpta (ofatumumab) (Tecfidera 2019 to 2022, Kesimpta 2022 to 2025). What happened: new lesions on Tecfidera; repeated infections on Kesimpta.',
    );
    expect(text).toContain('Prior therapy trials | Tecfidera (dimethyl fumarate) and Kesimpta (ofatumumab)');
    expect(text).toContain("Prescribed by a neurologist | Dr. Dana Lee, neurologist | Prescriber's letter (enclosed)");
    expect(text).toContain('Please call me at (217) 555-0142');
    expect(text).toContain('Sincerely,\n______________________________\nJordan A. Rivera\nMember ID: U8812345601');
    expect(text).toContain('Jordan A. Rivera   Member ID U8812345601   Page # of #');
    // The patient writes and signs: no representative line to delete, no representative signature.
    expect(text).not.toMatch(/representative/i);
    for (const leftover of TEMPLATE_LEFTOVERS) expect(text).not.toMatch(leftover);
  });

  it('someone writing for the patient is named, signs, and encloses the authorization', () => {
    const text = modelText({}, 'patient', {
      ...everyDetail,
      representativeName: 'Sam Rivera',
      representativeRelationship: 'spouse',
      representativePhone: '(217) 555-0111',
    });
    expect(text).toContain(
      "I, Sam Rivera, am writing this request for the patient as their spouse. The patient's signed authorization is enclosed.",
    );
    expect(text).toContain(
      "Signed for the patient by:\n______________________________\nSam Rivera, the patient's spouse",
    );
    expect(text).toMatch(/Exhibit \d+: My signed authorization for Sam Rivera to act for me in this appeal/);
  });

  it('a fax number as the appeals address means the letter is sent by fax', () => {
    expect(modelText({}, 'patient', { appealsAddress: 'Fax 1-877-815-4827' })).toContain('Sent by fax');
  });

  it('the care team letter takes the prescriber and practice', () => {
    const text = modelText({}, 'care-team', everyDetail);
    expect(text).toContain('Dr. Dana Lee\nLakeside Neurology\n400 Lake Ave, Suite 210');
    expect(text).toContain('Phone: (217) 555-0190   Fax: (217) 555-0191');
    expect(text).toContain('I am the treating neurologist for my patient, Jordan A. Rivera');
    expect(text).toContain('peer-to-peer discussion with a physician reviewer in my specialty at (217) 555-0190');
    expect(text).toContain('Dr. Dana Lee\nTreating neurologist');
  });

  it('text typed into a detail cannot become a blank or a placeholder', () => {
    const text = modelText({}, 'patient', { patientName: '[Jordan] {brand} \u202Eevil' });
    expect(text).toContain('[Jordan] {brand} evil\n');
    const model = seedModel({ patientName: '[Jordan]' });
    expect(letterBlanks(model)).not.toContain('Jordan');
  });
});

describe('rules named in a sentence', () => {
  it('two rules read as words, one sentence naming both, not "as a; b requires"', () => {
    const text = modelText({ planTypeId: 'marketplace' });
    expect(text).toMatch(
      /within 30 days of receiving this request\. This time limit is set by 45 CFR 147\.136\(b\)\(3\)\(i\) and 29 CFR 2560\.503-1\(i\)\(2\)\(ii\)\./,
    );
    expect(text).not.toMatch(/; 29 CFR [^)]*requires/);
  });

  it('a note about some plan types only is left off another plan type', () => {
    const notes = (planTypeId: string) => modelText({ planTypeId });
    expect(notes('employer')).not.toContain("Cigna's Medicare Advantage and Part D plans were sold");
    expect(notes('medicare-advantage')).toContain("Cigna's Medicare Advantage and Part D plans were sold");
  });

  it('the quantity-limit letter names the diagnosis and encloses the prescriber letter', () => {
    const text = modelText({ reasonId: 'quantity-limit' }, 'patient', {
      approvedUse: 0,
      prescriberName: 'Dr. Dana Lee',
    });
    expect(text).toContain('Ocrevus is prescribed for my diagnosis, as written in my chart: [diagnosis and subtype].');
    expect(text).toContain('This is an FDA-approved use of Ocrevus: relapsing forms of multiple sclerosis');
    expect(text).toMatch(/Exhibit \d+: A letter from my neurologist, Dr\. Dana Lee, supporting this request/);
  });
});
