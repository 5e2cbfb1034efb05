import { describe, expect, it } from 'vitest';
import type { AppealAnswers } from '../../src/flows/appeal/domain/appeal-case.js';
import { buildPeerToPeerSheet, composePeerToPeer, letterText } from '../../src/flows/appeal/letter/index.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../helpers/chat.js';
import { caseOf, docxText, t, TODAY } from './support.js';

function sheet(changes: Partial<AppealAnswers> = {}): string {
  return letterText(composePeerToPeer({ appeal: caseOf(changes), t, today: TODAY }));
}

/** The seed drugs' sheets: what the reviewer checks, the chart to have open, label facts with sources. */
const SEEDS: Array<{ name: string; changes: Partial<AppealAnswers>; expect: RegExp[] }> = [
  {
    name: 'Ocrevus / Cigna / medical necessity',
    changes: {},
    expect: [
      /Peer-to-peer review preparation: Ocrevus \(ocrelizumab\)/,
      /☐ Confirmed MS subtype: \[where the chart shows it/,
      /☐ Prior therapy trials/,
      /MRI reports with the radiologist's reading/,
      /FDA-approved use: primary progressive multiple sclerosis in adults\[\d\]/,
      /OCREVUS \(ocrelizumab\) prescribing information, Genentech/,
      /Guideline to cite: AAN practice guideline "Disease-modifying therapies for adults with multiple sclerosis"/,
      /board-certified in the same field as the prescriber \(neurologist\)/,
      /File the patient's internal appeal with the plan: by August 30, 2026 \(29 CFR 2560\.503-1\(h\)\(3\)\(i\)\)/,
      /ask whether Cigna Healthcare offers a peer-to-peer review/,
    ],
  },
  {
    name: 'Ocrevus / Cigna / quantity limit',
    changes: { reasonId: 'quantity-limit' },
    expect: [/☐ Labeled infusion schedule versus doses billed/, /Infusion records with every date and amount given/],
  },
  {
    name: 'Ocrevus / Aetna (publishes a peer-to-peer process, with its source)',
    changes: { insurerId: 'aetna' },
    expect: [
      /Aetna \(CVS Health\) publishes a peer-to-peer process\. .*\[\d\]/,
      /\[\d\] Aetna health care professional page/,
    ],
  },
  {
    name: 'Saphnelo / Cigna / medical necessity',
    changes: { drugId: 'saphnelo' },
    expect: [
      /☐ Confirmed SLE diagnosis/,
      /SLE diagnosis from rheumatology notes/,
      /FDA-approved use: moderate to severe systemic lupus erythematosus/,
      /SAPHNELO \(anifrolumab-fnia\) prescribing information, AstraZeneca/,
      /\(rheumatologist\)/,
    ],
  },
  {
    name: 'Roctavian / Cigna / medical necessity, urgent',
    changes: { drugId: 'roctavian', urgent: true },
    expect: [
      /☐ No AAV5 antibodies on an FDA-approved test/,
      /ROCTAVIAN \(valoctocogene roxaparvovec-rvox\) prescribing information, BioMarin/,
      /will you decide it as an expedited request\?/,
      /Ask for an expedited appeal in writing/,
    ],
  },
];

describe('the peer-to-peer preparation sheet', () => {
  for (const seed of SEEDS) {
    it(seed.name, () => {
      const text = sheet(seed.changes);
      for (const pattern of seed.expect) expect(text).toMatch(pattern);
      // The questions every call needs, and the blanks only the care team fills in.
      expect(text).toMatch(/Please read me the exact criteria/);
      expect(text).toMatch(/How and when will the decision be sent in writing/);
      expect(text).toMatch(/If the reviewer upholds the denial/);
      expect(text).toMatch(/Patient \(initials\) \[initials\]/);
    });
  }

  it('an unknown drug gets blanks, never invented facts', () => {
    const text = sheet({ drugId: undefined, drugText: 'Zorblax' });
    expect(text).toMatch(/\[The drug's FDA-approved uses, from its prescribing information/);
    expect(text).not.toMatch(/FDA-approved use:/);
  });

  it('is a .docx whose name carries no drug, insurer or patient', async () => {
    const built = await buildPeerToPeerSheet({ appeal: caseOf(), t, today: TODAY });
    expect(built.fileName).toBe('peer-to-peer-prep-2026-03-03.docx');
    const text = await docxText(built.bytes);
    expect(text).toContain('What the reviewer will check');
    expect(text).toContain('Chart evidence to have open');
  });
});

describe('the sheet in the conversation', () => {
  it('is offered to the care team after the plan, and sent as a file with the question again', async () => {
    const c = new Conversation();
    await c.start();
    await c.choose("I'm on the care team");
    for (const answer of Object.values(SEED_ANSWERS)) await c.send(answer);
    const q = c.lastQuestion();
    expect(q.input.type === 'choices' && q.input.choices.map((ch) => ch.id)).toEqual(['care-team', 'patient', 'p2p']);
    const turn = await c.choose('Peer-to-peer prep sheet');
    const file = c.lastFile();
    expect(file.fileName).toBe('peer-to-peer-prep-2026-03-03.docx');
    expect(file.caption).not.toMatch(/ocrevus|cigna/i);
    expect(turn.at(-1)).toMatchObject({ kind: 'question', step: 'author' });
    expect(await docxText(file.bytes)).toContain('Peer-to-peer review preparation: Ocrevus (ocrelizumab)');
    // Typed, too.
    await c.send('p2p');
    expect(c.transcript.filter((r) => r.kind === 'file')).toHaveLength(2);
  });

  it('is not offered to a patient, nor where only the formal appeal changes a denial (Medicare)', async () => {
    const patient = new Conversation();
    await typeScenario(patient, SEED_ANSWERS);
    const q = patient.lastQuestion();
    expect(q.input.type === 'choices' && q.input.choices.map((ch) => ch.id)).toEqual(['patient', 'care-team']);

    const medicare = new Conversation();
    await medicare.start();
    await medicare.choose("I'm on the care team");
    for (const answer of Object.values({ ...SEED_ANSWERS, insurer: 'humana', plan: 'medicare advantage' }))
      await medicare.send(answer);
    const mq = medicare.lastQuestion();
    expect(mq.input.type === 'choices' && mq.input.choices.map((ch) => ch.id)).not.toContain('p2p');
    const refused = await medicare.send('peer to peer');
    expect(refused.some((r) => r.kind === 'text' && /doesn't replace the written appeal/.test(r.text))).toBe(true);
  });
});
