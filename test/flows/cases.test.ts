import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { isRecord } from '../../src/core/json.js';
import { MemorySessionStore } from '../../src/core/session-store.js';
import { MemoryJobStore } from '../../src/core/jobs/job-store.js';
import type { QuestionReply, Reply } from '../../src/core/types.js';
import { loadAppealState } from '../../src/flows/appeal/state.js';
import { Conversation, texts } from '../helpers/chat.js';
import { movableClock } from '../helpers/movable-clock.js';

const OCREVUS = ['cigna', 'ocrevus', 'not medically necessary', 'employer plan', 'first', '2026-03-03', 'no'];
const SAPHNELO_START = ['aetna', 'saphnelo'];

function choiceLabels(q: QuestionReply): string[] {
  return q.input.type === 'choices' ? q.input.choices.map((c) => c.label) : [];
}

function choiceIds(q: QuestionReply): string[] {
  return q.input.type === 'choices' ? q.input.choices.map((c) => c.id) : [];
}

async function careTeam(c: Conversation): Promise<void> {
  await c.start();
  await c.choose("I'm on the care team");
}

async function answer(c: Conversation, answers: string[]): Promise<void> {
  for (const a of answers) await c.send(a);
}

describe('many cases per person', () => {
  it('keeps each case\'s answers apart while switching by list, by number and by "case N"', async () => {
    const store = new MemorySessionStore();
    const c = new Conversation(createBot({ clock: movableClock('2026-04-01T12:00:00Z'), store }));
    await careTeam(c);
    await answer(c, OCREVUS);
    expect(c.lastQuestion().step).toBe('author');

    const opened = await c.send('new case');
    expect(texts(opened)).toMatch(/Case 2 is open/);
    // The care team is not asked who they are again; the new case starts at the insurer.
    expect(c.lastQuestion().step).toBe('insurer');
    await answer(c, SAPHNELO_START);
    expect(c.lastQuestion().step).toBe('reason');

    await c.send('cases');
    const list = c.lastQuestion();
    expect(list.step).toBe('cases');
    expect(list.text).toBe('Your cases: 2 open, 0 closed. Which one do you want to work on?');
    expect(choiceLabels(list)).toEqual([
      'Case 1 · Ocrevus · Cigna Healthcare · notice of Mar 3',
      'Case 2 · Saphnelo · Aetna (CVS Health) (now)',
      'Start a new case',
    ]);
    // Buttons carry case numbers only, never a drug or an insurer.
    expect(choiceIds(list)).toEqual(['case-1', 'case-2', 'new']);

    const back = await c.choose('Case 1');
    expect(texts(back)).toMatch(/Now working on:\nCase 1 · Ocrevus · Cigna Healthcare · notice of Mar 3/);
    expect(c.lastQuestion().step).toBe('author');
    expect(texts(await c.send('status'))).toMatch(/insurer: Cigna Healthcare\n- drug: Ocrevus/);

    await c.send('case 2');
    expect(c.lastQuestion().step).toBe('reason');
    const status = texts(await c.send('status'));
    expect(status).toMatch(/Saphnelo/);
    expect(status).not.toMatch(/Ocrevus|Cigna/);

    // Finishing case 2 leaves case 1's plan as it was.
    await answer(c, ['not medically necessary', 'employer plan', 'first', '2026-03-10', 'no']);
    expect(c.lastSummary().facts).toContainEqual({ label: 'Drug', value: 'Saphnelo (anifrolumab-fnia)' });
    await c.send('cases');
    await c.send('1');
    expect(texts(await c.send('status'))).toMatch(/Ocrevus/);

    // What is stored reads back as the same cases.
    const saved = (await store.get('test:space:user'))?.data;
    const state = loadAppealState(isRecord(saved) ? saved.state : null);
    expect(state?.cases?.current.id).toBe(1);
    expect(state?.cases?.others.map((o) => [o.id, o.answers.drug?.id])).toEqual([[2, 'saphnelo']]);
  });

  it('renames without identifiers, closes, reopens and deletes cases', async () => {
    const c = new Conversation();
    await careTeam(c);
    await answer(c, OCREVUS);
    await c.send('new case');
    await answer(c, SAPHNELO_START);

    expect(texts(await c.send('rename case 3/4/1980 J. Doe'))).toMatch(/don't put dates, member or record numbers/);
    expect(texts(await c.send('rename case 1234567'))).toMatch(/don't put dates/);
    expect(texts(await c.send('rename case MS clinic, Tuesday'))).toMatch(/Renamed:\nCase 2 · MS clinic, Tuesday/);
    expect(texts(await c.send('rename case 1 infusion suite'))).toMatch(/Renamed:\nCase 1 · infusion suite/);

    const closed = await c.send('close case');
    expect(texts(closed)).toMatch(/Closed:\nCase 2 · MS clinic, Tuesday/);
    expect(texts(closed)).toMatch(/type "case 2" to open it again/);
    // The current case was closed: work goes on with the other open one.
    expect(texts(closed)).toMatch(/Now working on:\nCase 1 · infusion suite/);
    await c.send('cases');
    expect(choiceLabels(c.lastQuestion())).toEqual([
      'Case 1 · infusion suite (now)',
      'Case 2 · MS clinic, Tuesday (closed)',
      'Start a new case',
    ]);
    expect(c.lastQuestion().text).toMatch(/1 open, 1 closed/);

    expect(texts(await c.choose('Case 2'))).toMatch(/Opened again, and now working on:\nCase 2 · MS clinic/);
    expect(c.lastQuestion().step).toBe('reason');

    await c.send('delete case 1');
    expect(c.lastQuestion().step).toBe('case-delete');
    expect(c.lastQuestion().text).toMatch(/Delete this case and all its answers\?\nCase 1 · infusion suite/);
    expect(texts(await c.choose('No, keep it'))).toMatch(/Kept/);
    await c.send('delete case 1');
    expect(texts(await c.send('yes'))).toMatch(/Deleted:\nCase 1 · infusion suite/);
    expect(texts(await c.send('case 1'))).toMatch(/There is no case 1/);

    // Deleting the case being worked on, with no other left, opens a fresh one: numbers are never reused.
    await c.send('delete case');
    const last = await c.choose('Yes, delete it');
    expect(texts(last)).toMatch(/Deleted:\nCase 2 · MS clinic[\s\S]*Case 3 is open/);
    expect(c.lastQuestion().step).toBe('insurer');
  });

  it('refuses a 51st open case with a clear way forward', async () => {
    const c = new Conversation();
    await careTeam(c);
    for (let i = 2; i <= 50; i += 1) await c.send('new case');
    const refused = await c.send('new case');
    expect(texts(refused)).toMatch(/You have 50 open cases, the most I keep open at once. Close or delete one first/);
    expect(c.lastQuestion().step).toBe('insurer');
    await c.send('close case 7');
    expect(texts(await c.send('new case'))).toMatch(/Case 51 is open/);
    // Reopening a closed case counts too.
    expect(texts(await c.send('case 7'))).toMatch(/You have 50 open cases/);
  });

  it('deletes each case on its own once it has not been worked on for the retention period', async () => {
    const clock = movableClock('2026-04-01T12:00:00Z');
    const c = new Conversation(createBot({ clock, ttlSeconds: 30 * 86_400 }));
    await careTeam(c);
    await answer(c, OCREVUS);
    await c.send('new case');
    await c.send('aetna');
    clock.set('2026-04-20T12:00:00Z');
    await c.send('saphnelo');
    // Case 1 was last worked on April 1: kept through May 1, gone after.
    clock.set('2026-05-01T12:00:00Z');
    await c.send('cases');
    expect(choiceLabels(c.lastQuestion())).toContain('Case 1 · Ocrevus · Cigna Healthcare · notice of Mar 3');
    clock.set('2026-05-02T12:00:00Z');
    const later = await c.send('status');
    expect(texts(later)).toMatch(
      /This case was deleted because nothing was added to it for a while:\nCase 1 · Ocrevus · Cigna Healthcare/,
    );
    await c.send('cases');
    expect(choiceLabels(c.lastQuestion())).toEqual([
      'Case 2 · Saphnelo · Aetna (CVS Health) (now)',
      'Start a new case',
    ]);
  });

  it("keeps every case's reminders, and a reminder of another case switches to it", async () => {
    const clock = movableClock('2026-04-01T15:00:00Z');
    const jobs = new MemoryJobStore();
    const bot = createBot({ clock, jobs, reminderPollMs: 0 });
    const delivered: Reply[][] = [];
    bot.reminders.deliverVia('test', async (_conversation, replies) => void delivered.push(replies));
    const c = new Conversation(bot);
    await c.start();
    await answer(c, OCREVUS);
    await c.choose('Me (patient or representative)');
    await c.choose('Skip, keep the blanks');
    await c.choose('Yes, remind me');
    const first = (await jobs.list('test:space:user')).map((j) => j.id);
    expect(first).toEqual(['send-week:2026-08-14', 'send-day:2026-08-20', 'decision:2026-09-20']);

    await c.send('new case');
    await answer(c, ['cigna', 'saphnelo', 'not medically necessary', 'employer plan', 'first', '2026-03-10', 'no']);
    await c.choose('Me (patient or representative)');
    await c.choose('Skip, keep the blanks');
    await c.choose('Yes, remind me');
    // Case 2's reminders join case 1's instead of replacing them.
    expect((await jobs.list('test:space:user')).map((j) => j.id).sort()).toEqual(
      [...first, 'c2:send-week:2026-08-21', 'c2:send-day:2026-08-27', 'c2:decision:2026-09-27'].sort(),
    );
    await c.send('case 1');
    clock.set('2026-08-21T16:00:00Z');
    // Case 1's week reminder (August 14) fires late along with case 2's; case 2's brings the user to case 2.
    expect(await bot.reminders.tick()).toBe(3);
    const said = delivered.map((replies) => texts(replies)).join('\n');
    expect(said).toMatch(/A reminder about another case, so we're now working on it:\nCase 2 · Saphnelo/);
    // Closing a case stops its reminders and leaves the others'.
    await c.send('close case 2');
    expect((await jobs.list('test:space:user')).map((j) => j.id)).toEqual(['decision:2026-09-20']);
  });

  it("keeps each case's letter details apart, in the private part of the session only", async () => {
    const store = new MemorySessionStore();
    const c = new Conversation(createBot({ clock: movableClock('2026-04-01T12:00:00Z'), store }));
    const formValues = () => {
      const form = c.lastQuestion().input;
      return Object.fromEntries(
        (form.type === 'form' ? form.groups.flatMap((g) => g.fields) : []).map((f) => [f.id, f.value]),
      );
    };
    await careTeam(c);
    await answer(c, OCREVUS);
    await c.choose('The prescriber');
    await c.send({ kind: 'form', step: 'details', values: { patientName: 'Ann Example', memberId: 'M111' } });
    await c.send('new case');
    await answer(c, ['aetna', 'saphnelo', 'not medically necessary', 'employer plan', 'first', '2026-03-10', 'no']);
    await c.choose('The prescriber');
    expect(formValues().patientName).toBeUndefined();
    await c.send({ kind: 'form', step: 'details', values: { patientName: 'Bea Example' } });

    await c.send('case 1');
    await c.choose('Add or change the letter details');
    expect(formValues()).toMatchObject({ patientName: 'Ann Example', memberId: 'M111' });
    await c.send('case 2');
    await c.choose('Add or change the letter details');
    expect(formValues().patientName).toBe('Bea Example');

    const shared = JSON.stringify((await store.get('test:space:user'))?.data);
    const hidden = JSON.stringify((await store.get('test:space:user#private'))?.data);
    expect(shared).not.toMatch(/Ann Example|Bea Example|M111/);
    expect(hidden).toMatch(/Ann Example/);
    expect(hidden).toMatch(/Bea Example/);

    // Deleting case 1 deletes its details too.
    await c.send('delete case 1');
    await c.send('yes');
    expect(JSON.stringify((await store.get('test:space:user#private'))?.data)).not.toMatch(/Ann Example|M111/);
  });

  it('"forget me" deletes every case', async () => {
    const store = new MemorySessionStore();
    const c = new Conversation(createBot({ clock: movableClock('2026-04-01T12:00:00Z'), store }));
    await careTeam(c);
    await answer(c, OCREVUS);
    await c.send('new case');
    await answer(c, SAPHNELO_START);
    await c.send('forget me');
    expect(await store.get('test:space:user')).toBeNull();
    await c.send('hello');
    await c.send('cases');
    expect(choiceLabels(c.lastQuestion())).toEqual(['Case 1 · not started (now)', 'Start a new case']);
  });
});
