import { appealContext, fixedClock } from '../src/bot.js';
import type { FileReply } from '../src/core/types.js';
import type { AppealContext } from '../src/flows/appeal/context.js';
import { loadKnowledge } from '../src/flows/appeal/domain/knowledge.js';
import { runAppealEffect } from '../src/flows/appeal/effects.js';
import { composeLetter, type LetterFormat, packLetter } from '../src/flows/appeal/letter/index.js';
import { caseFromState } from '../src/flows/appeal/summary.js';
import { APPEAL_FLOW_ID, APPEAL_STATE_VERSION, type AppealState } from '../src/flows/appeal/state.js';
import { everyDetail } from '../test/letter/support.js';
import type { BenchResult } from './lib/result.js';
import { BENCH_TODAY } from './lib/scenario.js';
import { bytes, distribution, gc, ms, nowMs, round, rounded } from './lib/stats.js';

const AUTHORS = ['patient', 'care-team'] as const;
const WARMUP = 20;
const LETTERS = 100;

export const WORKLOAD =
  `the seed case (Cigna, Ocrevus, medical necessity, employer plan, first appeal, denied 2026-03-03, not urgent), ` +
  `with every letter detail given (names, IDs, prescriber's office, approved use, treatments tried); ` +
  `timed per format from the same composed model (.docx: compose + docx package; PDF: compose + our pdfkit layout), ` +
  `and the flow's own effect that builds both (runAppealEffect), ` +
  `alternating the two signers (patient, care team); ${WARMUP} warm-up letters, then ${LETTERS} timed one after another on one pinned core`;

function seedState(author: 'patient' | 'care-team'): AppealState {
  return {
    flow: APPEAL_FLOW_ID,
    version: APPEAL_STATE_VERSION,
    step: 'done',
    editing: false,
    locale: 'en',
    detailsAsked: true,
    details: everyDetail,
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
  // The .docx and the PDF; the calendar file that follows them is not the letter.
  const files = replies.filter((r): r is FileReply => r.kind === 'file' && /\.(docx|pdf)$/.test(r.fileName));
  if (files.length !== 2 || files.some((f) => f.bytes.length === 0))
    throw new Error('the letter effect returned no files');
  return files[0]!.bytes.length;
}

/** One format from the same inputs the effect uses: composition plus that format's packing. */
async function renderOne(state: AppealState, ctx: AppealContext, format: LetterFormat): Promise<number> {
  const model = composeLetter({
    appeal: caseFromState(state, ctx),
    author: state.answers.author ?? 'patient',
    t: ctx.t,
    today: ctx.today,
    details: state.details,
  });
  return (await packLetter(model, ctx.today, format)).length;
}

export async function run(): Promise<BenchResult> {
  const ctx: AppealContext = appealContext({
    clock: fixedClock(BENCH_TODAY),
    knowledge: loadKnowledge(),
    locale: 'en',
    ttlSeconds: 30 * 86_400,
    detailsTtlSeconds: 24 * 3600,
  })();
  const states = AUTHORS.map(seedState);
  const coldStart = nowMs();
  await buildOne(states[0]!, ctx);
  const coldMs = nowMs() - coldStart;
  for (let i = 0; i < WARMUP; i += 1) await buildOne(states[i % 2]!, ctx);
  gc();
  const times: Record<LetterFormat | 'both', number[]> = { docx: [], pdf: [], both: [] };
  const sizes: Record<LetterFormat, Record<string, number>> = { docx: {}, pdf: {} };
  for (let i = 0; i < LETTERS; i += 1) {
    const author = AUTHORS[i % 2]!;
    const state = states[i % 2]!;
    for (const format of ['docx', 'pdf'] as const) {
      const t0 = nowMs();
      sizes[format][author] = await renderOne(state, ctx, format);
      times[format].push(nowMs() - t0);
    }
    const t0 = nowMs();
    await buildOne(state, ctx);
    times.both.push(nowMs() - t0);
  }
  const docx = rounded(distribution(times.docx));
  const pdf = rounded(distribution(times.pdf));
  const both = rounded(distribution(times.both));
  return {
    id: 'letter',
    title: '3. Letter generation (.docx and PDF)',
    workload: WORKLOAD,
    status: 'ok',
    figures: {
      docxMs: docx,
      pdfMs: pdf,
      perLetterMs: both,
      firstLetterMs: round(coldMs),
      lettersPerSecond: round(1000 / both.median),
      bytesPerLetter: sizes,
    },
    lines: [
      `.docx: median ${ms(docx.median)}, p95 ${ms(docx.p95)}, p99 ${ms(docx.p99)} (n=${docx.n})`,
      `PDF: median ${ms(pdf.median)}, p95 ${ms(pdf.p95)}, p99 ${ms(pdf.p99)} (n=${pdf.n})`,
      `both, as the flow sends them: median ${ms(both.median)}, p95 ${ms(both.p95)}; first letter in a fresh process ${ms(coldMs)}`,
      `size: .docx ${bytes(sizes.docx.patient!)} / PDF ${bytes(sizes.pdf.patient!)} (patient), .docx ${bytes(sizes.docx['care-team']!)} / PDF ${bytes(sizes.pdf['care-team']!)} (care team)`,
    ],
  };
}
