import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createBot, fixedClock, type Bot } from '../src/bot.js';
import { poolLetterBuilder } from '../src/workers/letters.js';
import { createWorkerPool, defaultThreads } from '../src/workers/pool.js';
import { corpusLetters } from '../test/denial/corpus/letters.js';
import { pageImage } from '../test/denial/corpus/render.js';
import type { BenchResult } from './lib/result.js';
import { BENCH_TODAY, LETTER_TURN, runSeedConversation } from './lib/scenario.js';
import { distribution, rounded } from './lib/stats.js';

export const WORKLOAD =
  'the chat while denial letters are read, on createBot with the server pool (poolLetterBuilder + the pool for reading): ' +
  'seed appeals up to the letter (8 turns) one after another with a 20 ms pause, and beside them one seed appeal with ' +
  'its letter (the .docx built in the pool) every second; ' +
  'rounds of 20 s alternate "quiet" (no letter read) and "OCR" (phone photos of corpus letters sent through ' +
  'bot.handleFile back to back, in other conversations, so Tesseract runs the whole round); 3 rounds each; ' +
  'per-turn latency split into ordinary turns and letter turns, event-loop delay p99, photos read per round';

const ROUND_MS = Number(process.env.DENIAL_LOAD_ROUND_MS ?? 20_000);
const ROUNDS = Number(process.env.DENIAL_LOAD_ROUNDS ?? 3);
const PAUSE_MS = 20;
const LETTER_EVERY_MS = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Round {
  turns: number[];
  letterTurns: number[];
  loopDelayP99: number;
  photosRead: number;
  photoMs: number[];
}

/** A phone photo of a corpus letter: rotated, JPEG, as a user sends it. */
async function photos(): Promise<Uint8Array[]> {
  const letters = corpusLetters().slice(0, 4);
  return Promise.all(
    letters.map(
      async (l) =>
        new Uint8Array(
          await sharp(await pageImage(l.text))
            .rotate(2, { background: '#ddd' })
            .jpeg({ quality: 75 })
            .toBuffer(),
        ),
    ),
  );
}

async function round(bot: Bot, withOcr: boolean, images: Uint8Array[], tag: string): Promise<Round> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const turns: number[] = [];
  const letterTurns: number[] = [];
  const photoMs: number[] = [];
  let stop = false;
  const reading = (async () => {
    let n = 0;
    while (withOcr && !stop) {
      const t0 = performance.now();
      const outcome = await bot.handleFile(
        { conversation: `ocr-${tag}-${n}` },
        { download: async () => images[n % images.length]! },
      );
      if (!outcome.replies.some((r) => r.kind === 'question' && r.step === 'letter'))
        throw new Error('a photo was not read as a letter');
      photoMs.push(performance.now() - t0);
      n += 1;
    }
  })();
  delay.enable();
  const start = performance.now();
  const letters = (async () => {
    for (let c = 0; performance.now() - start < ROUND_MS; c += 1) {
      const t0 = performance.now();
      const timing = await runSeedConversation(bot, `letter-${tag}-${c}`);
      letterTurns.push(timing.turns[LETTER_TURN]!);
      await sleep(Math.max(0, LETTER_EVERY_MS - (performance.now() - t0)));
    }
  })();
  for (let c = 0; performance.now() - start < ROUND_MS; c += 1) {
    turns.push(...(await runSeedConversation(bot, `chat-${tag}-${c}`, LETTER_TURN)).turns);
    await sleep(PAUSE_MS);
  }
  await letters;
  delay.disable();
  stop = true;
  await reading;
  return { turns, letterTurns, loopDelayP99: delay.percentile(99) / 1e6, photosRead: photoMs.length, photoMs };
}

export async function run(): Promise<BenchResult> {
  const started = performance.now();
  const threads = Number(process.env.WORKER_THREADS ?? defaultThreads());
  const pool = createWorkerPool({ threads });
  const bot = createBot({ clock: fixedClock(BENCH_TODAY), pool, buildLetter: poolLetterBuilder(pool) });
  const images = await photos();
  // Warm-up: the pool's thread, Tesseract's model, the letter builder.
  await bot.handleFile({ conversation: 'warm' }, { download: async () => images[0]! });
  await runSeedConversation(bot, 'warm-chat');
  const quiet: Round[] = [];
  const ocr: Round[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    quiet.push(await round(bot, false, images, `q${r}`));
    ocr.push(await round(bot, true, images, `o${r}`));
  }
  await pool.close();
  const summary = (rounds: Round[]) => ({
    turnMs: rounded(distribution(rounds.flatMap((r) => r.turns))),
    letterTurnMs: rounded(distribution(rounds.flatMap((r) => r.letterTurns))),
    loopDelayP99Ms: rounds.map((r) => Math.round(r.loopDelayP99 * 10) / 10),
    photosRead: rounds.reduce((n, r) => n + r.photosRead, 0),
    photoMs: rounded(distribution(rounds.flatMap((r) => r.photoMs))),
  });
  const figures = {
    threads,
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    quiet: summary(quiet),
    ocr: summary(ocr),
  };
  const line = (name: string, s: ReturnType<typeof summary>) =>
    `${name}: turn p50 ${s.turnMs.median} ms, p99 ${s.turnMs.p99} ms (${s.turnMs.n} turns); ` +
    `letter turn p50 ${s.letterTurnMs.median} ms, p99 ${s.letterTurnMs.p99} ms (${s.letterTurnMs.n}); ` +
    `event-loop delay p99 ${s.loopDelayP99Ms.join('/')} ms` +
    (s.photosRead > 0 ? `; ${s.photosRead} photos read, ${s.photoMs.median} ms each (median)` : '');
  return {
    id: 'denial-load',
    title: 'The chat while denial letters are read (turn latency with and without OCR)',
    workload: WORKLOAD,
    status: 'ok',
    figures,
    lines: [`pool threads: ${threads}`, line('quiet', figures.quiet), line('with OCR', figures.ocr)],
    seconds: Math.round((performance.now() - started) / 1000),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await run();
  process.stdout.write(`${result.title}\n${result.lines.join('\n')}\n`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result.figures, null, 2)}\n`);
}
