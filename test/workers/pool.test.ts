import { afterEach, describe, expect, it } from 'vitest';
import { appealContext, createBot, fixedClock } from '../../src/bot.js';
import { OverturnError, isOverturnError } from '../../src/core/errors.js';
import type { FileReply, Reply } from '../../src/core/types.js';
import { translator } from '../../src/core/i18n.js';
import { calendarEntries, icsText } from '../../src/flows/appeal/calendar-file.js';
import { appealHelp } from '../../src/flows/appeal/domain/where-to-get-help.js';
import {
  buildAppealLetter,
  buildLetterFile,
  buildPeerToPeerSheet,
  portableLetterRequest,
} from '../../src/flows/appeal/letter/index.js';
import { voicedTranslator } from '../../src/flows/appeal/voice.js';
import { poolCalendarWriter, poolLetterBuilder } from '../../src/workers/letters.js';
import { createWorkerPool, type WorkerPool } from '../../src/workers/pool.js';
import { lowerOtherThreads } from '../../src/workers/priority.js';
import { Conversation, SEED_ANSWERS, typeScenario } from '../helpers/chat.js';
import { processThreads } from '../helpers/threads.js';
import { caseOf, docxText, everyDetail, knowledge, t, TODAY } from '../letter/support.js';

const pools: WorkerPool[] = [];
function pool(...args: Parameters<typeof createWorkerPool>): WorkerPool {
  const created = createWorkerPool(...args);
  pools.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function atSigner(c: Conversation): Promise<void> {
  await typeScenario(c, SEED_ANSWERS);
}

/** The nice value of each thread of this process by thread id. */
function threadNiceness(): Map<number, number> {
  return new Map(processThreads().map((thread) => [thread.tid, thread.nice]));
}

describe('the worker pool', () => {
  it.runIf(process.platform === 'linux')(
    'runs its threads, and the helpers that collect their heaps, at a lower priority than the event loop, so letters yield the CPU to acknowledgements',
    async () => {
      expect([...threadNiceness().values()].filter((n) => n !== 0)).toEqual([]);
      const lowered = pool({ threads: 2, nice: 7 });
      await lowered.warm();
      const after = threadNiceness();
      // Each worker thread is lowered, and so is every other thread (V8's helpers, which collect the workers'
      // heaps); only the event loop's thread is not.
      expect(after.get(process.pid)).toBe(0);
      expect(after.size).toBeGreaterThanOrEqual(4);
      expect([...after].filter(([tid]) => tid !== process.pid).map(([, nice]) => nice)).toEqual(
        Array.from({ length: after.size - 1 }, () => 7),
      );
    },
  );

  it.runIf(process.platform === 'linux')(
    'keeps a thread that starts while the others are being lowered at the pool priority, not lower still',
    async () => {
      const racing = pool({ threads: 2, nice: 7 });
      // The pool's own sweep runs every 10 s; this one runs every millisecond, so it reaches the threads as they start.
      const sweeping = setInterval(() => lowerOtherThreads(7), 1);
      try {
        await racing.warm();
      } finally {
        clearInterval(sweeping);
      }
      const others = [...threadNiceness()].filter(([tid]) => tid !== process.pid).map(([, nice]) => nice);
      expect(new Set(others)).toEqual(new Set([7]));
    },
  );

  it('loads what a denial reading needs in its thread, before the reading is timed', async () => {
    const reader = pool({ threads: 1 });
    await expect(reader.run({ name: 'denial.warm', payload: {} })).resolves.toBe(true);
    const fields = await reader.run({
      name: 'denial.fields',
      payload: { text: 'Cigna denied Ocrevus as not medically necessary.', today: TODAY },
    });
    expect(fields).toMatchObject({ fields: { insurer: { value: 'Cigna Healthcare' }, drug: { value: 'Ocrevus' } } });
  });

  it('builds in a worker thread the same letter as in process', async () => {
    const request = { appeal: caseOf(), author: 'care-team' as const, t, today: TODAY };
    const [inWorker, here] = await Promise.all([
      buildAppealLetter(request, poolLetterBuilder(pool({ threads: 2 }))),
      buildAppealLetter(request),
    ]);
    expect(inWorker.docx.fileName).toBe('appeal-ocrevus-cigna-2026-03-03.docx');
    expect(inWorker.pdf.fileName).toBe('appeal-ocrevus-cigna-2026-03-03.pdf');
    // Stamped with the letter's day, the same answers give the same bytes wherever they are packed.
    expect(inWorker.docx.bytes).toEqual(here.docx.bytes);
    expect(inWorker.pdf.bytes).toEqual(here.pdf.bytes);
    expect(await docxText(inWorker.docx.bytes)).toContain('Dear Medical Director:');
  });

  it('composes in a worker thread what it would compose here, whatever language and voice the request speaks', async () => {
    // The notes page in Spanish as a care team reads it, with every detail and the state's help: the
    // translators cross the thread by name and must come out the same.
    const appeal = caseOf();
    const stateHelp = appealHelp(appeal, 'CA', knowledge).state;
    expect(stateHelp).toBeDefined();
    const request = {
      appeal,
      ...(stateHelp ? { stateHelp } : {}),
      author: 'care-team' as const,
      t,
      notes: { t: voicedTranslator(translator('es'), 'care-team') },
      today: TODAY,
      details: everyDetail,
      detailsReviewed: true,
    };
    const workers = poolLetterBuilder(pool({ threads: 2 }));
    const [inWorker, here, sheetInWorker, sheetHere] = await Promise.all([
      buildAppealLetter(request, workers),
      buildAppealLetter(request),
      buildPeerToPeerSheet({ appeal: caseOf(), t: voicedTranslator(t, 'care-team'), today: TODAY }, workers),
      buildPeerToPeerSheet({ appeal: caseOf(), t: voicedTranslator(t, 'care-team'), today: TODAY }),
    ]);
    expect(inWorker.docx.bytes).toEqual(here.docx.bytes);
    expect(inWorker.pdf.bytes).toEqual(here.pdf.bytes);
    expect(sheetInWorker.bytes).toEqual(sheetHere.bytes);
    expect(await docxText(inWorker.docx.bytes)).toContain('Antes de enviar esta carta');
  });

  it('refuses jobs past its queue limit with busy instead of queueing them all', async () => {
    const workers = pool({ threads: 1, maxQueue: 2, retryDelaysMs: [] });
    const request = portableLetterRequest({ appeal: caseOf(), author: 'patient', t, today: TODAY });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => workers.run({ name: 'letter.docx', payload: { request } })),
    );
    const refused = outcomes.filter((o) => o.status === 'rejected');
    const built = outcomes.filter((o) => o.status === 'fulfilled');
    // One job may be running and two waiting; every other one is refused at once.
    expect(built.length).toBeGreaterThanOrEqual(2);
    expect(built.length).toBeLessThanOrEqual(3);
    expect(refused.length).toBe(8 - built.length);
    for (const o of refused) expect(isOverturnError((o as PromiseRejectedResult).reason, 'busy')).toBe(true);
    expect(workers.queueDepth()).toBe(0);
  });

  it('tries a refused job again once the queue has room', async () => {
    // Waits long enough for the queue to drain even on a loaded machine; what is tested is that nothing is refused.
    const workers = pool({ threads: 1, maxQueue: 1, retryDelaysMs: Array.from({ length: 60 }, () => 250) });
    const request = portableLetterRequest({ appeal: caseOf(), author: 'patient', t, today: TODAY });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, () => workers.run({ name: 'letter.docx', payload: { request } })),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('rejects an unknown job name', async () => {
    const request = { name: 'no.such.job', payload: {} } as unknown as Parameters<WorkerPool['run']>[0];
    await expect(pool({ threads: 1 }).run(request)).rejects.toThrow(/unknown/);
  });
});

describe('a busy pool as the user sees it', () => {
  it('answers "busy, try again" with the signer question, and the letter comes when the user tries again', async () => {
    let calls = 0;
    const bot = createBot({
      clock: fixedClock('2026-04-01'),
      buildLetter: async (request, format) => {
        calls += 1;
        if (calls <= 2) throw new OverturnError('busy', 'worker queue full');
        return buildLetterFile(request, format);
      },
    });
    const c = new Conversation(bot);
    await atSigner(c);
    await c.choose('Me (patient or representative)');
    const busy: Reply[] = await c.choose('Skip');
    expect(busy.some((r) => r.kind === 'file')).toBe(false);
    expect(busy).toContainEqual({ kind: 'text', tone: 'warning', text: t('appeal.letter.busy') });
    expect(busy.at(-1)).toMatchObject({ kind: 'question', step: 'author' });

    // A second click on the same button is a double click to the engine; typing the signer is a new answer.
    const again = await c.send('patient');
    const file = again.find((r): r is FileReply => r.kind === 'file');
    expect(file?.fileName).toBe('appeal-ocrevus-cigna-2026-03-03.docx');
  });

  /** The care team's letter turn, with documents made by `documents` (in process when empty). */
  async function careTeamLetter(documents: Parameters<typeof createBot>[0] = {}): Promise<Conversation> {
    const c = new Conversation(createBot({ clock: fixedClock('2026-04-01'), ...documents }));
    await atSigner(c);
    await c.choose('The prescriber or care team');
    await c.choose('Skip');
    return c;
  }

  it('the whole conversation works with letters and the calendar made in the pool, the same files as in process', async () => {
    const workers = pool({ threads: 1 });
    const [c, here] = await Promise.all([
      careTeamLetter({ buildLetter: poolLetterBuilder(workers), writeCalendar: poolCalendarWriter(workers) }),
      careTeamLetter(),
    ]);
    expect(await docxText(c.lastFile().bytes)).toContain('Dear Medical Director:');
    expect(Buffer.from(c.lastFile('.pdf').bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    for (const extension of ['.docx', '.pdf', '.ics']) expect(c.lastFile(extension)).toEqual(here.lastFile(extension));
    expect(Buffer.from(c.lastFile('.ics').bytes).toString()).toContain('BEGIN:VEVENT');
  });

  it('writes the calendar here rather than queue it behind letters, so it never takes a place a letter needs', async () => {
    const ctx = appealContext({
      clock: fixedClock(TODAY),
      knowledge,
      locale: 'en',
      ttlSeconds: 30 * 86_400,
      detailsTtlSeconds: 24 * 3600,
    })();
    const entries = calendarEntries(caseOf(), ctx);
    if (!entries) throw new Error('the seed case has deadlines ahead');
    const jobs: string[] = [];
    const backedUp = {
      queueDepth: () => 3,
      run: async (request: { name: string }) => {
        jobs.push(request.name);
        return 'from the pool';
      },
    };
    expect(await poolCalendarWriter(backedUp)(entries)).toBe(icsText(entries));
    expect(jobs).toEqual([]);
    expect(await poolCalendarWriter({ ...backedUp, queueDepth: () => 0 })(entries)).toBe('from the pool');
    expect(jobs).toEqual(['calendar.ics']);
  });

  it('writes the calendar here when the pool is too busy for it, so the letter still comes with its calendar', async () => {
    const refusing = {
      queueDepth: () => 0,
      run: async (): Promise<unknown> => {
        throw new OverturnError('busy', 'worker queue full');
      },
    };
    const [c, here] = await Promise.all([
      careTeamLetter({ writeCalendar: poolCalendarWriter(refusing) }),
      careTeamLetter(),
    ]);
    expect(c.lastFile('.ics')).toEqual(here.lastFile('.ics'));
  });
});
