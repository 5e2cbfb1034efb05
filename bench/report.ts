import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bytes, ms, perSecond } from './lib/stats.js';

/**
 * `npx tsx bench/report.ts`: the headline figures of bench/results.json as a
 * Markdown table, ready for docs/benchmarks.md and the README.
 */

const results = JSON.parse(readFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), 'utf8')) as any;
const b = results.benchmarks as Record<string, any>;
const rows: Array<[string, string]> = [];
const ok = (id: string) => b[id]?.status === 'ok';
const skippedRow = (id: string, label: string) => {
  if (b[id] && !ok(id)) rows.push([label, `skipped: ${b[id].reason}`]);
};

if (ok('core')) {
  const f = b.core.figures;
  rows.push([
    'Whole appeal, engine + memory store, one core (with the .docx)',
    `${perSecond(f.full.conversationsPerSecond)} conversations`,
  ]);
  rows.push([
    '… through the summary (no letter)',
    `${perSecond(f.withoutLetter.conversationsPerSecond)} conversations`,
  ]);
  rows.push([
    'Per turn, median / p99 (questions and summary)',
    `${ms(f.withoutLetter.perTurnMs.median)} / ${ms(f.withoutLetter.perTurnMs.p99)}`,
  ]);
}
skippedRow('core', 'Core turn cost');
if (ok('reference')) {
  const f = b.reference.figures;
  rows.push(['Ours ÷ Bot Framework dialogs, conversations/s (with the letter)', `${f.full.ratio}×`]);
  rows.push(['Ours ÷ Bot Framework dialogs, conversations/s (through the summary)', `${f.withoutLetter.ratio}×`]);
}
skippedRow('reference', 'Bot Framework dialogs side by side');
if (ok('letter')) {
  const f = b.letter.figures;
  rows.push([
    'Letter (.docx): median / p95 per letter, size',
    `${ms(f.perLetterMs.median)} / ${ms(f.perLetterMs.p95)}, ${bytes(f.bytesPerLetter.patient)}`,
  ]);
}
skippedRow('letter', 'Letter generation');
if (ok('stores')) {
  const f = b.stores.figures;
  const turn = (kind: string) =>
    f.perTurn[kind] ? `${ms(f.perTurn[kind].perTurnMs.median)} / ${ms(f.perTurn[kind].perTurnMs.p99)}` : 'skipped';
  rows.push([
    'Per turn median / p99: memory · SQLite · SQLite encrypted · Redis',
    ['memory', 'sqlite', 'sqlite-encrypted', 'redis'].map(turn).join(' · '),
  ]);
  for (const kind of ['memory', 'sqlite', 'redis']) {
    const levels = f.inFlight[kind];
    if (!levels) continue;
    rows.push([
      `${kind}: conversations/s with 1 · 100 · 1000 in flight`,
      ['1', '100', '1000'].map((n) => perSecond(levels[n].conversationsPerSecond)).join(' · '),
    ]);
  }
}
skippedRow('stores', 'Session stores');
if (ok('http')) {
  const f = b.http.figures;
  rows.push([
    `Slack events through Bolt, ${f.connections} connections: ack median / p99; turns/s end to end`,
    `${ms(f.slack.latencyMs.median)} / ${ms(f.slack.latencyMs.p99)}; ${perSecond(f.slack.turnsPerSecondEndToEnd)}; ${f.slack.errors + f.slack.non2xx} errors`,
  ]);
  rows.push([
    `Teams activities through CloudAdapter, ${f.connections} connections: turn median / p99; requests/s`,
    `${ms(f.teams.latencyMs.median)} / ${ms(f.teams.latencyMs.p99)}; ${perSecond(f.teams.requestsPerSecond)}; ${f.teams.errors + f.teams.non2xx} errors`,
  ]);
}
skippedRow('http', 'HTTP path');
if (ok('memory')) {
  const f = b.memory.figures;
  rows.push([
    '10 000 sessions in the memory store: heap / RSS per session',
    `${bytes(f.memoryStore.heapPerSession)} / ${bytes(f.memoryStore.rssPerSession)}`,
  ]);
  rows.push([
    'Bytes per stored session: SQLite · SQLite encrypted · Redis',
    `${bytes(f.sqliteBytesPerSession)} · ${bytes(f.sqliteEncryptedBytesPerSession)} · ${f.redisBytesPerSession ? bytes(f.redisBytesPerSession) : 'skipped'}`,
  ]);
}
skippedRow('memory', 'Memory');
if (ok('startup')) {
  const f = b.startup.figures;
  rows.push([
    'Start-up to /healthz (npm start): web chat only · Slack + Discord + Teams',
    `${ms(f.webOnly.healthzMs.median)} · ${ms(f.slackDiscordTeams.healthzMs.median)}`,
  ]);
}
skippedRow('startup', 'Start-up');

const m = results.machine;
console.log(
  `Measured ${results.generatedAt.slice(0, 10)} at commit ${results.commit} on ${m.cpus} × ${m.cpu}, Node ${m.node}, load average ${m.loadAverageAtStart[0]} at the start; all seven in ${Math.round(results.totalSeconds)} s.\n`,
);
console.log('| what | figure |\n|---|---|');
for (const [what, figure] of rows) console.log(`| ${what} | ${figure} |`);
