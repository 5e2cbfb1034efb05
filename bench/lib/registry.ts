import type { BenchResult } from './result.js';

export interface BenchEntry {
  id: string;
  /** Loaded in a child process of its own, so no benchmark inherits another's heap, JIT state or sockets. */
  load: () => Promise<{ run: () => Promise<BenchResult> }>;
  /** Pinned to one CPU (taskset), for the figures the issue asks "on one core". */
  pinned: boolean;
  timeoutMs: number;
}

export const BENCHES: BenchEntry[] = [
  { id: 'core', load: () => import('../core-turn.js'), pinned: true, timeoutMs: 60_000 },
  { id: 'reference', load: () => import('../reference-turn.js'), pinned: true, timeoutMs: 90_000 },
  { id: 'matching', load: () => import('../matching.js'), pinned: true, timeoutMs: 120_000 },
  { id: 'letter', load: () => import('../letter.js'), pinned: true, timeoutMs: 180_000 },
  { id: 'slack-files', load: () => import('../slack-files.js'), pinned: true, timeoutMs: 120_000 },
  { id: 'stores', load: () => import('../stores.js'), pinned: false, timeoutMs: 150_000 },
  { id: 'store-disk', load: () => import('../store-disk.js'), pinned: false, timeoutMs: 240_000 },
  { id: 'http', load: () => import('../http.js'), pinned: false, timeoutMs: 300_000 },
  { id: 'steady', load: () => import('../steady.js'), pinned: false, timeoutMs: 2_400_000 },
  { id: 'memory', load: () => import('../memory.js'), pinned: false, timeoutMs: 120_000 },
  { id: 'web-sessions', load: () => import('../web-sessions.js'), pinned: false, timeoutMs: 90_000 },
  { id: 'jobs', load: () => import('../jobs.js'), pinned: false, timeoutMs: 120_000 },
  { id: 'startup', load: () => import('../startup.js'), pinned: false, timeoutMs: 480_000 },
  { id: 'denial', load: () => import('../denial-eval.js'), pinned: false, timeoutMs: 1_800_000 },
  { id: 'denial-load', load: () => import('../denial-load.js'), pinned: false, timeoutMs: 600_000 },
];
