import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/i18n.js';
import { composeLetter, letterText } from '../../src/flows/appeal/letter/index.js';
import { fill } from '../../src/flows/appeal/letter/template.js';
import { caseOf, knowledge, modelText, t, TEMPLATE_LEFTOVERS, TODAY } from './support.js';

const expectClean = (text: string) => {
  for (const leftover of TEMPLATE_LEFTOVERS) expect(text).not.toMatch(leftover);
};

describe('catalog sentences', () => {
  it('values fill {names}, [words] become blanks, and a value may sit inside a blank', () => {
    expect(fill('Dear {who}: see [the {what} page].', { who: 'Reviewer', what: 'label' })).toEqual([
      { kind: 'text', text: 'Dear Reviewer: see ' },
      { kind: 'blank', text: 'the label page' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('a sentence missing a value is a programming error, not a letter with a hole', () => {
    expect(() => fill('Hello {name}')).toThrow(/needs \{name\}/);
  });

  it('every letter sentence is written without leftover syntax', () => {
    const letter = [...loadCatalog('en')].filter(([key]) => key.startsWith('letter.'));
    expect(letter.length).toBeGreaterThan(100);
    for (const [key, text] of letter) {
      expect(text.split('[').length, key).toBe(text.split(']').length);
      expect(text, key).not.toMatch(/\[[^\]]*\[/);
    }
  });
});

describe('the letter in each voice', () => {
  it('a patient asks for the review and encloses the prescriber letter', () => {
    const text = modelText({}, 'patient');
    expect(text).toContain('Dear Appeals Reviewer:');
    expect(text).toContain('Please accept this letter as my request for an internal appeal.');
    expect(text).toContain("My neurologist's letter of medical necessity is enclosed.");
    expect(text).toMatch(/Exhibit \d+: A medical-necessity letter from the treating neurologist, based on my chart/);
    expect(text).toContain('If signed by a representative:');
    expect(text).toContain('cc: [Prescriber name], neurologist');
    expectClean(text);
  });

  it('a care team writes a letter of medical necessity for the prescriber to sign', () => {
    const text = modelText({}, 'care-team');
    expect(text).toContain('RE: Letter of medical necessity and request for an internal appeal: Ocrevus (ocrelizumab)');
    expect(text).toContain('Dear Medical Director:');
    expect(text).toContain('I am the treating neurologist for my patient, [Patient name]');
    expect(text).toContain('NPI: [NPI number]');
    expect(text).toContain('peer-to-peer discussion with a physician reviewer in my specialty');
    // It is the prescriber's letter, so it does not enclose one; knowledge words addressed to the user are reworded.
    expect(text).not.toMatch(/Exhibit \d+: A medical-necessity letter/);
    expect(text).toContain("for the patient's use");
    expect(text).not.toMatch(/\byour chart\b/);
    expectClean(text);
  });
});

describe('the request and its rules follow the plan type', () => {
  it.each([
    [
      'employer',
      'an internal appeal',
      '(29 U.S.C. 1133; 29 CFR 2560.503-1; 45 CFR 147.136)',
      '29 CFR 2560.503-1(h)(2)(iii)',
    ],
    [
      'marketplace',
      'an internal appeal',
      '(42 U.S.C. 300gg-19; 45 CFR 147.136(b)(3))',
      '45 CFR 147.136(b)(3)(i); 29 CFR 2560.503-1(h)(2)(iii)',
    ],
    ['medicare-advantage', 'a reconsideration (Medicare Advantage appeal)', '(42 CFR 422.578 through 422.590)', null],
    ['medicare-part-d', 'a redetermination (Medicare Part D appeal)', '(42 CFR 423.580 through 423.590)', null],
    ['medicaid', 'a Medicaid plan appeal', '(42 CFR 438.400 through 438.424)', null],
    ['fehb', 'a reconsideration by the carrier', '(5 CFR 890.105)', null],
  ])('%s: %s under %s', (planTypeId, request, basis, claimFile) => {
    const text = modelText({ planTypeId });
    expect(text).toContain(`my request for ${request}.`);
    expect(text).toContain(basis);
    if (claimFile)
      expect(text).toContain(
        `free of charge, copies of all documents, records and other information relevant to my claim, including the coverage policy and the exact criteria used to deny it (${claimFile})`,
      );
    else expect(text).toContain('Please also send me a copy of my case file');
    expectClean(text);
  });

  it('an urgent appeal cites the 72-hour rule and the duty to defer to the attending provider', () => {
    const text = modelText({ urgent: true });
    expect(text).toContain('my request for an expedited (urgent) internal appeal.');
    expect(text).toContain('within 72 hours of receiving it (29 CFR 2560.503-1(i)(2)(i))');
    expect(text).toContain(
      'The plan must treat a request as urgent when the attending provider says it is (45 CFR 147.136(b)(2)(ii)(B)).',
    );
    expect(text).toMatch(/Exhibit \d+: Statement from \[Prescriber name\] that my case is urgent/);
    expect(text).toContain(
      'within 72 hours of receiving this request. This time limit is set by 29 CFR 2560.503-1(i)(2)(i).',
    );
    const medicare = modelText({ urgent: true, planTypeId: 'medicare-advantage' });
    expect(medicare).toContain('within 72 hours of receiving it (42 CFR 422.590(e)(1))');
    expect(medicare).toContain('(42 CFR 422.584(c)(2)(ii))');
  });

  it("after a denied appeal, the next level; with the plan type unknown, no other plan's filing rule is quoted", () => {
    expect(modelText({ stage: 'appeal-denied' })).toContain('my request for an independent external review.');
    const unknown = modelText({ planTypeId: 'unknown' });
    expect(unknown).not.toContain('the rules allow (');
    expect(unknown).toContain(
      'Please send me your written decision within the time limit that applies to this request.',
    );
  });

  it('a filing window that has passed becomes a prompt to explain the delay', () => {
    const text = modelText({ planTypeId: 'medicaid', denialDate: '2025-12-01' });
    expect(text).toContain(
      '[The rules allow 60 days to send this request (42 CFR 438.402(c)(2)(ii)), and that time has passed.',
    );
    expect(text).not.toContain('I am sending this request within');
  });
});

describe('the body follows the denial reason, with blanks for every chart fact', () => {
  it('medical necessity: the FDA-approved uses with sources, the guideline society, prior therapies', () => {
    const model = composeLetter({ appeal: caseOf(), author: 'patient', t, today: TODAY });
    expect(model.notes[0]).toMatch(/^OCREVUS \(ocrelizumab\) prescribing information/);
    const text = modelText();
    expect(text).toContain('- primary progressive multiple sclerosis in adults[2]');
    expect(text).toContain('Guidance from the American Academy of Neurology (AAN)[3] applies to my condition');
    expect(text).toContain('Before Ocrevus, I tried [each earlier treatment] ([start and stop dates]).');
  });

  it('knowledge that names alternatives becomes a blank to keep the one that applies', () => {
    const appeal = caseOf();
    const drug = {
      ...appeal.drug!,
      prescriber: 'rheumatologist, dermatologist or gastroenterologist',
      guidelineOrg: 'ACR, AAD-NPF, or AGA, by condition',
    };
    const text = letterText(composeLetter({ appeal: { ...appeal, drug }, author: 'patient', t, today: TODAY }));
    expect(text).toContain(
      'which my [keep the one that applies: rheumatologist, dermatologist or gastroenterologist], [Prescriber name], prescribed for me',
    );
    expect(text).toContain(
      'Guidance from the [keep the one that applies: ACR, AAD-NPF, or AGA, by condition][3] applies',
    );
  });

  it('quantity limit: labeled schedule, what was billed, the billing check, the reason for any deviation', () => {
    const text = modelText({ reasonId: 'quantity-limit' });
    expect(text).toContain("[dose and schedule, copied from the label's Dosage and Administration section]");
    expect(text).toContain('[each date, the amount given and the units billed');
    expect(text).toContain('Billing check:');
    expect(text).toContain('Reason for any difference from the labeled schedule');
    expect(text).toContain("Exhibit 4: The plan's written quantity-limit policy and how the limit was applied to me");
    expect(text).toContain('Exhibit 5: Infusion records with every date and amount given');
    // No dose is ever written by the bot.
    expect(text).not.toMatch(/\d+\s?mg/);
  });

  it('step therapy: the drugs tried, contraindications and the exception standard', () => {
    const text = modelText({ reasonId: 'step-therapy' });
    expect(text).toContain('I ask for an exception to the step-therapy requirement because [choose what applies');
    expect(text).toContain('Required drugs tried with dates and outcomes | [Chart evidence');
    expect(text).toContain('Confirmed MS subtype | [Chart evidence');
  });

  it('prior authorization, non-formulary and experimental each get their own section', () => {
    expect(modelText({ reasonId: 'prior-authorization' })).toContain('Prior authorization for Ocrevus');
    expect(modelText({ reasonId: 'non-formulary' })).toContain(
      'I ask for a formulary exception so that it is covered.',
    );
    const experimental = modelText({ reasonId: 'experimental', drugId: 'saphnelo' });
    expect(experimental).toContain(
      'The FDA first approved Saphnelo (anifrolumab-fnia) in July 2021[1]. It is approved for:',
    );
    expect(experimental).toContain('AHFS Drug Information');
    expect(experimental).toContain('severe active lupus nephritis');
  });

  it('off-label, site of care, out of network and plan exclusions each get their own prompts', () => {
    expect(modelText({ reasonId: 'off-label' })).toContain(
      'This use is not listed on the FDA label; the sources below support it.',
    );
    expect(modelText({ reasonId: 'site-of-care' })).toContain('Why Ocrevus must be given where it was ordered');
    expect(modelText({ reasonId: 'out-of-network' }, 'care-team')).toContain('I request a network (gap) exception');
    expect(modelText({ reasonId: 'benefit-exclusion' })).toContain(
      '[quote the exclusion exactly as written in the plan document, with its section]',
    );
  });

  it('an unknown reason and drug: quote the denial, and blank requirement rows', () => {
    const text = modelText({ reasonId: undefined, drugId: undefined, drugText: 'Foozumab' });
    expect(text).toContain('[quote the reason exactly as written on the denial letter]');
    expect(text).toContain('Foozumab ([generic name])');
    expect(text.match(/\[Requirement quoted from the denial letter or policy\]/g)).toHaveLength(3);
    expectClean(text);
  });

  it('a withdrawn approval is stated with its source, never as an approved use', () => {
    const appeal = caseOf();
    const withdrawn = {
      ...appeal.drug!,
      fdaStatus: 'withdrawn' as const,
      approvedUses: [],
      statusNote: {
        text: 'The FDA withdrew the approval on April 6, 2023.',
        source: 'FDA final decision, April 6, 2023',
      },
    };
    for (const reasonId of ['medical-necessity', 'experimental']) {
      const model = composeLetter({
        appeal: { ...caseOf({ reasonId }), drug: withdrawn },
        author: 'patient',
        t,
        today: TODAY,
      });
      const text = letterText(model);
      expect(text).toContain('About its FDA status: The FDA withdrew the approval on April 6, 2023.[1]');
      expect(model.notes[0]).toBe('FDA final decision, April 6, 2023');
      expect(text).not.toMatch(/has approved it for|It is approved for/);
    }
  });

  it('every drug in the knowledge base composes for every reason without leftovers', () => {
    for (const drugId of knowledge.drugs.keys()) {
      for (const reasonId of [...knowledge.reasons.keys(), undefined]) expectClean(modelText({ drugId, reasonId }));
    }
  });

  it('every reason, plan type, stage, urgency and voice composes without leftovers', () => {
    for (const reasonId of [...knowledge.reasons.keys(), undefined]) {
      for (const planTypeId of knowledge.planTypes.keys()) {
        for (const stage of ['first', 'appeal-denied'] as const) {
          for (const urgent of [false, true]) {
            for (const author of ['patient', 'care-team'] as const)
              expectClean(modelText({ reasonId, planTypeId, stage, urgent }, author));
          }
        }
      }
    }
  });
});

describe('enclosures match the checklist', () => {
  it('numbered in checklist order, without the claim file (asked for, not enclosed)', () => {
    const appeal = caseOf();
    const text = modelText();
    const enclosed = [...text.matchAll(/^Exhibit (\d+): (.*)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
    expect(enclosed.map(([n]) => n)).toEqual(enclosed.map((_, i) => i + 1));
    expect(enclosed).toHaveLength(appeal.checklist.length - 1);
    expect(enclosed[0]![1]).toBe('The decision letter dated March 3, 2026');
    expect(enclosed[1]![1]).toBe(
      "Cigna Healthcare's Drug and Biologic Coverage Policy for Ocrevus ([policy number and date, from the denial letter])",
    );
  });
});
