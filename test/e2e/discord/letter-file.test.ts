import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusLetters } from '../../denial/corpus/letters.js';
import { textPdf } from '../../denial/corpus/render.js';
import { question, startHarness, type Harness } from './harness.js';

describe('Discord: the denial letter attached in the DM', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    await h?.bot.close();
  });

  it('is fetched from its signed CDN link, read, and its answers offered with their source lines', async () => {
    const letter = corpusLetters()[0]!; // Humana, Ozempic, Part D, March 3, 2026
    const bytes = await textPdf(letter.text);
    const turn = await h.turn(() =>
      h.fake.dmAttachment(h.user, bytes, { name: 'denial.pdf', contentType: 'application/pdf' }),
    );
    expect(h.fake.cdnRequests).toEqual([{ path: expect.stringContaining('/denial.pdf'), signed: true }]);
    expect(turn[0]!.content).toBe('Reading your letter…');
    const found = question(turn).content;
    expect(found).toContain('Here is what I found in your letter');
    expect(found).toContain('Insurer: Humana');
    expect(found).toContain('Drug: Ozempic');
    expect(found).toContain('Plan type: Medicare Part D');
    expect(found).toContain('Date of the letter: Tuesday, March 3, 2026');
  }, 120_000);
});
