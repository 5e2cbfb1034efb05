/**
 * `npm run knowledge:check`: validates every knowledge file, reports coverage
 * and matching quality, and exits non-zero when anything is wrong (a schema
 * error, a duplicate, a dangling reference, a name shared by two entries, or a
 * confident wrong match in the phrasing corpus).
 */
import { relative } from 'node:path';
import { checkKnowledge, type Knowledge, type StateHelp } from '../src/flows/appeal/domain/knowledge.js';
import { STALE_AFTER_MONTHS, staleFacts } from '../src/flows/appeal/domain/state-help.js';
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
    `states      ${k.states.size}: consumer assistance ${count(k, (s) => s.consumerAssistance)}, insurance department ${count(k, (s) => s.insuranceDepartment)}, external review ${count(k, (s) => s.externalReview)}, Medicaid fair hearing ${count(k, (s) => s.medicaidFairHearing)}`,
    `            missing a consumer assistance program: ${missing(k, (s) => s.consumerAssistance)}`,
    `            missing an insurance department: ${missing(k, (s) => s.insuranceDepartment)}`,
    `            external review by the state ${count(k, (s) => (s.externalReview?.process === 'state' ? true : undefined))}, federal ${missing(k, (s) => (s.externalReview?.process === 'federal' ? undefined : true))}; not known: ${missing(k, (s) => s.externalReview)}`,
    `            missing a Medicaid fair hearing office: ${missing(k, (s) => s.medicaidFairHearing)}`,
    `support     ${k.supportPrograms.size} of ${k.drugs.size} drugs have their maker's program (bridge supply ${[...k.supportPrograms.values()].filter((p) => p.bridgeSupply).length}, copay help ${[...k.supportPrograms.values()].filter((p) => p.copayHelp).length}, foundations ${[...k.supportPrograms.values()].filter((p) => p.foundations.length > 0).length})`,
    `            without a program: ${[...k.drugs.keys()].filter((id) => !k.supportPrograms.has(id)).join(', ') || 'none'}`,
    `reasons     ${k.reasons.size} (${[...k.reasons.values()].reduce((n, r) => n + r.keywords.length + r.insurerWording.length, 0)} keywords and insurer phrases)`,
  ];
}

function count(k: Knowledge, part: (s: StateHelp) => unknown): number {
  return [...k.states.values()].filter((s) => part(s) !== undefined).length;
}

function missing(k: Knowledge, part: (s: StateHelp) => unknown): string {
  return (
    [...k.states.values()]
      .filter((s) => part(s) === undefined)
      .map((s) => s.code)
      .join(' ') || 'none'
  );
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
  const stale = staleFacts(knowledge, new Date().toISOString().slice(0, 10));
  if (stale.length > 0) {
    console.error(`knowledge: ${stale.length} fact(s) not checked at their source for ${STALE_AFTER_MONTHS} months`);
    for (const line of stale) console.error(`  ✗ ${line}`);
    return 1;
  }

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
