import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CORE_SCHEMA, load } from 'js-yaml';
import type { Knowledge } from '../../src/flows/appeal/domain/knowledge.js';
import type { MatchResult } from '../../src/flows/appeal/domain/match.js';

/**
 * The matching corpus: realistic phrasings with the answer the bot must give.
 * Read by the knowledge tests and by `npm run knowledge:check` (precision and recall).
 */
export const CORPUS_FILE = fileURLToPath(new URL('./phrasings.yaml', import.meta.url));

export type Kind = 'drug' | 'insurer' | 'reason' | 'planType';
export const KINDS: Kind[] = ['drug', 'insurer', 'reason', 'planType'];
/** Languages the corpus is written in: English at the top level, others under their locale (`es:`). */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Expectation = { kind: 'sure'; id: string } | { kind: 'ask'; id: string } | { kind: 'unknown' };

export interface Phrasing {
  kind: Kind;
  text: string;
  expect: Expectation;
  language: Language;
}

export function parseLine(kind: Kind, line: string, language: Language = 'en'): Phrasing {
  const at = line.lastIndexOf('=>');
  if (at < 0) throw new Error(`${kind}: "${line}" has no "=>"`);
  const text = line.slice(0, at).trim();
  const answer = line.slice(at + 2).trim();
  if (answer === '?') return { kind, text, language, expect: { kind: 'unknown' } };
  if (answer.endsWith('?')) return { kind, text, language, expect: { kind: 'ask', id: answer.slice(0, -1) } };
  return { kind, text, language, expect: { kind: 'sure', id: answer } };
}

export function loadCorpus(file: string = CORPUS_FILE): Phrasing[] {
  const data = load(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA }) as Record<string, unknown>;
  return LANGUAGES.flatMap((language) => {
    const section = language === 'en' ? data : data[language];
    if (!section || typeof section !== 'object') throw new Error(`${file}: "${language}" must be a map of kinds`);
    return KINDS.flatMap((kind) => {
      const lines = (section as Record<string, unknown>)[kind];
      if (!Array.isArray(lines)) throw new Error(`${file}: "${language}.${kind}" must be a list`);
      return lines.map((line) => parseLine(kind, String(line), language));
    });
  });
}

/** How one answer compares with the expectation. */
export type Verdict =
  | 'right' // what was expected
  | 'wrong-sure' // a confident answer naming the wrong entry: never acceptable
  | 'sure-not-asked' // confident and right, but the corpus says the bot must confirm first
  | 'asked' // expected a sure match, asked instead (right entry among the suggestions)
  | 'missed'; // the expected entry is not in the answer at all

export function judge(expect: Expectation, result: MatchResult): Verdict {
  if (expect.kind === 'unknown') return result.kind === 'sure' ? 'wrong-sure' : 'right';
  if (result.kind === 'sure') {
    if (result.id !== expect.id) return 'wrong-sure';
    return expect.kind === 'sure' ? 'right' : 'sure-not-asked';
  }
  if (result.kind === 'guess' && result.ids.includes(expect.id)) return expect.kind === 'ask' ? 'right' : 'asked';
  return 'missed';
}

export interface Row extends Phrasing {
  result: MatchResult;
  verdict: Verdict;
}

export interface Scores {
  cases: number;
  /** Confident answers that named the right entry, out of all confident answers. */
  precision: number;
  /** Cases whose expected entry was found (sure or suggested), out of cases that expect one. */
  recall: number;
  wrongSure: number;
  failures: Row[];
}

export function evaluate(
  knowledge: Knowledge,
  corpus: Phrasing[],
): { rows: Row[]; byKind: Record<Kind, Scores>; byLanguage: Record<Language, Scores>; total: Scores } {
  const rows = corpus.map((p): Row => {
    const result = knowledge.match[p.kind].match(p.text);
    return { ...p, result, verdict: judge(p.expect, result) };
  });
  const score = (subset: Row[]): Scores => {
    const sure = subset.filter((r) => r.result.kind === 'sure');
    const sureRight = sure.filter(
      (r) => r.expect.kind !== 'unknown' && r.result.kind === 'sure' && r.result.id === r.expect.id,
    );
    const expecting = subset.filter((r) => r.expect.kind !== 'unknown');
    const found = expecting.filter((r) => r.verdict !== 'missed' && r.verdict !== 'wrong-sure');
    return {
      cases: subset.length,
      precision: sure.length === 0 ? 1 : sureRight.length / sure.length,
      recall: expecting.length === 0 ? 1 : found.length / expecting.length,
      wrongSure: subset.filter((r) => r.verdict === 'wrong-sure').length,
      failures: subset.filter((r) => r.verdict !== 'right'),
    };
  };
  const byKind = Object.fromEntries(KINDS.map((k) => [k, score(rows.filter((r) => r.kind === k))])) as Record<
    Kind,
    Scores
  >;
  const byLanguage = Object.fromEntries(
    LANGUAGES.map((l) => [l, score(rows.filter((r) => r.language === l))]),
  ) as Record<Language, Scores>;
  return { rows, byKind, byLanguage, total: score(rows) };
}

export function describe(row: Row): string {
  const got =
    row.result.kind === 'sure'
      ? `sure ${row.result.id}`
      : row.result.kind === 'guess'
        ? `asks ${row.result.ids.join(' / ')}`
        : 'nothing';
  const want =
    row.expect.kind === 'unknown'
      ? 'nothing sure'
      : row.expect.kind === 'sure'
        ? `sure ${row.expect.id}`
        : `asks, with ${row.expect.id}`;
  return `${row.language} ${row.kind} "${row.text}": expected ${want}, got ${got} (${row.verdict})`;
}
