import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot.js';
import { MemoryJobStore } from '../../src/core/jobs/job-store.js';
import { MemorySessionStore, type SessionData, type SessionStore } from '../../src/core/session-store.js';
import type { QuestionReply, Reply } from '../../src/core/types.js';
import { Conversation, typeScenario } from '../helpers/chat.js';
import { movableClock } from '../helpers/movable-clock.js';

const CONVERSATION = 'test:space:user';

function texts(replies: Reply[]): string[] {
  return replies.map((r) => (r.kind === 'text' || r.kind === 'question' ? r.text : r.kind));
}

/** A bot on memory stores whose "test" platform delivers by push into `delivered`. */
function setup(options: { start?: string; store?: SessionStore; failures?: number; logLines?: string[] } = {}) {
  const clock = movableClock(options.start ?? '2026-04-01T15:00:00Z');
  const jobs = new MemoryJobStore();
  const lines = options.logLines ?? [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  const bot = createBot({ clock, jobs, store: options.store ?? new MemorySessionStore(), logger, reminderPollMs: 0 });
  const delivered: Reply[][] = [];
  let failures = options.failures ?? 0;
  bot.reminders.deliverVia('test', async (conversation, replies) => {
    expect(conversation).toBe(CONVERSATION);
    if (failures > 0) {
      failures -= 1;
      throw Object.assign(new Error('platform down'), { code: 'ECONNREFUSED' });
    }
    delivered.push(replies);
  });
  const c = new Conversation(bot, CONVERSATION);
  return { clock, jobs, bot, delivered, c };
}

async function toLetter(c: Conversation, date = '2026-03-03'): Promise<Reply[]> {
  await typeScenario(c, {
    insurer: 'cigna',
    drug: 'ocrevus',
    reason: 'not medically necessary',
    plan: 'employer plan',
    stage: 'first',
    date,
    urgent: 'no',
  });
  await c.choose('Me (patient or representative)');
  return c.choose('Skip');
}

describe('reminders after the letter', () => {
  it('asks after the letter, schedules three, fires each once on its day, and moves the decision when sent', async () => {
    const { clock, jobs, bot, delivered, c } = setup();
    const letterTurn = await toLetter(c);
    const offer = letterTurn.at(-1) as QuestionReply;
    expect(offer).toMatchObject({ kind: 'question', step: 'reminders' });
    expect(offer.text).toContain('Friday, August 21, 2026');
    expect(offer.hint).toContain('Sunday, September 27, 2026');

    const yes = await c.choose('Yes, remind me');
    expect(texts(yes)[0]).toContain(
      [
        "Done. I'll message you here on:",
        '- Friday, August 14, 2026: a week left to send your appeal',
        '- Thursday, August 20, 2026: one day left to send your appeal',
        "- Sunday, September 20, 2026: the plan must have decided; I'll ask whether it answered",
      ].join('\n'),
    );
    expect(texts(yes)[0]).toContain('until Sunday, September 27, 2026 (a week after the last reminder)');
    expect((await jobs.list(CONVERSATION)).map((j) => [j.id, new Date(j.due).toISOString()])).toEqual([
      ['send-week:2026-08-14', '2026-08-14T16:00:00.000Z'],
      ['send-day:2026-08-20', '2026-08-20T16:00:00.000Z'],
      ['decision:2026-09-20', '2026-09-20T16:00:00.000Z'],
    ]);
    const status = texts(await c.send('status'))[0]!;
    expect(status).toContain('Reminders pending:\n- Friday, August 14, 2026: a week left to send your appeal');

    // Nothing is due before its day and hour.
    clock.set('2026-08-14T15:59:00Z');
    expect(await bot.reminders.tick()).toBe(0);
    clock.set('2026-08-14T16:00:00Z');
    expect(await bot.reminders.tick()).toBe(1);
    expect(await bot.reminders.tick()).toBe(0);
    expect(delivered.map(texts)).toEqual([
      [expect.stringMatching(/^Reminder: one week left to send your appeal\. Send it by Friday, August 21, 2026\./)],
    ]);
    expect(JSON.stringify(delivered)).not.toMatch(/ocrevus|cigna/i);

    // "I sent it on" a date still ahead is refused kindly; a past one moves the decision reminder.
    expect(texts(await c.send('I sent it on August 20'))[0]).toMatch(/still ahead/);
    const sent = texts(await c.send('I sent it on August 14'))[0]!;
    expect(sent).toContain('Noted: you sent it on Friday, August 14, 2026.');
    expect(sent).toContain('The plan must decide by Sunday, September 13, 2026');
    expect((await jobs.list(CONVERSATION)).map((j) => j.id)).toEqual(['decision:2026-09-13']);

    clock.set('2026-09-13T16:00:00Z');
    expect(await bot.reminders.tick()).toBe(1);
    const ask = delivered.at(-1)!.at(-1) as QuestionReply;
    expect(ask).toMatchObject({ step: 'plan-answer' });
    expect(ask.text).toContain('Did the plan answer?');
    expect(ask.input.type === 'choices' && ask.input.choices.map((ch) => ch.label)).toEqual([
      'They approved it',
      'They denied my appeal',
      'No answer yet',
    ]);
    expect(texts(await c.send('status'))[0]).toContain('No reminders pending.');

    // "They denied my appeal" from the reminder's button: the next level, from its own decision letter.
    c.transcript.push(ask);
    const next = await c.choose('They denied my appeal');
    expect(texts(next)[0]).toMatch(/next level/);
    expect(next.at(-1)).toMatchObject({ kind: 'question', step: 'denialDate' });
    await c.send('2026-09-10');
    const summary = c.lastSummary();
    expect(summary.deadlines.map((d) => [d.id, d.due])).toEqual([
      ['send-by:request-external-review-state', '2026-12-31'],
      ['request-external-review-state', '2027-01-10'],
      ['reviewer-decides-standard', '2026-10-28'],
    ]);
  });

  it('"stop reminders" and "forget me" cancel every pending reminder', async () => {
    const { jobs, c } = setup();
    await toLetter(c);
    await c.choose('Yes, remind me');
    expect(await jobs.list(CONVERSATION)).toHaveLength(3);
    expect(texts(await c.send('stop reminders'))[0]).toMatch(
      /^Reminders stopped\. Your answers are kept for the usual 30 days/,
    );
    expect(await jobs.list(CONVERSATION)).toEqual([]);
    expect(texts(await c.send('status'))[0]).toContain('No reminders pending.');

    const again = setup();
    await toLetter(again.c);
    await again.c.choose('Yes, remind me');
    await again.c.send('forget me');
    expect(await again.jobs.list(CONVERSATION)).toEqual([]);
    // A reminder that was claimed before "forget me" finds nobody and says nothing.
    again.clock.set('2026-12-01T00:00:00Z');
    expect(await again.bot.reminders.tick()).toBe(0);
    expect(again.delivered).toEqual([]);
  });

  it('a platform outage retries with backoff and then delivers once', async () => {
    const { clock, bot, delivered, c } = setup({ failures: 2 });
    await toLetter(c);
    await c.choose('Yes, remind me');
    clock.set('2026-08-14T16:00:00Z');
    expect(await bot.reminders.tick()).toBe(1);
    clock.set('2026-08-14T16:00:30Z');
    expect(await bot.reminders.tick()).toBe(0); // the first retry waits a minute
    clock.set('2026-08-14T16:01:00Z');
    expect(await bot.reminders.tick()).toBe(1); // fails again; next in two minutes
    clock.set('2026-08-14T16:03:00Z');
    expect(await bot.reminders.tick()).toBe(1);
    expect(delivered).toHaveLength(1);
    clock.set('2026-08-15T16:00:00Z');
    expect(await bot.reminders.tick()).toBe(0);
  });

  it('a platform that stays down is given up with one log line, no health data, and no loop', async () => {
    const logLines: string[] = [];
    const { clock, jobs, bot, delivered, c } = setup({ failures: 1000, logLines });
    await toLetter(c);
    await c.choose('Yes, remind me');
    let ran = 0;
    for (let minutes = 0; minutes < 24 * 60; minutes += 10) {
      clock.set(new Date(Date.parse('2026-08-14T16:00:00Z') + minutes * 60_000).toISOString());
      ran += await bot.reminders.tick();
    }
    expect(ran).toBe(6);
    expect(delivered).toEqual([]);
    expect((await jobs.list(CONVERSATION)).map((j) => j.id)).toEqual(['send-day:2026-08-20', 'decision:2026-09-20']);
    const gaveUp = logLines.filter((l) => l.includes('job_given_up'));
    expect(gaveUp).toHaveLength(1);
    expect(JSON.parse(gaveUp[0]!)).toMatchObject({ code: 'job_given_up', attempts: 6, err: 'Error:ECONNREFUSED' });
    expect(logLines.join('\n')).not.toMatch(/ocrevus|cigna|test:space:user|August/i);
  });

  it('keeps the session until a week after the last pending reminder, then the usual expiry', async () => {
    const ttls: number[] = [];
    const inner = new MemorySessionStore();
    const recording: SessionStore = {
      get: (key) => inner.get(key),
      put: (key, data: SessionData, expected, ttl) => {
        ttls.push(ttl);
        return inner.put(key, data, expected, ttl);
      },
      delete: (key) => inner.delete(key),
      close: () => inner.close(),
    };
    // Dates ahead of the real clock: the session store's expiry counts real time.
    const { c } = setup({ start: '2027-03-01T15:00:00Z', store: recording });
    await toLetter(c, '2027-02-26');
    await c.choose('Yes, remind me');
    // Filing deadline Aug 25 (180 days), send by Aug 18, decision reminder 30 days later.
    const lastReminder = Date.parse('2027-09-17T16:00:00Z');
    const kept = (lastReminder + 7 * 86_400_000 - Date.now()) / 1000;
    expect(ttls.at(-1)).toBeGreaterThan(kept - 60);
    expect(ttls.at(-1)).toBeLessThanOrEqual(kept + 1);
    await c.send('stop reminders');
    expect(ttls.at(-1)).toBe(30 * 86_400);
  });

  it('the web chat shows due reminders when the user comes back', async () => {
    const clock = movableClock('2026-04-01T15:00:00Z');
    const bot = createBot({ clock, jobs: new MemoryJobStore() });
    bot.reminders.showOnReturn('web');
    const c = new Conversation(bot, 'web:local:visitor');
    const letter = await toLetter(c);
    expect((letter.at(-1) as QuestionReply).text).toMatch(/can't message you/);
    await c.choose('Yes, remind me');
    clock.set('2026-08-15T09:00:00Z');
    const back = texts(await c.start());
    expect(back).toEqual([expect.stringMatching(/^Reminder: one week left to send your appeal/)]);
    expect(texts(await c.start())).not.toContain(back[0]);
  });
});
