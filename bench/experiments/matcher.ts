import { loadKnowledge } from '../../src/flows/appeal/domain/knowledge.js';
import type { Matcher } from '../../src/flows/appeal/domain/match.js';

/**
 * `npx tsx bench/experiments/matcher.ts [--dump file]`: the knowledge matchers
 * on the seed answers and on typos, in µs per match. With `--dump`, also writes
 * the result of every matcher for a large set of queries (every known name,
 * pairs of names, names with extra words), so two versions of the matcher can
 * be compared for identical behaviour: run it before and after, then diff.
 */
const k = loadKnowledge(process.env.KNOWLEDGE_DIR);
const matchers: Array<[string, Matcher]> = [
  ['insurer', k.match.insurer],
  ['drug', k.match.drug],
  ['reason', k.match.reason],
  ['plan', k.match.planType],
];
const seed: Array<[string, Matcher, string]> = [
  ['insurer "cigna"', k.match.insurer, 'cigna'],
  ['drug "ocrevus"', k.match.drug, 'ocrevus'],
  ['reason "not medically necessary"', k.match.reason, 'not medically necessary'],
  ['plan "employer plan"', k.match.planType, 'employer plan'],
  ['insurer typo "cignna"', k.match.insurer, 'cignna'],
  ['drug typo "ocrevis"', k.match.drug, 'ocrevis'],
  ['drug in a sentence', k.match.drug, 'my neurologist prescribed ocrevus infusions every six months but they said no'],
];
for (const [label, matcher, text] of seed) {
  for (let i = 0; i < 3000; i += 1) matcher.match(text);
  const n = 20_000;
  const start = performance.now();
  for (let i = 0; i < n; i += 1) matcher.match(text);
  console.log(
    `${label.padEnd(34)} ${(((performance.now() - start) / n) * 1000).toFixed(1).padStart(7)} µs  ${JSON.stringify(matcher.match(text))}`,
  );
}

const dumpAt = process.argv.indexOf('--dump');
if (dumpAt > 0) {
  const { writeFileSync } = await import('node:fs');
  const names = [
    ...[...k.insurers.values()].flatMap((i) => [i.name, ...i.aliases]),
    ...[...k.drugs.values()].flatMap((d) => [d.brand, d.generic, ...d.aliases, ...d.misspellings]),
    ...[...k.reasons.values()].flatMap((r) => [r.name, ...r.keywords]),
    ...[...k.planTypes.values()].flatMap((p) => [p.name, ...p.aliases]),
  ];
  const queries = new Set<string>();
  names.forEach((name, i) => {
    queries.add(name);
    queries.add(`my plan is ${name} I think`);
    queries.add(`${name}-abcd`);
    queries.add(`${name} ${names[(i * 7919) % names.length]}`);
    queries.add(`${name} and ${name}`);
  });
  const lines: string[] = [];
  for (const q of queries)
    for (const [label, matcher] of matchers) lines.push(`${label}\t${q}\t${JSON.stringify(matcher.match(q))}`);
  writeFileSync(process.argv[dumpAt + 1]!, `${lines.join('\n')}\n`);
  console.log(`${lines.length} results written to ${process.argv[dumpAt + 1]}`);
}
