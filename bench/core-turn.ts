import { conversationBench } from './lib/conversation-bench.js';
import { engineDriver } from './lib/engine-driver.js';
import type { BenchResult } from './lib/result.js';
import { SEED_TURNS } from './lib/scenario.js';
import { ms, perSecond } from './lib/stats.js';

export const WORKLOAD =
  `the seed appeal (${SEED_TURNS.length} turns: start, "who are you" skipped, insurer "cigna" and drug "ocrevus" typed and fuzzy-matched, ` +
  'reason, plan, stage as button choices, denial date from a date picker, urgency, then the summary and "who signs" → .docx) ' +
  'through createBot().handle with the in-memory store, fixedClock(2026-04-01), one conversation at a time on one pinned core; ' +
  'warm-up (40 conversations with the letter, 300 without), then ≥5 rounds of 1 s with a fresh bot per round; a second run stops after the summary (no letter)';

export async function run(): Promise<BenchResult> {
  const common = { createDriver: async () => engineDriver(), roundMs: 1000, minRounds: 5, budgetMs: 5000 };
  const full = await conversationBench({ ...common, warmupConversations: 40, withLetter: true });
  const questions = await conversationBench({ ...common, warmupConversations: 300, withLetter: false });
  return {
    id: 'core',
    title: '1. Core turn cost (engine + appeal flow, memory store)',
    workload: WORKLOAD,
    status: 'ok',
    figures: { full, withoutLetter: questions },
    lines: [
      `full conversation (with letter): ${perSecond(full.conversationsPerSecond)} conversations (rounds ${full.roundsPerSecond.join(', ')}); ${perSecond(full.conversationsPerCpuSecond)} per CPU-second`,
      `  per turn: median ${ms(full.perTurnMs.median)}, p99 ${ms(full.perTurnMs.p99)} (n=${full.perTurnMs.n})`,
      `  question/summary turns: median ${ms(full.questionTurnMs.median)}, p99 ${ms(full.questionTurnMs.p99)}; letter turn: median ${ms(full.letterTurnMs!.median)}, p99 ${ms(full.letterTurnMs!.p99)}`,
      `through the summary (no letter): ${perSecond(questions.conversationsPerSecond)} conversations (${perSecond(questions.conversationsPerCpuSecond)} per CPU-second); per turn median ${ms(questions.perTurnMs.median)}, p99 ${ms(questions.perTurnMs.p99)}`,
    ],
  };
}
