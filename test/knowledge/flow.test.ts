import { describe, expect, it } from 'vitest';
import { Conversation, texts } from '../helpers/chat.js';

/** The grown knowledge base as a user meets it, through the real engine. */
describe('new drugs, insurers and reasons in the conversation', () => {
  it('"mounjaro shot" and "BCBS of Texas" are taken at once; a Zepbound denial dated before Zepbound existed is refused', async () => {
    const c = new Conversation();
    await c.start();
    expect(texts(await c.send('BCBS of Texas'))).toMatch(/Blue Cross and Blue Shield of Texas/);
    expect(texts(await c.send('mounjaro shot'))).toMatch(/Mounjaro \(tirzepatide\)/);
    expect(c.lastQuestion().step).toBe('reason');
    await c.send('change drug');
    await c.send('zepbound');
    await c.send('they want me to try metformin first');
    await c.send('marketplace');
    await c.send('first');
    expect(texts(await c.send('2023-06-01'))).toMatch(/Zepbound was first approved on Wednesday, November 8, 2023/);
  });

  it('a generic name several brands share gets a "which one?" question, not a guess taken as fact', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('aetna');
    await c.send('semaglutide');
    const q = c.lastQuestion();
    expect(q.step).toBe('drug');
    expect(q.input.type === 'choices' ? q.input.choices.map((x) => x.label) : []).toEqual(
      expect.arrayContaining(['Ozempic (semaglutide)', 'Wegovy (semaglutide)', 'Rybelsus (semaglutide)']),
    );
    await c.choose('Wegovy');
    expect(c.lastQuestion().step).toBe('reason');
  });

  it("an off-label denial of Keytruda lists the NCCN compendium and the oncologist's letter", async () => {
    const c = new Conversation();
    await c.start();
    await c.send('humana');
    await c.send('keytruda');
    await c.send('not a medically accepted indication');
    await c.send('medicare advantage');
    await c.send('first');
    await c.send('2026-03-03');
    await c.send('no');
    const docs = c
      .lastSummary()
      .sections.find((s) => s.heading === 'Documents to gather')!
      .items.join('\n');
    expect(docs).toMatch(/NCCN Drugs & Biologics Compendium/);
    expect(docs).toMatch(/letter from the oncologist/);
    expect(docs).toMatch(/National Comprehensive Cancer Network/);
  });
});
