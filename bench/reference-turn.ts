import { cpuSeconds, type ConversationDriver } from './lib/conversation-bench.js';
import type { LetterBuilder } from '../src/flows/appeal/letter/index.js';
import { poolLetterBuilder } from '../src/workers/letters.js';
import { createWorkerPool } from '../src/workers/pool.js';
import { engineDriver } from './lib/engine-driver.js';
import type { BenchResult } from './lib/result.js';
import { distribution, gc, median, ms, nowMs, perSecond, round, rounded } from './lib/stats.js';
import { checkReference, REFERENCE_MESSAGES, referenceDriver } from './reference/driver.js';

export const WORKLOAD =
  'the same seed appeal on both sides, one conversation at a time on one pinned core, rounds alternating ours/theirs ' +
  '(150 warm-up conversations each, 30 with the letter, then 5 pairs of 0.8 s rounds per mode, fresh bot per round). ' +
  'Ours: createBot().handle (engine + appeal flow, in-memory store; inputs as a chat adapter delivers them: start, typed insurer and drug, ' +
  'choice ids, a date-picker date). Theirs (bench/reference/): botbuilder-dialogs ComponentDialog + WaterfallDialog, TextPrompts with validators ' +
  '(insurer, drug: the same knowledge matchers; date: the same checks), ChoicePrompts (hero cards) for the rest, ConversationState on MemoryStorage, ' +
  `driven by botbuilder's TestAdapter.processActivity with the messages ${JSON.stringify(REFERENCE_MESSAGES)}. ` +
  'Both read the same catalog strings, check every typed message for global commands (parseCommand), compute the summary with ' +
  'caseFromState → appealCase → summaryReply and build the letter with runAppealEffect. A third pairing builds our letter in the worker pool ' +
  '(createWorkerPool, one thread; the thread inherits the pinned core, so this shows the cost of the hand-off, not the gain of a second core); ' +
  'theirs as in the first';

interface Side {
  perSecond: number[];
  perCpuSecond: number[];
  turns: number[];
}

async function round_(
  driver: ConversationDriver,
  withLetter: boolean,
  roundMs: number,
  prefix: string,
  side: Side,
): Promise<void> {
  gc();
  let count = 0;
  const cpu = process.cpuUsage();
  const start = nowMs();
  while (nowMs() - start < roundMs) {
    side.turns.push(...(await driver.conversation(`${prefix}-${count}`, withLetter)));
    count += 1;
  }
  side.perSecond.push((count * 1000) / (nowMs() - start));
  side.perCpuSecond.push(count / cpuSeconds(cpu));
}

async function paired(withLetter: boolean, buildLetter?: LetterBuilder) {
  const ours: Side = { perSecond: [], perCpuSecond: [], turns: [] };
  const theirs: Side = { perSecond: [], perCpuSecond: [], turns: [] };
  const ourDriver = () => engineDriver(undefined, buildLetter);
  const warmOurs = ourDriver();
  const warmTheirs = referenceDriver();
  for (let i = 0; i < (withLetter ? 30 : 150); i += 1) {
    await warmOurs.conversation(`w${i}`, withLetter);
    await warmTheirs.conversation(`w${i}`, withLetter);
  }
  for (let pair = 0; pair < 5; pair += 1) {
    await round_(ourDriver(), withLetter, 800, `o${pair}`, ours);
    await round_(referenceDriver(), withLetter, 800, `t${pair}`, theirs);
  }
  const ratios = ours.perSecond.map((o, i) => o / theirs.perSecond[i]!);
  const cpuRatios = ours.perCpuSecond.map((o, i) => o / theirs.perCpuSecond[i]!);
  const summary = (side: Side) => ({
    conversationsPerSecond: round(median(side.perSecond)),
    roundsPerSecond: side.perSecond.map((r) => round(r)),
    conversationsPerCpuSecond: round(median(side.perCpuSecond)),
    perTurnMs: rounded(distribution(side.turns)),
  });
  return {
    ours: summary(ours),
    theirs: summary(theirs),
    ratio: round(median(ratios), 2),
    pairRatios: ratios.map((r) => round(r, 2)),
    cpuRatio: round(median(cpuRatios), 2),
    pairCpuRatios: cpuRatios.map((r) => round(r, 2)),
  };
}

export async function run(): Promise<BenchResult> {
  await checkReference();
  const full = await paired(true);
  const questions = await paired(false);
  const pool = createWorkerPool({ threads: 1 });
  let inPool: Awaited<ReturnType<typeof paired>>;
  try {
    inPool = await paired(true, poolLetterBuilder(pool));
  } finally {
    await pool.close();
  }
  const line = (label: string, r: typeof full) => [
    `${label}: ours ${perSecond(r.ours.conversationsPerSecond)}, Bot Framework dialogs ${perSecond(r.theirs.conversationsPerSecond)} → ratio ours ÷ theirs ${r.ratio}× (pairs ${r.pairRatios.join(', ')})`,
    `  per CPU-second: ours ${perSecond(r.ours.conversationsPerCpuSecond)}, theirs ${perSecond(r.theirs.conversationsPerCpuSecond)} → ratio ${r.cpuRatio}× (pairs ${r.pairCpuRatios.join(', ')})`,
    `  per turn median/p99: ours ${ms(r.ours.perTurnMs.median)} / ${ms(r.ours.perTurnMs.p99)}, theirs ${ms(r.theirs.perTurnMs.median)} / ${ms(r.theirs.perTurnMs.p99)}`,
  ];
  return {
    id: 'reference',
    title: '2. Side by side: the same conversation with Bot Framework dialogs',
    workload: WORKLOAD,
    status: 'ok',
    figures: { full, withoutLetter: questions, letterInPool: inPool },
    lines: [
      ...line('full conversation (with letter)', full),
      ...line('through the summary (no letter)', questions),
      ...line('full conversation, our letter in the worker pool (one thread, same pinned core)', inPool),
    ],
  };
}
