import { BENCHES } from './lib/registry.js';
import type { BenchResult } from './lib/result.js';

/** Runs one benchmark in this (child) process and sends its result to `bench/run.ts` over IPC. */
const id = process.argv[2];
const entry = BENCHES.find((b) => b.id === id);
if (!entry || !process.send) {
  process.stderr.write(`bench/child.ts: unknown benchmark ${String(id)} or no IPC channel\n`);
  process.exit(2);
}
const started = performance.now();
const module = await entry.load();
const result: BenchResult = await module.run();
result.seconds = Math.round((performance.now() - started) / 100) / 10;
process.send(result, () => process.exit(0));
