import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCHES, type BenchEntry } from './lib/registry.js';
import type { BenchResult } from './lib/result.js';

/**
 * `npm run bench [-- id…]`: runs every benchmark (or the ones named), each in
 * a child process of its own, prints the figures and writes bench/results.json.
 * Never part of `npm test`.
 */

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const childScript = fileURLToPath(new URL('./child.ts', import.meta.url));
const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url));

function canPin(): boolean {
  return process.platform === 'linux' && existsSync('/usr/bin/taskset') && cpus().length > 1;
}

function runChild(entry: BenchEntry): Promise<BenchResult> {
  const nodeArgs = ['--import', 'tsx', '--expose-gc', childScript, entry.id];
  const pin = entry.pinned && canPin();
  const [command, args] = pin ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  return new Promise((resolve) => {
    let result: BenchResult | undefined;
    const child = spawn(command, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), entry.timeoutMs);
    child.on('message', (message) => {
      result = message as BenchResult;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(
        result ?? {
          id: entry.id,
          title: entry.id,
          workload: '',
          status: 'skipped',
          reason:
            signal === 'SIGKILL'
              ? `took longer than ${entry.timeoutMs / 1000} s`
              : `failed (exit code ${code ?? signal})`,
          figures: {},
          lines: [],
        },
      );
    });
  });
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function readPrevious(): Record<string, unknown> {
  try {
    return (JSON.parse(readFileSync(resultsFile, 'utf8')) as { benchmarks?: Record<string, unknown> }).benchmarks ?? {};
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((id) => !BENCHES.some((b) => b.id === id));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.id).join(', ')}\n`,
    );
    process.exit(2);
  }
  const selected = wanted.length > 0 ? BENCHES.filter((b) => wanted.includes(b.id)) : BENCHES;
  const machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
  const startedAt = new Date();
  console.log(
    `Overturn benchmarks — ${startedAt.toISOString()} — node ${machine.node}, ${machine.cpus} × ${machine.cpu}, load ${machine.loadAverageAtStart.join(' ')}`,
  );
  const results: BenchResult[] = [];
  for (const entry of selected) {
    const result = await runChild(entry);
    results.push(result);
    console.log(`\n${result.title}${result.seconds !== undefined ? ` (${result.seconds} s)` : ''}`);
    if (result.workload) console.log(`  workload: ${result.workload}`);
    if (result.status === 'skipped') console.log(`  skipped: ${result.reason}`);
    else for (const line of result.lines) console.log(`  ${line}`);
  }
  const seconds = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
  console.log(`\nall benchmarks: ${seconds} s; figures written to bench/results.json`);
  const run = {
    generatedAt: startedAt.toISOString(),
    commit: gitCommit(),
    machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    totalSeconds: seconds,
  };
  const measured = Object.fromEntries(
    results.map((r) => [r.id, { ...r, measuredAt: run.generatedAt, commit: run.commit }]),
  );
  // A partial run (`npm run bench -- http`) replaces only its own benchmarks; the file says which run each one came from.
  const previous = wanted.length > 0 ? readPrevious() : {};
  const file =
    wanted.length > 0
      ? { ...run, partial: wanted, benchmarks: { ...previous, ...measured } }
      : { ...run, benchmarks: measured };
  writeFileSync(resultsFile, `${JSON.stringify(file, null, 2)}\n`);
}

await main();
