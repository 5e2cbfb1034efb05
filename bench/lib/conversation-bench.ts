import { distribution, gc, median, nowMs, repeatFor, round, rounded, type Distribution } from './stats.js';

/** One implementation of the seed conversation (ours on the engine, or the Bot Framework reference). */
export interface ConversationDriver {
  /** Runs one whole conversation; returns milliseconds per turn. `withLetter: false` stops after the summary. */
  conversation(key: string, withLetter: boolean): Promise<number[]>;
}

export interface ConversationFigures {
  /** Conversations per wall-clock second: median of the rounds, and the spread. */
  conversationsPerSecond: number;
  roundsPerSecond: number[];
  /** Conversations per second of CPU time the process used: steadier than wall time on a shared machine. */
  conversationsPerCpuSecond: number;
  perTurnMs: Distribution;
  /** Question and summary turns only (no letter). */
  questionTurnMs: Distribution;
  letterTurnMs?: Distribution;
  conversations: number;
}

export interface ConversationBenchOptions {
  /** A fresh driver per round keeps memory bounded (sessions accumulate in the memory stores). */
  createDriver(): Promise<ConversationDriver>;
  withLetter: boolean;
  warmupConversations: number;
  roundMs: number;
  minRounds: number;
  budgetMs: number;
}

/** Warm up, then rounds of back-to-back conversations on one thread; per-turn samples from every round. */
export async function conversationBench(options: ConversationBenchOptions): Promise<ConversationFigures> {
  const warm = await options.createDriver();
  for (let i = 0; i < options.warmupConversations; i += 1) await warm.conversation(`warm-${i}`, options.withLetter);
  const turns: number[] = [];
  const questionTurns: number[] = [];
  const letterTurns: number[] = [];
  let conversations = 0;
  const cpuRates: number[] = [];
  const rounds = await repeatFor(options.budgetMs, options.minRounds, async (index) => {
    const driver = await options.createDriver();
    gc();
    let count = 0;
    const cpu = process.cpuUsage();
    const start = nowMs();
    while (nowMs() - start < options.roundMs) {
      const timings = await driver.conversation(`r${index}-c${count}`, options.withLetter);
      count += 1;
      turns.push(...timings);
      if (options.withLetter) {
        questionTurns.push(...timings.slice(0, -1));
        letterTurns.push(timings[timings.length - 1]!);
      } else {
        questionTurns.push(...timings);
      }
    }
    const wall = nowMs() - start;
    conversations += count;
    cpuRates.push(count / cpuSeconds(cpu));
    return (count * 1000) / wall;
  });
  return {
    conversationsPerSecond: round(median(rounds)),
    roundsPerSecond: rounds.map((r) => round(r)),
    conversationsPerCpuSecond: round(median(cpuRates)),
    perTurnMs: rounded(distribution(turns)),
    questionTurnMs: rounded(distribution(questionTurns)),
    ...(options.withLetter ? { letterTurnMs: rounded(distribution(letterTurns)) } : {}),
    conversations,
  };
}

/** CPU seconds (user + system, all threads) since `since`. */
export function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}
