/** What every benchmark hands back to `bench/run.ts`: figures for results.json and lines for the console. */
export interface BenchResult {
  id: string;
  title: string;
  /** What was run, in words: the work per iteration, how many, how repeated. */
  workload: string;
  status: 'ok' | 'skipped';
  /** Why a benchmark did not run (a part that has not landed, Redis unreachable…). */
  reason?: string;
  figures: Record<string, unknown>;
  /** Human-readable lines, printed in order. */
  lines: string[];
  seconds?: number;
}

export function skipped(id: string, title: string, workload: string, reason: string): BenchResult {
  return { id, title, workload, status: 'skipped', reason, figures: {}, lines: [`skipped: ${reason}`] };
}
