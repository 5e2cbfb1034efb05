import { appealContext, fixedClock } from '../src/bot.js';
import { translator } from '../src/core/i18n.js';
import type { AppealContext } from '../src/flows/appeal/context.js';
import { loadKnowledge } from '../src/flows/appeal/domain/knowledge.js';
import { runAppealEffect } from '../src/flows/appeal/effects.js';
import { APPEAL_FLOW_ID, APPEAL_STATE_VERSION, type AppealState } from '../src/flows/appeal/state.js';
import type { BenchResult } from './lib/result.js';
import { BENCH_TODAY } from './lib/scenario.js';
import { bytes, distribution, gc, ms, nowMs, round, rounded } from './lib/stats.js';

const AUTHORS = ['patient', 'care-team'] as const;
const WARMUP = 20;
const LETTERS = 200;

export const WORKLOAD =
  `the seed case (Cigna, Ocrevus, medical necessity, employer plan, first appeal, denied 2026-03-03, not urgent), ` +
  `letter built with the flow's own effect (runAppealEffect → caseFromState → the letter builder → .docx bytes), ` +
  `alternating the two signers (patient, care team); ${WARMUP} warm-up letters, then ${LETTERS} timed one after another on one pinned core`;

function seedState(author: 'patient' | 'care-team'): AppealState {
  return {
    flow: APPEAL_FLOW_ID,
    version: APPEAL_STATE_VERSION,
    step: 'done',
    editing: false,
    locale: 'en',
    answers: {
      insurer: { id: 'cigna', text: 'Cigna' },
      drug: { id: 'ocrevus', text: 'Ocrevus (ocrelizumab)' },
      reason: { id: 'medical-necessity' },
      plan: 'employer',
      stage: 'first',
      denialDate: '2026-03-03',
      urgent: false,
      author,
    },
  };
}

async function buildOne(state: AppealState, ctx: AppealContext): Promise<number> {
  const replies = await runAppealEffect({ type: 'build-letter' }, state, ctx);
  const file = replies.find((r) => r.kind === 'file');
  if (file?.kind !== 'file' || file.bytes.length === 0) throw new Error('the letter effect returned no .docx');
  return file.bytes.length;
}

export async function run(): Promise<BenchResult> {
  const ctx: AppealContext = appealContext({
    clock: fixedClock(BENCH_TODAY),
    knowledge: loadKnowledge(),
    locale: 'en',
    ttlSeconds: 30 * 86_400,
  })();
  const states = AUTHORS.map(seedState);
  const coldStart = nowMs();
  await buildOne(states[0]!, ctx);
  const coldMs = nowMs() - coldStart;
  for (let i = 0; i < WARMUP; i += 1) await buildOne(states[i % 2]!, ctx);
  gc();
  const times: number[] = [];
  const sizes: Record<string, number[]> = { patient: [], 'care-team': [] };
  for (let i = 0; i < LETTERS; i += 1) {
    const author = AUTHORS[i % 2]!;
    const t0 = nowMs();
    const size = await buildOne(states[i % 2]!, ctx);
    times.push(nowMs() - t0);
    sizes[author]!.push(size);
  }
  const d = rounded(distribution(times));
  const bytesPerLetter = { patient: sizes.patient![0]!, 'care-team': sizes['care-team']![0]! };
  return {
    id: 'letter',
    title: '3. Letter generation (.docx)',
    workload: WORKLOAD,
    status: 'ok',
    figures: { perLetterMs: d, firstLetterMs: round(coldMs), lettersPerSecond: round(1000 / d.median), bytesPerLetter },
    lines: [
      `per letter: median ${ms(d.median)}, p95 ${ms(d.p95)}, p99 ${ms(d.p99)} (n=${d.n}); first letter in a fresh process ${ms(coldMs)}`,
      `size: ${bytes(bytesPerLetter.patient)} (signed by the patient), ${bytes(bytesPerLetter['care-team'])} (signed by the care team)`,
    ],
  };
}
