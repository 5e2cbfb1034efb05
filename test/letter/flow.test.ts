import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { DOCX_MIME } from '../../src/flows/appeal/letter/index.js';
import type { FileReply } from '../../src/core/types.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../helpers/chat.js';

/** The seed scenario end to end through `createBot({ clock: fixedClock('2026-04-01') })`, as a user would type it. */
async function seeded(): Promise<Conversation> {
  const c = new Conversation();
  await typeScenario(c, SEED_ANSWERS);
  return c;
}

async function read(file: FileReply): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(file.bytes) })).value;
}

describe('the letter at the end of the guided flow', () => {
  it('each author gets a file reply whose letter speaks in their voice', async () => {
    const c = await seeded();
    expect(c.lastQuestion().step).toBe('author');

    await c.choose('Me (patient or representative)');
    // The first time, the details form is offered; skipping it keeps the blanks.
    expect(c.lastQuestion().step).toBe('details');
    const patientTurn = await c.choose('Skip');
    const files = patientTurn.filter((r): r is FileReply => r.kind === 'file');
    const patient = files[0]!;
    expect(files.map((f) => [f.fileName, f.mimeType])).toEqual([
      ['appeal-ocrevus-cigna-2026-03-03.docx', DOCX_MIME],
      ['appeal-ocrevus-cigna-2026-03-03.pdf', 'application/pdf'],
      ['appeal-deadlines.ics', 'text/calendar'],
    ]);
    for (const file of files.slice(0, 2)) expect(file.caption).not.toMatch(/ocrevus|cigna/i);
    // After the file, the bot offers another version.
    expect(patientTurn.at(-1)).toMatchObject({ kind: 'question', step: 'author' });

    await c.choose('The prescriber or care team');
    const careTeam = c.lastFile();
    expect(careTeam.fileName).toBe('appeal-ocrevus-cigna-2026-03-03.docx');

    const [p, ct] = [await read(patient), await read(careTeam)];
    expect(p).toContain('Dear Appeals Reviewer:');
    expect(p).toContain('Please accept this letter as my request for an internal appeal.');
    expect(ct).toContain('Dear Medical Director:');
    expect(ct).toContain('Letter of medical necessity and request for an internal appeal: Ocrevus (ocrelizumab)');
    expect(ct).not.toContain('Dear Appeals Reviewer:');
    for (const text of [p, ct]) {
      expect(text).toContain('Cigna Healthcare');
      expect(text).toContain('Sunday, August 30, 2026');
    }
  });

  it('asked again after "change drug", the new letter is about the new drug', async () => {
    const c = await seeded();
    await c.choose('Me (patient or representative)');
    await c.choose('Skip');
    const before = await read(c.lastFile());
    expect(before).toContain('Ocrevus (ocrelizumab)');

    await c.send('change drug');
    expect(c.lastQuestion().step).toBe('drug');
    await c.send('saphnelo');
    expect(c.lastQuestion().step).toBe('author');
    await c.choose('Me (patient or representative)');
    const file = c.lastFile();
    expect(file.fileName).toBe('appeal-saphnelo-cigna-2026-03-03.docx');
    const after = await read(file);
    expect(after).toContain('Saphnelo (anifrolumab-fnia)');
    expect(after).toContain('Confirmed SLE diagnosis');
    expect(after).not.toMatch(/Ocrevus|ocrelizumab|neurolog/);
  });
});
