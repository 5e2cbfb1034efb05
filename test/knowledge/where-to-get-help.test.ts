import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import { findState, staleFacts } from '../../src/flows/appeal/domain/state-help.js';
import { Conversation, texts } from '../helpers/chat.js';

const k = loadKnowledge();

async function planFor(c: Conversation, plan: string, drug = 'ocrevus', stage = 'first appeal'): Promise<void> {
  await c.start();
  for (const answer of ['cigna', drug, 'not medically necessary', plan, stage, '2026-03-03', 'no']) {
    await c.send(answer);
  }
}

/** The note under the plan's deadline whose id starts with `id`. */
function stepNote(c: Conversation, id: string): string {
  const step = c.lastSummary().deadlines.find((d) => d.id.startsWith(id));
  if (!step) throw new Error(`no ${id} step in the plan`);
  return step.note ?? '';
}

function externalReviewNote(c: Conversation): string {
  return stepNote(c, 'request-external-review');
}

function section(c: Conversation, heading: RegExp): string[] {
  return c.lastSummary().sections.find((s) => heading.test(s.heading))?.items ?? [];
}

describe('finding the state', () => {
  it.each([
    ['NY', 'NY'],
    ['new york', 'NY'],
    ['10001', 'NY'],
    ['Mass', 'MA'],
    ['00901', 'PR'],
    ['west virginia', 'WV'],
    ['Washington DC', 'DC'],
    ['96910', 'GU'],
  ])('"%s" is %s', (text, code) => {
    expect(findState(text, k)).toMatchObject({ kind: 'sure', code });
  });

  it('a ZIP code no state has, and words that are no state, find nothing', () => {
    expect(findState('99999', k).kind).toBe('none');
    expect(findState('zz', k).kind).toBe('none');
  });

  it('covers the 50 states, DC and the five inhabited territories', () => {
    expect(k.states.size).toBe(56);
    expect([...k.states.values()].filter((s) => s.kind === 'state')).toHaveLength(50);
  });
});

describe('where to get help, in the plan', () => {
  it('the welcome offers to take the state, optionally', async () => {
    const c = new Conversation();
    expect(texts(await c.start())).toMatch(
      /If you like, tell me your state at any time \(for example “state NY” or your ZIP code\)/,
    );
  });

  it('without a state, the plan says where to look', async () => {
    const c = new Conversation();
    await planFor(c, 'employer');
    expect(section(c, /^Help in your state$/).join(' ')).toMatch(/Tell me your state.*state NY/);
  });

  it('"state NY" at the end shows the consumer assistance program and the regulator, with the plan again', async () => {
    const c = new Conversation();
    await planFor(c, 'employer');
    const replies = await c.send('state NY');
    expect(texts(replies)).toMatch(/Noted: New York/);
    const items = section(c, /^Help in New York$/).join('\n');
    expect(items).toMatch(/Community Health Advocates.*888-614-5400/);
    expect(items).toMatch(/Department of Financial Services, 800-342-3736/);
  });

  it('a state given mid-way is kept, and the question asked again', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('cigna');
    const replies = await c.send('I live in 10001');
    expect(texts(replies)).toMatch(/Noted: New York/);
    expect(c.lastQuestion().step).toBe('drug');
  });

  it('"state employee plan" at the plan question is an answer, not a state', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('cigna');
    await c.send('ocrevus');
    await c.send('not medically necessary');
    const replies = await c.send('state of texas employee plan');
    expect(texts(replies)).not.toMatch(/Noted: Texas/);
  });

  it('an unknown place after "my state is" gets a kind way forward', async () => {
    const c = new Conversation();
    await c.start();
    expect(texts(await c.send('my state is Narnia'))).toMatch(/two-letter code/);
    // The way forward is the question the user was on: the first one, who they are.
    expect(c.lastQuestion().step).toBe('voice');
  });

  it("the drug maker's program shows; its copay card is left out for Medicare, with the statute", async () => {
    const employer = new Conversation();
    await planFor(employer, 'employer');
    const drugHelp = section(employer, /Keep getting the drug/).join('\n');
    expect(drugHelp).toMatch(/The maker's support program \(Genentech\): OCREVUS Access Solutions, 866-422-2377/);
    expect(drugHelp).toMatch(/Copay help: The OCREVUS Co-pay Program/);

    const medicare = new Conversation();
    await planFor(medicare, 'medicare advantage');
    const mHelpText = section(medicare, /Keep getting the drug/).join('\n');
    expect(mHelpText).not.toMatch(/Copay help/);
    expect(mHelpText).toMatch(/cannot be used with Medicare.*42 U\.S\.C\. 1320a-7b\(b\)/);
  });
});

describe('where to get help, in the external-review step', () => {
  it('without a state, the step says how to see who runs the review', async () => {
    const c = new Conversation();
    await planFor(c, 'employer', 'ocrevus', 'they denied my appeal');
    expect(externalReviewNote(c)).toMatch(/depends on your state.*state NY/);
  });

  it('in a state that runs its own review, the step names the insurance department to call', async () => {
    const c = new Conversation();
    await planFor(c, 'employer', 'ocrevus', 'they denied my appeal');
    await c.send('state OH');
    expect(externalReviewNote(c)).toMatch(
      /In Ohio the state runs this review.*Ohio Department of Insurance, Consumer Services Division, 800-686-1526, https:\/\/insurance\.ohio\.gov/,
    );
  });

  it('in a state that uses the federal process, the step says so', async () => {
    const c = new Conversation();
    await planFor(c, 'marketplace', 'ocrevus', 'they denied my appeal');
    await c.send('I live in 35203');
    expect(externalReviewNote(c)).toMatch(/Plans in Alabama use the federal external review process/);
  });

  it('a self-funded plan keeps the federal rule and no state note', async () => {
    const c = new Conversation();
    await planFor(c, 'self-funded', 'ocrevus', 'they denied my appeal');
    await c.send('state OH');
    expect(externalReviewNote(c)).not.toMatch(/Ohio/);
    expect(section(c, /^Help in Ohio$/).join('\n')).toMatch(/self-funded employer plan always uses the federal/);
  });
});

describe('where to get help, in the Medicaid fair hearing step', () => {
  it('without a state, the step says how to see where to ask', async () => {
    const c = new Conversation();
    await planFor(c, 'medicaid', 'ocrevus', 'they denied my appeal');
    expect(stepNote(c, 'request-state-fair-hearing')).toMatch(/depends on your state/);
  });

  it("with a state, the step names the state's hearing office", async () => {
    const c = new Conversation();
    await planFor(c, 'medicaid', 'ocrevus', 'they denied my appeal');
    await c.send('state OH');
    expect(stepNote(c, 'request-state-fair-hearing')).toMatch(
      /In Ohio, ask here: Ohio Department of Job and Family Services, Bureau of State Hearings, 866-635-3748/,
    );
    expect(section(c, /^Help in Ohio$/).join('\n')).toMatch(
      /Medicaid fair hearings in Ohio: .*Bureau of State Hearings/,
    );
  });
});

describe('the state data', () => {
  const parts = ['consumerAssistance', 'insuranceDepartment', 'externalReview', 'medicaidFairHearing'] as const;
  const facts = [...k.states.values()].flatMap((s) =>
    parts.flatMap((p) => {
      const fact = s[p];
      return fact ? [{ where: `${s.code} ${p}`, fact: fact as Record<string, string | undefined> }] : [];
    }),
  );

  it('every state, DC and territory has at least its insurance department or external review process', () => {
    const bare = [...k.states.values()].filter((s) => !s.insuranceDepartment && !s.externalReview).map((s) => s.code);
    expect(bare).toEqual([]);
  });

  it('every fact carries a source and the date it was read', () => {
    expect(facts.length).toBeGreaterThan(100);
    for (const { where, fact } of facts) {
      expect(fact.source?.length, where).toBeGreaterThan(20);
      expect(fact.checked, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('phone numbers are ten-digit US numbers and links are https', () => {
    for (const { where, fact } of facts) {
      if (fact.phone) expect(fact.phone, where).toMatch(/^[2-9]\d{2}-[2-9]\d{2}-\d{4}$/);
      for (const link of [fact.website, fact.complaintPage]) if (link) expect(() => new URL(link), where).not.toThrow();
      for (const link of [fact.website, fact.complaintPage]) if (link) expect(link, where).toMatch(/^https:\/\//);
    }
  });

  it('no two places share an insurance department phone number', () => {
    const phones = facts
      .filter((f) => f.where.endsWith('insuranceDepartment') && f.fact.phone)
      .map((f) => f.fact.phone);
    expect(new Set(phones).size).toBe(phones.length);
  });
});

describe('keep getting the drug while you appeal', () => {
  it('a maker with a supply for coverage delays (Cosentyx) shows it, with its number, and asks for it now', async () => {
    const c = new Conversation();
    await planFor(c, 'employer', 'cosentyx');
    const items = section(c, /Keep getting the drug/);
    expect(items[0]).toBe(
      "The maker's support program (Novartis): COSENTYX Connect, 844-267-3689, https://www.cosentyx.com/all/insurance-coverage-questions.",
    );
    expect(items[1]).toMatch(
      /^While coverage is delayed or denied: .*Covered Until You're Covered.*up to 2 years.*Ask your prescriber to request it now/,
    );
    expect(items.join('\n')).toMatch(/Copay help: The COSENTYX \$0 Co-Pay Program/);
  });

  it('a supply the maker keeps for commercial insurance is not offered on Medicare, and the program is asked instead', async () => {
    const c = new Conversation();
    await planFor(c, 'medicare advantage', 'cosentyx');
    const items = section(c, /Keep getting the drug/).join('\n');
    expect(items).not.toMatch(/Covered Until You're Covered|Copay help/);
    expect(items).toMatch(/COSENTYX Connect, 844-267-3689.*Ask whether they can help you get the drug, or pay for it/);
  });

  it('a supply open whatever the coverage (Kesimpta) is still offered on Medicare', async () => {
    const c = new Conversation();
    await planFor(c, 'medicare advantage', 'kesimpta');
    expect(section(c, /Keep getting the drug/).join('\n')).toMatch(
      /While coverage is delayed or denied: .*KESIMPTA Bridge Program/,
    );
  });

  it('a maker without a supply for coverage delays (Humira) is asked whether it can help while the appeal is open', async () => {
    const c = new Conversation();
    await planFor(c, 'employer', 'humira');
    const items = section(c, /Keep getting the drug/);
    expect(items[0]).toBe(
      "The maker's support program (AbbVie): HUMIRA Complete, 800-448-6472, https://humira.com/humira-complete/insurance-coverage-explained. Ask whether they can help you get the drug, or pay for it, while the appeal is open.",
    );
    expect(items.join('\n')).not.toMatch(/While coverage is delayed/);
  });

  it('a drug whose maker program could not be sourced says where to ask, without inventing one', async () => {
    const c = new Conversation();
    await planFor(c, 'employer', 'adderall-xr');
    expect(section(c, /Keep getting the drug/)).toEqual([
      "Ask your prescriber's office or specialty pharmacy whether the drug's maker runs a support program: many offer a short free supply while an appeal is open.",
    ]);
  });

  it("a Spanish plan shows the maker's offers in Spanish, with the program names as they are, and no English sentence", async () => {
    const english = k.supportPrograms;
    const sentences = [...english.values()].flatMap((p) =>
      [p.bridgeSupply?.text, p.copayHelp?.text]
        .filter((t): t is string => t !== undefined)
        .flatMap((t) => t.split(/(?<=[.;])\s+/)),
    );
    const c = new Conversation(undefined, 'test:space:ana', 'es-MX');
    await c.start();
    for (const answer of ['aetna', 'cosentyx', 'necesita autorización previa', 'mi trabajo', 'primera', '2026-03-03'])
      await c.send(answer);
    await c.send('no');
    const drugHelp = c
      .lastSummary()
      .sections.find((s) => s.heading === 'Siga recibiendo el medicamento mientras apela');
    const shown = drugHelp?.items.join('\n') ?? '';
    expect(shown).toContain(
      'Ayuda con el copago: El COSENTYX $0 Co-Pay Program ayuda a las personas con seguro privado',
    );
    expect(shown).toContain("el programa Covered Until You're Covered da inyecciones de COSENTYX gratis");
    // Cosentyx's own chart documents, in Spanish.
    const checklist = c.lastSummary().sections.find((s) => s.heading === 'Papeles que debe reunir');
    expect(checklist?.items).toContain(
      'La prueba de tuberculosis y otras pruebas de seguridad que pide la etiqueta antes de empezar',
    );
    const plan = JSON.stringify(c.lastSummary());
    expect(sentences.filter((sentence) => plan.includes(sentence))).toEqual([]);
  });
});

describe('sources stay fresh', () => {
  it('no state or program fact was last checked more than 18 months ago', () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(staleFacts(k, today)).toEqual([]);
  });

  it('a fact checked 19 months ago is reported', () => {
    expect(staleFacts(k, '2028-07-01').join('\n')).toMatch(/NY\) consumerAssistance: checked 2026-11-30/);
  });
});

describe('ZIP codes', () => {
  it('every US ZIP code in the zipcodes database finds its own state through the committed ranges', async () => {
    const { createRequire } = await import('node:module');
    const zipcodes: { codes: Record<string, { zip: string; state: string; country: string }> } = createRequire(
      import.meta.url,
    )('zipcodes');
    const wrong = Object.values(zipcodes.codes)
      .filter((c) => c.country === 'US' && k.states.has(c.state))
      .filter((c) => {
        const found = findState(c.zip, k);
        return found.kind !== 'sure' || found.code !== c.state;
      })
      .map((c) => c.zip);
    expect(wrong).toEqual([]);
  });
});
