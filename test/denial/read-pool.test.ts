import { afterAll, describe, expect, it } from 'vitest';
import { letterReader } from '../../src/flows/appeal/denial/read/index.js';
import type { JobRequest, RunJob } from '../../src/workers/jobs.js';
import { createWorkerPool } from '../../src/workers/pool.js';
import { corpusLetters } from './corpus/letters.js';
import { pageImage, textPdf } from './corpus/render.js';

const letter = corpusLetters()[15]!;
const today = () => '2026-11-30';

describe('reading letters in the worker pool', () => {
  const pool = createWorkerPool({ threads: 1 });
  afterAll(() => pool.close());

  it('stops a page past its time limit while it is being read, and the next file is read on a fresh thread', async () => {
    const pdf = await textPdf(letter.text);
    const patient = letterReader({
      runJob: pool.run,
      today,
      limits: { prepareMs: 120_000, ocrPageMs: 120_000, fieldsMs: 120_000 },
    });
    // The thread is up (a first letter read) before the hasty reader starts its page.
    expect(await patient.read(pdf)).toMatchObject({ ok: true, method: 'text' });
    const photo = await pageImage(letter.text);
    const hasty = letterReader({ runJob: pool.run, today, limits: { prepareMs: 120_000, ocrPageMs: 300 } });
    expect(await hasty.read(photo, 'image/png')).toEqual({ ok: false, problem: 'timeout' });
    const read = await patient.read(pdf);
    expect(read).toMatchObject({ ok: true, method: 'text' });
    expect(read.ok && read.reading.fields.drug?.id).toBe('humira');
  }, 180_000);

  it('tells the sender to try again soon when too many letters are waiting, instead of queueing without end', async () => {
    const pdf = await textPdf(letter.text);
    const started: JobRequest['name'][] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Jobs wait until released: the first letter holds the only place, the second waits, the third is refused.
    const runJob: RunJob = async (request) => {
      started.push(request.name);
      await held;
      return pool.run(request);
    };
    const reader = letterReader({
      runJob,
      today,
      concurrency: 1,
      maxWaiting: 1,
      limits: { prepareMs: 120_000, fieldsMs: 120_000 },
    });
    const first = reader.read(pdf);
    const second = reader.read(pdf);
    expect(await reader.read(pdf)).toEqual({ ok: false, problem: 'busy' });
    expect(started).toEqual(['denial.prepare']);
    release();
    expect(await first).toMatchObject({ ok: true });
    expect(await second).toMatchObject({ ok: true });
    expect(await reader.read(pdf)).toMatchObject({ ok: true });
  }, 180_000);

  it('answers "busy" when the pool itself stays full', async () => {
    const pdf = await textPdf(letter.text);
    const full = createWorkerPool({ threads: 1, maxQueue: 1, retryDelaysMs: [] });
    try {
      // A job that holds the thread and one that fills the queue.
      const holding = [full.run({ name: 'denial.prepare', payload: { bytes: pdf, format: 'pdf' } })];
      holding.push(full.run({ name: 'denial.prepare', payload: { bytes: pdf, format: 'pdf' } }));
      const reader = letterReader({ runJob: full.run, today, limits: { prepareMs: 120_000 } });
      expect(await reader.read(pdf)).toEqual({ ok: false, problem: 'busy' });
      await Promise.all(holding);
    } finally {
      await full.close();
    }
  }, 180_000);
});
