import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import { MemorySessionStore } from '../../src/core/session-store.js';
import type { QuestionReply, Reply, TextReply } from '../../src/core/types.js';
import { corpusLetters } from '../denial/corpus/letters.js';
import { textPdf } from '../denial/corpus/render.js';
import { Conversation, texts } from '../helpers/chat.js';

const letters = corpusLetters();
const store = new MemorySessionStore();
const bot = createBot({ clock: fixedClock('2026-11-30'), store });
afterAll(() => bot.close());

async function sendLetter(c: Conversation, bytes: Uint8Array, notes: TextReply[] = []): Promise<Reply[]> {
  const { replies } = await bot.handleFile(
    { conversation: c.conversation, notify: (r) => void notes.push(r) },
    { size: bytes.length, mimeType: 'application/pdf', download: async () => bytes },
  );
  c.transcript.push(...replies);
  return replies;
}

const question = (replies: Reply[]) => replies.filter((r): r is QuestionReply => r.kind === 'question').at(-1)!;

describe('the denial letter as the answers', () => {
  it('as the first message: reads it, shows each value with its line, fills them on one click, asks only what is missing', async () => {
    const c = new Conversation(bot, 'test:letter:first');
    const letter = letters[15]!; // Cigna, Humira, quantity limit, employer plan
    const notes: TextReply[] = [];
    const replies = await sendLetter(c, await textPdf(letter.text), notes);
    expect(notes.map((n) => n.text)).toEqual(['Reading your letter…']);
    expect(texts(replies)).toMatch(/I'm Overturn/);
    const shown = question(replies);
    expect(shown.step).toBe('letter');
    expect(shown.text).toContain('Here is what I found in your letter:');
    expect(shown.text).toContain('Insurer: Cigna Healthcare — from “Cigna Healthcare”');
    expect(shown.text).toMatch(/Drug: Humira \(adalimumab\) — from “.*Humira Pen 40 mg\/0\.4 mL”/);
    expect(shown.text).toContain(`Member ID: ${letter.truth.memberId}`);
    const used = await c.choose('Use these');
    expect(texts(used)).toContain('I filled in what your letter says.');
    // Everything but urgency came from the letter: that is the only question left.
    expect(question(used).step).toBe('urgency');
    await c.choose('No');
    const facts = c
      .lastSummary()
      .facts.map((f) => `${f.label}: ${f.value}`)
      .join('\n');
    expect(facts).toContain('Cigna Healthcare');
    expect(facts).toContain('Humira');
    // After the signer, the details form comes prefilled with what the letter said.
    const form = question(await c.choose(/patient/i));
    expect(form.step).toBe('details');
    if (form.input.type !== 'form') throw new Error('the details question is a form');
    const prefilled = Object.fromEntries(
      form.input.groups.flatMap((g) => g.fields).flatMap((f) => (typeof f.value === 'string' ? [[f.id, f.value]] : [])),
    );
    expect(prefilled).toEqual({
      memberId: letter.truth.memberId,
      claimNumber: letter.truth.claimNumber,
      // Three lines at most: the appeals fax takes the last.
      appealsAddress: `Cigna Healthcare Appeals Unit, PO Box 188011\nChattanooga, TN 37422\nFax: ${letter.truth.appealsFax}`,
      prescriberName: letter.truth.prescriber,
    });
    // Skipping the form keeps them: the letter has them instead of blanks.
    await c.choose('Skip');
    const docx = (await mammoth.extractRawText({ buffer: Buffer.from(c.lastFile().bytes) })).value;
    expect(docx).toContain(letter.truth.memberId);
    expect(docx).toContain(letter.truth.claimNumber);
    expect(docx).toContain(letter.truth.prescriber);
    expect(docx).toContain('PO Box 188011');
    // The form was skipped: the parts only the user can settle stay in the letter (a representative, the signature).
    expect(docx).toContain('If you are writing for the patient, say so here');
    expect(docx).toContain('If signed by a representative:');
    // The session holds the answers; the identifiers live apart (short expiry), and the letter's lines nowhere.
    const saved = JSON.stringify((await store.get(c.conversation))?.data);
    expect(saved).not.toContain(letter.truth.memberId);
    const identifiers = JSON.stringify((await store.get(`${c.conversation}#private`))?.data);
    expect(identifiers).toContain(letter.truth.memberId);
    expect(`${saved}${identifiers}`).not.toContain('Date of birth');
    expect(`${saved}${identifiers}`).not.toContain('NPI');
  }, 120_000);

  it('takes a typed correction and everything else in one step', async () => {
    const c = new Conversation(bot, 'test:letter:correct');
    await c.start();
    await c.send('Aetna');
    const read = await sendLetter(c, await textPdf(letters[1]!.text)); // Aetna Medicare, Xtandi, Part D
    expect(question(read).step).toBe('letter');
    const corrected = await c.send('the drug is Ibrance');
    expect(texts(corrected)).toContain('Got it: I changed the Drug.');
    await c.send('no');
    const facts = c
      .lastSummary()
      .facts.map((f) => f.value)
      .join('\n');
    expect(facts).toContain('Ibrance');
    expect(facts).toContain('Medicare Part D');
  }, 120_000);

  it('takes a correction typed in Spanish, with a Spanish date', async () => {
    const c = new Conversation(bot, 'test:letter:corregir', 'es-MX');
    await c.start();
    const read = await sendLetter(c, await textPdf(letters[1]!.text)); // Aetna Medicare, Xtandi, Part D
    expect(question(read).text).toContain('Esto es lo que encontré en su carta:');
    const corrected = await c.send('la fecha de la carta es 3 de marzo de 2026');
    expect(texts(corrected)).toContain('Entendido: cambié Fecha de la carta.');
    await c.send('no');
    const facts = c
      .lastSummary()
      .facts.map((f) => `${f.label}: ${f.value}`)
      .join('\n');
    expect(facts).toContain('martes 3 de marzo de 2026');
    expect(facts).toContain('Xtandi');

    const d = new Conversation(bot, 'test:letter:corregir-medicamento', 'es-MX');
    await d.start();
    await sendLetter(d, await textPdf(letters[1]!.text));
    expect(texts(await d.send('el medicamento es Ibrance'))).toContain('Entendido: cambié Medicamento.');
  }, 120_000);

  it('asks which drug when the letter names two, and nothing is filled when the user says no', async () => {
    const c = new Conversation(bot, 'test:letter:two');
    await c.start();
    const twoDrugs = letters.find((l) => l.drugChoices)!;
    await sendLetter(c, await textPdf(twoDrugs.text));
    const used = await c.choose('Use these');
    expect(texts(used)).toContain('Your letter names more than one drug.');
    const which = question(used);
    expect(which.step).toBe('drug');
    expect(which.input.type === 'choices' && which.input.choices.map((ch) => ch.label)).toEqual(
      expect.arrayContaining([expect.stringContaining('Ozempic'), expect.stringContaining('Mounjaro')]),
    );
    const d = new Conversation(bot, 'test:letter:drop');
    await d.start();
    const dropLetter = letters[3]!;
    const shown = question(await sendLetter(d, await textPdf(dropLetter.text)));
    expect(shown.text).toContain(`Member ID: ${dropLetter.truth.memberId}`);
    // While the question waits, the identifiers read are only in the private part (short expiry).
    const session = async () => JSON.stringify((await store.get(d.conversation))?.data);
    const identifiers = async () => JSON.stringify((await store.get(`${d.conversation}#private`))?.data ?? null);
    expect(await session()).not.toContain(dropLetter.truth.memberId);
    expect(await identifiers()).toContain(dropLetter.truth.memberId);
    // Asked again after an answer it did not understand, the question still shows them.
    const again = question(await d.send('hmm'));
    expect(again.text).toContain(`Member ID: ${dropLetter.truth.memberId}`);
    const dropped = await d.choose("Don't use them");
    expect(texts(dropped)).toContain("I won't use what I read");
    // Back to the question the user was on when the letter came: the first one, who they are.
    expect(question(dropped).step).toBe('voice');
    expect(await identifiers()).not.toContain(dropLetter.truth.memberId);
  }, 120_000);

  it('a file it cannot read gets a kind answer and the same question again; nothing typed is lost', async () => {
    const c = new Conversation(bot, 'test:letter:bad');
    await c.start();
    await c.send('Cigna');
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(1)]);
    const replies = await sendLetter(c, zip);
    expect(texts(replies)).toContain('zip archive, not a PDF or a photo');
    expect(question(replies).step).toBe('drug');
    const { replies: big } = await bot.handleFile(
      { conversation: c.conversation },
      {
        size: 40 * 1024 * 1024,
        download: () => {
          throw new Error('a file over the limit is never downloaded');
        },
      },
    );
    expect(texts(big)).toContain('That file is 40.0 MB; I can read files up to 15 MB.');
    await c.send('status');
    expect(texts(c.transcript.slice(-2))).toContain('Cigna');
  }, 120_000);

  it('offers the file input with every question', async () => {
    const c = new Conversation(bot, 'test:letter:offer');
    const replies = await c.start();
    expect(texts(replies)).toContain('send me your denial letter (a PDF or a photo)');
    expect(question(replies).acceptsFile).toBe(true);
  });
});
