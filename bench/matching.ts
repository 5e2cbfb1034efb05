import Fuse from 'fuse.js';
import { FuzzySearch, guessOptions } from '../src/flows/appeal/domain/fuzzy-candidates.js';
import { loadKnowledge } from '../src/flows/appeal/domain/knowledge.js';
import { GUESS_THRESHOLD, normalize } from '../src/flows/appeal/domain/match.js';
import { loadCorpus } from '../test/knowledge/corpus.js';
import { searchedNames } from '../test/knowledge/names.js';
import type { BenchResult } from './lib/result.js';
import { distribution, ms, nowMs, round, rounded } from './lib/stats.js';

const ROUNDS = 5;

/** Texts the matchers do not know for sure, so each goes to the fuzzy guess: what people type that is not a name. */
const SENTENCES = [
  'hello',
  'not medically necessary',
  'they said its not covered under my employer plan',
  'my doctor prescribed it for multiple sclerosis and they denied it',
  'i dont know what to do',
  'the insurance company sent me a letter saying no',
];

export const WORKLOAD =
  'the fuzzy guess a matcher makes for text that names nothing for sure: each text the guess searches (the whole ' +
  'text and each word of 4 letters or more, as Matcher.guess does) against the insurer names and the drug names ' +
  `(the knowledge base's, normalized), Fuse's ten best, in two ways alternately, ${ROUNDS} rounds after one warm-up round: ` +
  'Fuse scoring every name (before) and FuzzySearch, Fuse scoring only the names that could match (after, as the matcher runs now). ' +
  `Texts: ${SENTENCES.length} sentences and the phrasing corpus's texts that are not sure matches; one pinned core; ` +
  'the figure is the time per text (all its searches)';

function searches(text: string): string[] {
  const query = normalize(text);
  return [...new Set([query, ...query.split(' ').filter((w) => w.length >= 4)])]
    .slice(0, 12)
    .filter((q) => q.length >= 3)
    .map((q) => q.slice(0, 64));
}

export async function run(): Promise<BenchResult> {
  const k = loadKnowledge();
  const lists = searchedNames(k);
  const corpus = loadCorpus()
    .filter((p) => p.expect.kind !== 'sure')
    .map((p) => p.text);
  const texts = [...SENTENCES, ...corpus].map(searches);
  const figures: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const [list, names] of Object.entries(lists)) {
    const docs = names.map((name) => ({ name }));
    const everyName = new Fuse(docs, guessOptions(GUESS_THRESHOLD));
    const couldMatch = new FuzzySearch(docs, GUESS_THRESHOLD);
    const ways = {
      before: (q: string) => everyName.search(q, { limit: 10 }).length,
      after: (q: string) => couldMatch.search(q, 10).length,
    };
    const samples: Record<keyof typeof ways, number[]> = { before: [], after: [] };
    for (let round = 0; round <= ROUNDS; round += 1) {
      for (const way of ['before', 'after'] as const) {
        for (const queries of texts) {
          const start = nowMs();
          for (const q of queries) ways[way](q);
          if (round > 0) samples[way].push(nowMs() - start);
        }
      }
    }
    const before = rounded(distribution(samples.before));
    const after = rounded(distribution(samples.after));
    const ratio = round(before.median / after.median, 1);
    figures[list] = { names: names.length, texts: texts.length, before, after, medianRatio: ratio };
    lines.push(
      `${list} (${names.length} names): per text median ${ms(before.median)} → ${ms(after.median)} (÷ ${ratio}), ` +
        `p99 ${ms(before.p99)} → ${ms(after.p99)}, max ${ms(before.max)} → ${ms(after.max)} (n=${after.n})`,
    );
  }
  return {
    id: 'matching',
    title: '9. Fuzzy guesses: Fuse over every name vs over the names that could match',
    workload: WORKLOAD,
    status: 'ok',
    figures,
    lines,
  };
}
