import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { letterReader } from '../src/flows/appeal/denial/read/index.js';
import { DENIAL_FIELDS, type DenialField, type DenialReading } from '../src/flows/appeal/denial/types.js';
import { createWorkerPool } from '../src/workers/pool.js';
import { type CorpusLetter, corpusLetters, type TrueFields } from '../test/denial/corpus/letters.js';
import { pageImage, phonePhoto, scannedPdf, textPdf } from '../test/denial/corpus/render.js';
import type { BenchResult } from './lib/result.js';

/**
 * `npm run denial:eval` (and `npm run bench denial`): reads every corpus letter
 * as a text PDF, a scanned PDF and a phone photo, and reports per-field
 * precision and recall and the time per page. The rendered files are cached
 * under node_modules/.cache (they are large and slow to draw), keyed by the
 * corpus sources, so a changed generator draws them again.
 */
const TODAY = '2026-11-30';
const root = fileURLToPath(new URL('..', import.meta.url));
const MEDIA = ['text-pdf', 'scanned-pdf', 'photo'] as const;
type Medium = (typeof MEDIA)[number];

function cacheDir(): string {
  const hash = createHash('sha256');
  for (const f of ['test/denial/corpus/letters.ts', 'test/denial/corpus/render.ts'])
    hash.update(readFileSync(join(root, f)));
  const dir = join(root, 'node_modules/.cache/overturn-denial-corpus', hash.digest('hex').slice(0, 12));
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function cached(file: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const bytes = await make();
  writeFileSync(file, bytes);
  return bytes;
}

async function files(letter: CorpusLetter, index: number, dir: string): Promise<Record<Medium, Uint8Array>> {
  const base = join(dir, letter.id);
  const page = () => cached(`${base}.page.png`, () => pageImage(letter.text));
  return {
    'text-pdf': await cached(`${base}.pdf`, () => textPdf(letter.text)),
    'scanned-pdf': await cached(`${base}.scan.pdf`, async () => scannedPdf(await page())),
    photo: await cached(`${base}.photo.jpg`, async () => phonePhoto(await page(), index + 1)),
  };
}

const tidy = (v: string) =>
  v
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function predicted(reading: DenialReading | undefined, field: DenialField): string {
  const f = reading?.fields[field];
  if (!f) return '';
  return f.id ?? f.value;
}

function same(field: DenialField, got: string, truth: string): boolean {
  if (field === 'appealsFax') return got.replace(/\D/g, '') === truth.replace(/\D/g, '');
  return tidy(got) === tidy(truth);
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

function score(tallies: Map<string, Tally>, field: DenialField, letter: CorpusLetter, reading?: DenialReading) {
  const t = tallies.get(field) ?? { tp: 0, fp: 0, fn: 0 };
  tallies.set(field, t);
  const truth = letter.truth[field as keyof TrueFields];
  if (field === 'drug' && letter.drugChoices) {
    const ok =
      JSON.stringify([...(reading?.drugChoices ?? [])].sort()) === JSON.stringify([...letter.drugChoices].sort());
    if (ok) t.tp++;
    else {
      t.fn++;
      if (predicted(reading, field)) t.fp++;
    }
    return;
  }
  const got = predicted(reading, field);
  if (got && truth && same(field, got, truth)) t.tp++;
  else {
    if (got) t.fp++;
    if (truth) t.fn++;
  }
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);

/** `--letters=N` reads only the first N letters of the corpus (a quicker run). */
function chosenCount(): number {
  const arg = process.argv.find((a) => a.startsWith('--letters='))?.slice('--letters='.length);
  return arg ? Math.max(1, Number(arg)) : Number.POSITIVE_INFINITY;
}

/** `--media text-pdf,photo` limits the run to some of the three forms (the scans and photos take minutes). */
function chosenMedia(): Medium[] {
  const arg = process.argv.find((a) => a.startsWith('--media='))?.slice('--media='.length);
  const wanted = arg ? arg.split(',') : [...MEDIA];
  return MEDIA.filter((m) => wanted.includes(m));
}

export async function run(): Promise<BenchResult> {
  const media = chosenMedia();
  const started = performance.now();
  // One thread, as the server's pool has on two cores; one letter at a time.
  const pool = createWorkerPool({ threads: 1 });
  // Generous limits: on a shared machine the figures measure accuracy, not the patience of a time limit.
  const reader = letterReader({
    runJob: pool.run,
    today: () => TODAY,
    limits: { prepareMs: 300_000, ocrPageMs: 300_000, fieldsMs: 300_000 },
  });
  const letters = corpusLetters().slice(0, chosenCount());
  const dir = cacheDir();
  const tallies = Object.fromEntries(MEDIA.map((m) => [m, new Map<string, Tally>()])) as Record<
    Medium,
    Map<string, Tally>
  >;
  const times: Record<Medium, number[]> = { 'text-pdf': [], 'scanned-pdf': [], photo: [] };
  // CPU seconds of the whole process (every thread): on an idle machine a page takes about this long.
  const cpu: Record<Medium, number[]> = { 'text-pdf': [], 'scanned-pdf': [], photo: [] };
  const failures: string[] = [];
  // One warm-up read of each kind, so start-up (threads, models) is not counted per page.
  const warm = await files(letters[0]!, 0, dir);
  for (const m of media) await reader.read(warm[m]);
  for (const [index, letter] of letters.entries()) {
    const forms = await files(letter, index, dir);
    for (const m of media) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const read = await reader.read(forms[m]);
      const ms = performance.now() - t0;
      const used = process.cpuUsage(cpu0);
      const cpuMs = (used.user + used.system) / 1000;
      times[m].push(read.ok ? ms / read.pagesRead : ms);
      cpu[m].push(read.ok ? cpuMs / read.pagesRead : cpuMs);
      if (!read.ok) failures.push(`${letter.id} ${m}: ${read.problem}`);
      for (const field of DENIAL_FIELDS) score(tallies[m], field, letter, read.ok ? read.reading : undefined);
      process.stderr.write(`${letter.id} ${m} ${Math.round(ms)} ms${read.ok ? '' : ` (${read.problem})`}\n`);
    }
  }
  await pool.close();
  const figures: Record<string, unknown> = {
    letters: letters.length,
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
  };
  const lines: string[] = [`${letters.length} letters, each read as: ${media.join(', ')}`];
  for (const m of media) {
    const perField: Record<string, { precision: number | null; recall: number | null }> = {};
    for (const field of DENIAL_FIELDS) {
      const t = tallies[m].get(field)!;
      perField[field] = { precision: pct(t.tp, t.tp + t.fp), recall: pct(t.tp, t.tp + t.fn) };
    }
    const sorted = [...times[m]].sort((a, b) => a - b);
    const median = Math.round(sorted[Math.floor(sorted.length / 2)]!);
    const p90 = Math.round(sorted[Math.floor(sorted.length * 0.9)]!);
    const cpuSorted = [...cpu[m]].sort((a, b) => a - b);
    const cpuMedian = Math.round(cpuSorted[Math.floor(cpuSorted.length / 2)]!);
    const cpuP90 = Math.round(cpuSorted[Math.floor(cpuSorted.length * 0.9)]!);
    figures[m] = { perField, msPerPage: { median, p90 }, cpuMsPerPage: { median: cpuMedian, p90: cpuP90 } };
    lines.push(
      `${m}: ${median} ms per page (median), ${p90} ms (p90); CPU ${cpuMedian} ms per page (median), ${cpuP90} ms (p90)`,
    );
    lines.push(
      `  ${DENIAL_FIELDS.map((f) => `${f} ${perField[f]!.precision ?? '–'}/${perField[f]!.recall ?? '–'}`).join('  ')}  (precision/recall %)`,
    );
  }
  if (failures.length > 0) lines.push(`not read: ${failures.join('; ')}`);
  figures.failures = failures;
  return {
    id: 'denial',
    title: 'Reading denial letters (eval corpus)',
    workload: `${letters.length} synthetic letters × (text PDF, scanned PDF, phone photo); 1 warm-up read each`,
    status: 'ok',
    figures,
    lines,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await run();
  process.stdout.write(`${result.title}\n${result.lines.join('\n')}\n`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(result.figures, null, 2)}\n`);
}
