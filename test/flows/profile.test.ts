import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { FileReply } from '../../src/core/types.js';
import { npiValid, readProfileField } from '../../src/flows/appeal/profile.js';
import { Conversation, texts } from '../helpers/chat.js';

const SEED = ['cigna', 'ocrevus', 'not medically necessary', 'employer plan', 'first', '2026-03-03', 'no'];

async function letterText(file: FileReply): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(file.bytes) })).value;
}

/** Opens the profile and sets one field by picking it and typing the value. */
async function setField(c: Conversation, label: string, value: string): Promise<string> {
  if (c.lastQuestion().step !== 'profile') await c.send('profile');
  await c.choose(label);
  return texts(await c.send(value));
}

describe('NPI check digit', () => {
  it('accepts NPIs whose Luhn digit over 80840 + the first nine digits matches', () => {
    expect(npiValid('1234567893')).toBe(true);
    expect(npiValid('1245319599')).toBe(true);
    expect(npiValid('1234567890')).toBe(false);
    expect(npiValid('123456789')).toBe(false);
    expect(npiValid('12345678931')).toBe(false);
    expect(npiValid('abcdefghij')).toBe(false);
  });

  it('reads spaced or dashed NPIs and US phone numbers', () => {
    expect(readProfileField('npi', '123-456-7893')).toEqual({ ok: true, value: '1234567893' });
    expect(readProfileField('phone', '+1 555.123.4567')).toEqual({ ok: true, value: '(555) 123-4567' });
    expect(readProfileField('fax', '12345')).toEqual({ ok: false, problem: 'phone' });
  });
});

describe('the practice profile', () => {
  it('is edited field by field, refuses a bad NPI kindly, and fills the care-team letter', async () => {
    const c = new Conversation();
    await c.start();
    await c.choose("I'm on the care team");
    const opened = await c.send('profile');
    expect(texts(opened)).toMatch(/practice profile is empty/);
    expect(c.lastQuestion().step).toBe('profile');

    expect(await setField(c, 'Prescriber name', 'Jane Rivera')).toMatch(/Saved: Prescriber name/);
    await setField(c, 'Credentials', 'MD');
    const bad = await setField(c, 'NPI', '1234567890');
    expect(bad).toMatch(/isn't a valid NPI/);
    // The question stays on the NPI; the next try is taken.
    expect(texts(await c.send('1234567893'))).toMatch(/Saved: NPI/);
    await setField(c, 'Practice name', 'Lakeside Neurology');
    await setField(c, 'Street address', '12 Lake St');
    await setField(c, 'City, state and ZIP', 'Springfield, IL 62701');
    await setField(c, 'Phone', '555 123 4567');
    await setField(c, 'Fax', '555-123-4568');
    await setField(c, 'Specialty', 'neurologist');
    const q = c.lastQuestion();
    expect(q.input.type === 'choices' && q.input.choices.find((ch) => ch.id === 'npi')?.description).toBe('1234567893');
    const done = await c.choose('Done');
    expect(texts(done)).toMatch(/Back to where we were/);
    expect(c.lastQuestion().step).toBe('insurer');

    for (const answer of SEED) await c.send(answer);
    await c.choose('The prescriber');
    // The details form comes first: its prescriber fields are filled from the profile.
    const form = c.lastQuestion().input;
    const values = Object.fromEntries(
      (form.type === 'form' ? form.groups.flatMap((g) => g.fields) : []).map((f) => [f.id, f.value]),
    );
    expect(values).toMatchObject({
      prescriberName: 'Jane Rivera',
      practiceName: 'Lakeside Neurology',
      practiceAddress: '12 Lake St\nSpringfield, IL 62701',
    });
    expect(values.patientName).toBeUndefined();
    // Skipped, the letter still takes the prescriber's details from the profile.
    await c.choose('Skip, keep the blanks');
    const letter = await letterText(c.lastFile());
    expect(letter).toContain('Jane Rivera, MD');
    expect(letter).toContain('Lakeside Neurology');
    expect(letter).toContain('12 Lake St');
    expect(letter).toContain('Springfield, IL 62701');
    expect(letter).toContain('Phone: (555) 123-4567   Fax: (555) 123-4568');
    expect(letter).toContain('NPI: 1234567893');
    expect(letter).not.toContain('[Prescriber name]');
    expect(letter).not.toContain('[NPI number]');
  });

  it('survives "start over", is deleted from its menu, and "forget me" deletes it with everything else', async () => {
    const c = new Conversation();
    await c.start();
    await setField(c, 'Prescriber name', 'Jane Rivera');
    await c.choose('Done');
    await c.send('start over');
    await c.send('profile');
    let q = c.lastQuestion();
    expect(q.input.type === 'choices' && q.input.choices.find((ch) => ch.id === 'name')?.description).toBe(
      'Jane Rivera',
    );
    expect(texts(await c.choose('Delete my profile'))).toMatch(/Deleted your practice profile/);
    await c.send('profile');
    q = c.lastQuestion();
    expect(q.text).toMatch(/practice profile is empty/);

    await setField(c, 'Practice name', 'Lakeside Neurology');
    expect(texts(await c.send('forget me'))).toMatch(/deleted everything/);
    // Nothing is left: the next message starts a brand-new conversation, with an empty profile.
    expect(texts(await c.send('hello'))).toMatch(/I'm Overturn/);
    expect(texts(await c.send('profile'))).toMatch(/practice profile is empty/);
  });

  it('typed field names work, and an unknown word gets the menu again', async () => {
    const c = new Conversation();
    await c.start();
    await c.send('profile');
    const unknown = await c.send('banana');
    expect(texts(unknown)).toMatch(/not sure which detail/);
    await c.send('fax');
    expect(c.lastQuestion().text).toMatch(/fax number/);
    expect(texts(await c.send('not a number'))).toMatch(/doesn't look like a US phone number/);
  });
});
