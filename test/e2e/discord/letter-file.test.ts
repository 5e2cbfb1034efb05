import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusLetters } from '../../denial/corpus/letters.js';
import { textPdf } from '../../denial/corpus/render.js';
import { GUILD, question, startHarness, type Harness } from './harness.js';

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

  it('comes with /appeal as its letter option in a server: read, and its answers offered in the DM', async () => {
    const letter = corpusLetters()[0]!;
    const bytes = await textPdf(letter.text);
    // Someone new: the letter is their first message, so the greeting comes with what was read.
    const other = h.fake.user('1500000000000000002', 'sam');
    const dm = h.fake.dmChannelOf(other);
    const before = h.fake.cdnRequests.length;
    let command = '';
    const turn = await h.turn(() => {
      command = h.fake.slashCommand(
        other,
        'appeal',
        { guildId: GUILD.id },
        { option: 'letter', bytes, name: 'denial.pdf', contentType: 'application/pdf' },
      ).id;
    });
    const pointer = await h.fake.waitForMessage((m) => m.interactionId === command);
    expect(pointer).toMatchObject({ channelId: GUILD.channelId, ephemeral: true });
    expect(pointer.content).toContain('so your health details stay private');
    expect(h.fake.cdnRequests.slice(before)).toEqual([{ path: expect.stringContaining('/denial.pdf'), signed: true }]);
    // Nothing about the letter is posted in the server.
    expect(h.fake.outbox.filter((m) => m.channelId === GUILD.channelId && m.content.includes('Humana'))).toEqual([]);
    const found = question(turn.filter((m) => m.channelId === dm));
    expect(found.content).toContain('Here is what I found in your letter');
    expect(found.content).toContain('Insurer: Humana');
    expect(found.content).toContain('Drug: Ozempic');
  }, 120_000);
});
