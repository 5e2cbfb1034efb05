/**
 * `npm run knowledge:check`: validates every knowledge file, reports coverage
 * and matching quality, and exits non-zero when anything is wrong (a schema
 * error, a duplicate, a dangling reference, a name shared by two entries, or a
 * confident wrong match in the phrasing corpus).
 */
import { relative } from 'node:path';
import { checkKnowledge, type Knowledge } from '../src/flows/appeal/domain/knowledge.js';
import { CORPUS_FILE, describe, evaluate, KINDS, loadCorpus } from '../test/knowledge/corpus.js';

function countBy<T>(items: Iterable<T>, key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function coverage(k: Knowledge): string[] {
  const drugs = [...k.drugs.values()];
  const insurers = [...k.insurers.values()];
  return [
    `plan types  ${k.planTypes.size}`,
    `insurers    ${k.insurers.size} (${countBy(insurers, (i) => i.kind)})`,
    `            peer-to-peer documented for ${insurers.filter((i) => i.peerToPeer !== undefined).length}, policy title known for ${insurers.filter((i) => i.policyDocuments).length}`,
    `drugs       ${k.drugs.size} (${countBy(drugs, (d) => d.benefit)} benefit; ${countBy(drugs, (d) => d.route)})`,
    `            by specialty: ${countBy(drugs, (d) => d.specialty.split(/[ ,(]/)[0] ?? d.specialty)}`,
    `            approved uses ${drugs.reduce((n, d) => n + d.approvedUses.length, 0)}, label limits ${drugs.reduce((n, d) => n + d.labelLimits.length, 0)}, withdrawn ${drugs.filter((d) => d.fdaStatus === 'withdrawn').length}`,
    `reasons     ${k.reasons.size} (${[...k.reasons.values()].reduce((n, r) => n + r.keywords.length + r.insurerWording.length, 0)} keywords and insurer phrases)`,
  ];
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function main(): number {
  const { report, knowledge } = checkKnowledge();
  if (!knowledge) {
    console.error(`knowledge: ${report.errors.length} problem(s)`);
    for (const error of report.errors) console.error(`  ✗ ${error}`);
    return 1;
  }
  console.log('knowledge: every file valid, no duplicates, no dangling references, no shared names');
  for (const line of coverage(knowledge)) console.log(`  ${line}`);

  const corpus = loadCorpus();
  const { byKind, total } = evaluate(knowledge, corpus);
  console.log(`\nmatching: ${total.cases} phrasings from ${relative(process.cwd(), CORPUS_FILE)}`);
  for (const kind of KINDS) {
    const s = byKind[kind];
    console.log(
      `  ${kind.padEnd(8)} ${String(s.cases).padStart(4)} cases  precision ${percent(s.precision).padStart(6)}  recall ${percent(s.recall).padStart(6)}  wrong confident ${s.wrongSure}`,
    );
  }
  console.log(
    `  ${'all'.padEnd(8)} ${String(total.cases).padStart(4)} cases  precision ${percent(total.precision).padStart(6)}  recall ${percent(total.recall).padStart(6)}  wrong confident ${total.wrongSure}`,
  );
  for (const row of total.failures) console.log(`  ${row.verdict === 'wrong-sure' ? '✗' : '·'} ${describe(row)}`);
  if (total.wrongSure > 0) {
    console.error(`\nmatching: ${total.wrongSure} confident wrong match(es); the bot must ask instead`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
