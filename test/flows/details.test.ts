import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { fixedClock } from '../../src/core/clock.js';
import { privateKey } from '../../src/core/engine.js';
import { MemorySessionStore } from '../../src/core/session-store.js';
import { EncryptedSessionStore, parseSessionKey } from '../../src/core/stores/encrypted-store.js';
import type { FileReply, FormField, QuestionReply } from '../../src/core/types.js';
import { manualClock } from '../core/store-contract.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../helpers/chat.js';

const KEY = parseSessionKey('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
const HOUR = 3600;

async function atDetails(c: Conversation, author = 'Me (patient or representative)'): Promise<QuestionReply> {
  await typeScenario(c, SEED_ANSWERS);
  await c.choose(author);
  return c.lastQuestion();
}

function fields(q: QuestionReply): FormField[] {
  if (q.input.type !== 'form') throw new Error('not a form');
  return q.input.groups.flatMap((g) => g.fields);
}

const option = (q: QuestionReply, field: string, label: RegExp) =>
  fields(q)
    .find((f) => f.id === field)!
    .options!.find((o) => label.test(o.label))!.id;

async function text(file: FileReply): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(file.bytes) })).value;
}

describe('the letter details form', () => {
  it('is offered once the signer is known, every field optional, with the privacy sentence where it is asked', async () => {
    const c = new Conversation();
    const q = await atDetails(c);
    expect(q.step).toBe('details');
    expect(q.hint).toContain('for 24 hours');
    expect(q.hint).toContain('"forget me" deletes them at once');
    expect(q.input).toMatchObject({ type: 'form', title: 'Letter details', skip: { id: 'skip' } });
    const ids = fields(q).map((f) => f.id);
    expect(ids).toEqual([
      'patientName',
      'dateOfBirth',
      'patientAddress',
      'patientPhone',
      'patientEmail',
      'memberId',
      'groupNumber',
      'claimNumber',
      'policyNumber',
      'appealsAddress',
      'prescriberName',
      'practiceName',
      'practiceAddress',
      'practicePhone',
      'practiceFax',
      'representativeName',
      'representativeRelationship',
      'representativePhone',
      'approvedUse',
      'tried',
      'triedOther',
      'triedWhen',
      'triedWhy',
    ]);
    // Choices come from the knowledge base: the drug's approved uses, its usual alternatives, its class, "other".
    const uses = fields(q).find((f) => f.id === 'approvedUse')!.options!;
    expect(uses.map((o) => o.label)).toEqual([
      expect.stringMatching(/^relapsing forms of multiple sclerosis/),
      'primary progressive multiple sclerosis in adults',
    ]);
    const tried = fields(q).find((f) => f.id === 'tried')!.options!;
    expect(tried.map((o) => o.label)).toContain('Kesimpta (ofatumumab)');
    expect(tried.map((o) => o.label)).toContain('Tecfidera (dimethyl fumarate)');
    expect(tried.at(-1)!.id).toBe('other');
    // Ids carry positions only, never a name.
    for (const o of [...uses, ...tried]) expect(o.id).toMatch(/^(u|t)\d+$|^class$|^other$/);
  });

  it('a care team is not asked for the patient address or a representative', async () => {
    const q = await atDetails(new Conversation(), 'The prescriber or care team');
    const ids = fields(q).map((f) => f.id);
    expect(ids).not.toContain('patientAddress');
    expect(ids).not.toContain('representativeName');
    expect(ids).toContain('practiceFax');
  });

  it('a submitted form fills the letter; the file names and captions name no one', async () => {
    const c = new Conversation();
    const q = await atDetails(c);
    const replies = await c.send({
      kind: 'form',
      step: 'details',
      values: {
        patientName: '  Jordan A. Rivera ',
        memberId: 'U8812345601',
        prescriberName: 'Dr. Dana Lee',
        approvedUse: option(q, 'approvedUse', /^primary progressive/),
        tried: [option(q, 'tried', /Kesimpta/), 'other', 'x9'],
        triedOther: 'rituximab',
        triedWhen: '2021 to 2024',
        notAField: 'ignored',
      },
    });
    expect(replies.map((r) => r.kind)).toEqual(['text', 'file', 'file', 'file', 'question']);
    const docx = c.lastFile();
    for (const file of [docx, c.lastFile('.pdf')]) {
      expect(file.fileName).not.toMatch(/rivera|U88/i);
      expect(file.caption).not.toMatch(/rivera|U88/i);
    }
    const letter = await text(docx);
    expect(letter).toContain('Jordan A. Rivera');
    expect(letter).toContain('Member ID: U8812345601');
    expect(letter).toContain('which my neurologist, Dr. Dana Lee, prescribed for me');
    expect(letter).toContain('Before Ocrevus, I tried Kesimpta (ofatumumab) and rituximab (2021 to 2024).');
    expect(letter).toContain('It is one of the approved uses above: primary progressive multiple sclerosis in adults');
    expect(letter).not.toContain('ignored');

    // Shown again, the form is prefilled with what was given.
    await c.choose('Add or change the letter details');
    const again = fields(c.lastQuestion());
    expect(again.find((f) => f.id === 'patientName')!.value).toBe('Jordan A. Rivera');
    expect(again.find((f) => f.id === 'tried')!.value).toEqual([option(q, 'tried', /Kesimpta/)]);
  });

  it('"skip" typed or clicked keeps the blanks; other text points to the form', async () => {
    const c = new Conversation();
    await atDetails(c);
    const nudge = await c.send('my name is Jordan');
    expect(nudge[0]).toMatchObject({ kind: 'text', text: expect.stringContaining('Add details') });
    expect(c.lastQuestion().step).toBe('details');
    const skipped = await c.send('no thanks');
    expect(skipped.filter((r) => r.kind === 'file')).toHaveLength(3);
    expect(await text(c.lastFile())).toContain('[Patient name]');
    // A form sent when none is open is stale: nothing is stored.
    const stale = await c.send({ kind: 'form', step: 'details', values: { patientName: 'Late' } });
    expect(stale[0]).toMatchObject({ kind: 'text' });
    expect(stale.some((r) => r.kind === 'file')).toBe(false);
  });

  it('a form sent in pages keeps each page; a field left out keeps its value, an emptied one is cleared', async () => {
    const c = new Conversation();
    await atDetails(c);
    const page1 = await c.send({
      kind: 'form',
      step: 'details',
      values: { patientName: 'Jordan Rivera', dateOfBirth: 'May 4, 1984' },
      partial: true,
    });
    expect(page1.some((r) => r.kind === 'file')).toBe(false);
    expect(fields(c.lastQuestion()).find((f) => f.id === 'patientName')!.value).toBe('Jordan Rivera');
    await c.send({ kind: 'form', step: 'details', values: { memberId: 'U88', dateOfBirth: '' } });
    const letter = await text(c.lastFile());
    expect(letter).toContain('Jordan Rivera');
    expect(letter).toContain('Member ID: U88');
    expect(letter).toContain('[Date of birth]');
  });

  it('an answer longer than the letter keeps is shortened, and the user is told', async () => {
    const c = new Conversation();
    await atDetails(c);
    const replies = await c.send({ kind: 'form', step: 'details', values: { memberId: 'X'.repeat(500) } });
    expect(replies[0]).toMatchObject({ kind: 'text', text: expect.stringContaining('Member ID') });
    expect(await text(c.lastFile())).toContain(`Member ID: ${'X'.repeat(60)}\n`);
  });
});

describe('where the details are kept', () => {
  async function filled(store: MemorySessionStore | EncryptedSessionStore) {
    const bot = createBot({ clock: fixedClock('2026-04-01'), store, detailsTtlSeconds: 24 * HOUR });
    const c = new Conversation(bot, 'test:space:kept');
    await atDetails(c);
    await c.send({ kind: 'form', step: 'details', values: { patientName: 'Jordan Rivera', memberId: 'U88' } });
    return c;
  }

  it('apart from the session, and gone after 24 hours while the answers stay', async () => {
    const clock = manualClock();
    const store = new MemorySessionStore(clock.now);
    const c = await filled(store);
    const main = JSON.stringify((await store.get('test:space:kept'))!.data);
    expect(main).not.toContain('Jordan');
    expect(main).toContain('ocrevus');
    expect(JSON.stringify((await store.get(privateKey('test:space:kept')))!.data)).toContain('Jordan Rivera');

    await clock.elapse(23 * HOUR);
    await c.choose('The prescriber or care team');
    expect(await text(c.lastFile())).toContain('my patient, Jordan Rivera');

    // Other turns do not extend it: the expiry counts from when the details were given.
    await clock.elapse(2 * HOUR);
    expect(await store.get(privateKey('test:space:kept'))).toBeNull();
    expect(await store.get('test:space:kept')).not.toBeNull();
    await c.choose('Me (patient or representative)');
    expect(await text(c.lastFile())).toContain('[Patient name]');
  });

  it('"forget me" deletes them at once', async () => {
    const store = new MemorySessionStore();
    const c = await filled(store);
    await c.send('forget me');
    expect(await store.get(privateKey('test:space:kept'))).toBeNull();
    expect(await store.get('test:space:kept')).toBeNull();
  });

  it('encrypted at rest when a key is set', async () => {
    const inner = new MemorySessionStore();
    await filled(new EncryptedSessionStore(inner, { current: KEY, previous: [] }));
    const raw = JSON.stringify((await inner.get(privateKey('test:space:kept')))!.data);
    expect(raw).not.toContain('Jordan');
    expect(raw).not.toContain('U88');
  });
});
