import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { startFakeBotConnector, type FakeBotConnector } from '../test/fakes/teams-connector.js';
import { ask, quiescence, startServer, stopServer } from './http.js';
import { BENCH_SIGNING_SECRET } from './lib/platform-requests.js';
import type { BenchResult } from './lib/result.js';
import type { HeldUp, ThreadCpu } from './lib/server-threads.js';
import { TYPED_SEED } from './lib/scenario.js';
import { distribution, median, ms, nowMs, round, rounded, type Distribution } from './lib/stats.js';
import type { LoadRequest, LoadResult, Sent } from './steady-load.js';

const RATE = 150;
/** Conversations in progress at once; each gets a message every SLOTS / RATE seconds (0.4 s). */
const SLOTS = 60;
/** Longer than one whole conversation (SLOTS × its turns ÷ RATE, 4 s), so letters are built in the warm-up too. */
const WARMUP_MS = 5_000;
const MEASURE_MS = 10_000;
/**
 * Each cell has this many measured stretches, taken in turn with the other mix and server: by default 3,
 * 4,500 requests pooled, so its p99 is the 45th slowest. A passing disturbance of the machine (a stall of
 * the whole VM, another process) lands in one stretch; the median of the stretches' p99s leaves it out,
 * the pooled p99 does not, and both are reported. More rounds cost about 140 s each (BENCH_STEADY_ROUNDS=5).
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_STEADY_ROUNDS ?? 3) || 3);
const SERVER_WARMUP_MS = 8_000;
/** Every fifth conversation ends with a letter in the "20 %" runs; the others end with "help". */
const LETTER_EVERY = 5;
const LAST_WITHOUT_LETTER = 'help';

export const WORKLOAD =
  `an open-loop load of exactly ${RATE} requests/s, one every ${round(1000 / RATE, 2)} ms (not bursts), on the real server ` +
  `(bench/http-server.ts: startApp with Slack's Bolt HTTPReceiver and Teams' CloudAdapter, and the store npm start opens: a SQLite file, ` +
  'keys hashed) in a child process; the fakes in the parent, and the generator in a child process of its own (bench/steady-load.ts) ' +
  `so that the fakes' work cannot delay its timing. ${SLOTS} conversations in progress at once, round robin, each a new user typing ` +
  `${JSON.stringify(TYPED_SEED.slice(0, -1))} then either "skip" (the letter details; → the .docx and PDF) or "${LAST_WITHOUT_LETTER}". ` +
  `Two mixes: no letters, and every ${LETTER_EVERY}th conversation (20 %) finishing with a letter. Two servers side by side, ` +
  'started together and measured alternately: letters built on the event loop (before: in process) and in the worker pool (after: as npm start runs). ' +
  `Each server first runs ${SERVER_WARMUP_MS / 1000} s of the letters mix per platform, unmeasured. ` +
  `Per platform, mix and server: ${ROUNDS} rounds of ${WARMUP_MS / 1000} s warm-up then ${MEASURE_MS / 1000} s measured, servers alternating ` +
  'and the mixes in turn (no letters first in odd rounds, letters first in even ones, as each server grows older between stretches), ' +
  `pooled (${(ROUNDS * RATE * MEASURE_MS) / 1000} requests), and the median of the ${ROUNDS} stretches' own p99s beside it. ` +
  'Latency is from the request being written to the response ending: Slack and Teams (messages) are acknowledged before the turn runs. ' +
  "For Teams also the whole turn: from the request being written until the turn's last reply reached the fake Bot Connector. " +
  'Every letter is checked to arrive (Slack file upload, Teams FileConsentCard) and every response to be 2xx. ' +
  "The server's garbage-collection pauses (a PerformanceObserver in the server) and the CPU time of its threads are counted in the measured stretches";

interface Cell {
  /** Until the platform's HTTP request was answered (Slack's ack; Teams' 200, which comes before the turn). */
  latencyMs: Distribution;
  /** Each stretch's own p99 of the measures above, in the order measured. */
  stretchP99Ms: { latencyMs: number[]; turnMs?: number[]; otherTurnMs?: number[] };
  /** Teams: until the turn's last reply reached the Bot Connector. */
  turnMs?: Distribution;
  /** … the turns that do not build a letter: how much the letters being built slow everyone else's turns. */
  otherTurnMs?: Distribution;
  /** … the turns that build one (the letter's own time). */
  letterTurnMs?: Distribution;
  requests: number;
  errors: number;
  non2xx: number;
  lettersExpected: number;
  lettersDelivered: number;
  /** Requests actually sent per second (the generator keeps the schedule). */
  offeredPerSecond: number;
  /** The server's garbage-collection pauses while the stretches were measured (each one stops the event loop). */
  gcPauses: { perSecond: number; ms: Distribution };
  /** CPU time the server's threads (event loop and pool) used per second measured: how near the machine is to full. */
  serverCpuPerSecond: number;
  /** How late the server's event loop ran a 1 ms timer (worst p99 and max of the stretches): its own share of a latency. */
  serverLoopDelayMs: { p99: number; max: number };
  /** The load generator's own event-loop lag (worst p99 and max of the stretches): a latency below it says nothing. */
  generatorLagMs: { p99: number; max: number };
}

type LoadSpec = Pick<LoadRequest, 'platform' | 'serviceUrl' | 'withLetters' | 'durationMs'>;

/** The generator in its own process (bench/steady-load.ts), so the fakes' work here cannot delay its timing. */
function startGenerator(): ChildProcess {
  return fork(fileURLToPath(new URL('./steady-load.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Sends at a fixed rate for `durationMs`, conversations round robin; returns every latency and status. */
function steady(generator: ChildProcess, port: number, spec: LoadSpec): Promise<LoadResult> {
  const load: LoadRequest = {
    ...spec,
    port,
    rate: RATE,
    slots: SLOTS,
    letterEvery: LETTER_EVERY,
    lastWithoutLetter: LAST_WITHOUT_LETTER,
  };
  return new Promise((resolve, reject) => {
    const listener = (m: unknown) => {
      if (m && typeof m === 'object' && 'load' in m) {
        generator.off('message', listener);
        generator.off('exit', exited);
        resolve((m as { load: LoadResult }).load);
      }
    };
    const exited = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
    generator.on('message', listener);
    generator.once('exit', exited);
    generator.send(load);
  });
}

interface Server {
  name: 'inProcess' | 'pool';
  child: ChildProcess;
  port: number;
}

/**
 * Stops the other server's process (SIGSTOP) while one is measured, and lets this one run: an idle
 * server still collects garbage and runs timers on the same two cores. With both running, the Slack
 * stretches without letters had p99s of 2.7–17 ms in one run; with the other stopped, 3.9–4.7 ms.
 */
function alone(servers: Server[], measured: Server): void {
  measured.child.kill('SIGCONT');
  for (const other of servers) if (other !== measured) other.child.kill('SIGSTOP');
}

/** One measured stretch: what `steady` saw, and the letters that arrived for it. */
interface Stretch {
  results: Sent[];
  /** Teams: each request until its last reply reached the connector (the whole turn), once all have arrived. */
  turnMs: Array<{ ms: number; letterTurn: boolean }>;
  lettersExpected: number;
  lettersDelivered: number;
  offeredPerSecond: number;
  gcPausesMs: number[];
  serverCpuMs: number;
  /** The same split by thread (Linux): null where /proc cannot tell. */
  serverThreadCpuMs: ThreadCpu | null;
  /** The times the server's event loop was held up in the measured stretch (Linux). */
  serverHeldUp: HeldUp | null;
  serverLoopDelayMs: { p99: number; max: number };
  /** CPU time of this process (the platform fakes) in the measured stretch: they share the machine's two cores. */
  fakesCpuMs: number;
  generatorLagMs: LoadResult['lagMs'];
}

/** The server's garbage-collection pauses since it was last asked, and the CPU time its threads have used. */
async function serverUsage(server: Server): Promise<{
  pauses: number[];
  cpuMs: number;
  threadCpuMs: ThreadCpu | null;
  heldUp: HeldUp | null;
  loopDelayMs: { p99: number; max: number };
}> {
  const reply = await ask(server.child, 'usage', 'gcPauses');
  const delay = reply.loopDelayMs as { p99?: unknown; max?: unknown } | undefined;
  return {
    // Both from bench/lib/server-threads.ts in the server; null off Linux.
    threadCpuMs: (reply.threadCpuMs as ThreadCpu | null | undefined) ?? null,
    heldUp: (reply.heldUp as HeldUp | null | undefined) ?? null,
    loopDelayMs: {
      p99: typeof delay?.p99 === 'number' ? delay.p99 : Number.NaN,
      max: typeof delay?.max === 'number' ? delay.max : Number.NaN,
    },
    pauses: Array.isArray(reply.gcPauses) ? reply.gcPauses.filter((x): x is number => typeof x === 'number') : [],
    cpuMs: typeof reply.cpuMs === 'number' ? reply.cpuMs : Number.NaN,
  };
}

async function stretch(
  generator: ChildProcess,
  server: Server,
  load: Omit<LoadSpec, 'durationMs'>,
  letters: () => number,
  settle: () => Promise<void>,
  turnTimes: (results: Sent[]) => Stretch['turnMs'],
): Promise<Stretch> {
  await steady(generator, server.port, { ...load, durationMs: WARMUP_MS });
  await settle();
  const lettersBefore = letters();
  const before = await serverUsage(server);
  const fakesBefore = process.cpuUsage();
  const run = await steady(generator, server.port, { ...load, durationMs: MEASURE_MS });
  const after = await serverUsage(server);
  const fakes = process.cpuUsage(fakesBefore);
  // Letters are posted after the turn; on a busy machine the last ones may trail the responses by seconds.
  const deadline = nowMs() + 60_000;
  while (letters() - lettersBefore < run.lettersExpected && nowMs() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await settle();
  return {
    results: run.results,
    lettersExpected: run.lettersExpected,
    offeredPerSecond: run.offeredPerSecond,
    generatorLagMs: run.lagMs,
    turnMs: turnTimes(run.results),
    lettersDelivered: letters() - lettersBefore,
    gcPausesMs: after.pauses,
    serverCpuMs: after.cpuMs - before.cpuMs,
    serverThreadCpuMs:
      after.threadCpuMs && before.threadCpuMs
        ? {
            loop: after.threadCpuMs.loop - before.threadCpuMs.loop,
            lowered: after.threadCpuMs.lowered - before.threadCpuMs.lowered,
            normal: after.threadCpuMs.normal - before.threadCpuMs.normal,
          }
        : null,
    serverHeldUp: after.heldUp,
    serverLoopDelayMs: after.loopDelayMs,
    fakesCpuMs: (fakes.user + fakes.system) / 1000,
  };
}

/** " (event loop a, lower-priority threads b, others c)" in CPU-s/s, or nothing where the split is unknown. */
function threadSplit(split: ThreadCpu | null): string {
  if (!split) return '';
  const perSecond = (x: number) => round(x / MEASURE_MS, 2);
  return ` (event loop ${perSecond(split.loop)}, lowered threads ${perSecond(split.lowered)}, others ${perSecond(split.normal)})`;
}

/** "; event loop held up n times for a ms: ran b, waited for a core c, in GC pauses d" or nothing off Linux. */
function heldUpLine(held: HeldUp | null): string {
  if (!held) return '';
  return (
    `; event loop held up ${held.times}× for ${Math.round(held.ms)} ms: ran ${Math.round(held.ranMs)}, ` +
    `waited for a core ${Math.round(held.waitedForCoreMs)}, in GC pauses ${Math.round(held.gcMs)}`
  );
}

/** The stretches of one platform, mix and server, pooled. */
function cell(stretches: Stretch[]): Cell {
  const results = stretches.flatMap((s) => s.results);
  const turns = stretches.flatMap((s) => s.turnMs);
  const of = (list: typeof turns) => rounded(distribution(list.map((x) => x.ms)));
  const letterTurns = turns.filter((x) => x.letterTurn);
  const p99s = (pick: (s: Stretch) => number[]) => stretches.map((s) => round(distribution(pick(s)).p99, 2));
  return {
    latencyMs: rounded(distribution(results.map((r) => r.ms))),
    stretchP99Ms: {
      latencyMs: p99s((s) => s.results.map((r) => r.ms)),
      ...(turns.length > 0
        ? {
            turnMs: p99s((s) => s.turnMs.map((x) => x.ms)),
            otherTurnMs: p99s((s) => s.turnMs.filter((x) => !x.letterTurn).map((x) => x.ms)),
          }
        : {}),
    },
    ...(turns.length > 0 ? { turnMs: of(turns), otherTurnMs: of(turns.filter((x) => !x.letterTurn)) } : {}),
    ...(letterTurns.length > 0 ? { letterTurnMs: of(letterTurns) } : {}),
    requests: results.length,
    errors: results.filter((r) => r.status === 0).length,
    non2xx: results.filter((r) => r.status !== 0 && (r.status < 200 || r.status > 299)).length,
    lettersExpected: stretches.reduce((sum, s) => sum + s.lettersExpected, 0),
    lettersDelivered: stretches.reduce((sum, s) => sum + s.lettersDelivered, 0),
    offeredPerSecond: round(Math.min(...stretches.map((s) => s.offeredPerSecond)), 1),
    gcPauses: {
      perSecond: round(stretches.reduce((sum, s) => sum + s.gcPausesMs.length, 0) / ((ROUNDS * MEASURE_MS) / 1000), 1),
      ms: rounded(distribution(stretches.flatMap((s) => s.gcPausesMs))),
    },
    serverCpuPerSecond: round(stretches.reduce((sum, s) => sum + s.serverCpuMs, 0) / (ROUNDS * MEASURE_MS), 2),
    serverLoopDelayMs: {
      p99: round(Math.max(...stretches.map((s) => s.serverLoopDelayMs.p99)), 2),
      max: round(Math.max(...stretches.map((s) => s.serverLoopDelayMs.max)), 2),
    },
    generatorLagMs: {
      p99: round(Math.max(...stretches.map((s) => s.generatorLagMs.p99)), 2),
      max: round(Math.max(...stretches.map((s) => s.generatorLagMs.max)), 2),
    },
  };
}

export async function run(): Promise<BenchResult> {
  const slackApi = await FakeSlackApi.start();
  const connector: FakeBotConnector = await startFakeBotConnector();
  const env = (letters: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NO_PROXY: '127.0.0.1,localhost',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slackApi.apiUrl,
    TEAMS_ENABLED: 'true',
    LOG_LEVEL: 'silent',
    BENCH_LETTERS: letters,
    BENCH_STORE: 'sqlite',
    // The pool's settings, when given, reach the server as they would npm start.
    ...(process.env.WORKER_NICE ? { WORKER_NICE: process.env.WORKER_NICE } : {}),
  });
  const servers: Server[] = [];
  const generator = startGenerator();
  try {
    for (const name of ['inProcess', 'pool'] as const) {
      servers.push({ name, ...(await startServer(env(name === 'pool' ? 'pool' : 'in-process'))) });
    }
    // A letter is its .docx; the PDF and the calendar file that come with it are not counted again.
    const slackUploads = () =>
      slackApi.callsTo('files.getUploadURLExternal').filter((c) => String(c.params.filename).endsWith('.docx')).length;
    const consents = () =>
      connector.activities.filter((a) =>
        a.activity.attachments?.some(
          (x) => x.contentType === 'application/vnd.microsoft.teams.card.file.consent' && x.name?.endsWith('.docx'),
        ),
      ).length;
    const settleOn = (server: Server, count: () => number) => async () => {
      await ask(server.child, 'idle', 'idle');
      await quiescence(count, 300);
    };
    // Each Teams request until its turn's last reply reached the connector (the replies name the activity they answer).
    const teamsTurns = (results: Sent[]): Stretch['turnMs'] => {
      const lastReply = new Map<string, number>();
      for (const posted of connector.activities) {
        if (posted.replyToId)
          lastReply.set(posted.replyToId, Math.max(lastReply.get(posted.replyToId) ?? 0, posted.receivedAt));
      }
      return results.flatMap((r) => {
        const at = r.activityId === undefined ? undefined : lastReply.get(r.activityId);
        return at === undefined
          ? []
          : [{ ms: performance.timeOrigin + at - r.sentAtEpochMs, letterTurn: r.letterTurn }];
      });
    };
    const platforms = {
      slack: {
        load: { platform: 'slack' as const, serviceUrl: connector.serviceUrl },
        letters: slackUploads,
        calls: () => slackApi.calls.length,
        turns: () => [],
      },
      teams: {
        load: { platform: 'teams' as const, serviceUrl: connector.serviceUrl },
        letters: consents,
        calls: () => connector.activities.length,
        turns: teamsTurns,
      },
    };
    // Each server first runs the letters mix unmeasured: its JIT, pool threads and fakes warm, so the
    // first measured mix is not the one that pays for them.
    for (const server of servers) {
      alone(servers, server);
      process.stderr.write(`  steady: warming the ${server.name} server…\n`);
      for (const p of Object.values(platforms))
        await steady(generator, server.port, { ...p.load, withLetters: true, durationMs: SERVER_WARMUP_MS });
      await settleOn(server, () => slackApi.calls.length + connector.activities.length)();
    }
    const figures: Record<string, Record<string, Record<string, Cell>>> = {};
    // Mixes and servers alternate stretch by stretch, round after round, so all see the same machine load.
    for (const [platform, p] of Object.entries(platforms)) {
      const stretches = new Map<string, Stretch[]>();
      for (let r = 1; r <= ROUNDS; r += 1) {
        const mixes = r % 2 === 1 ? (['noLetters', 'letters20'] as const) : (['letters20', 'noLetters'] as const);
        for (const mix of mixes) {
          for (const server of servers) {
            alone(servers, server);
            // Each stretch counts its own letters and turns; kept, the fakes' records of a whole run filled the
            // harness's heap, and scanning and collecting them took the cores the server needed.
            slackApi.forget();
            connector.forget();
            process.stderr.write(`  steady: ${platform}, ${mix}, letters ${server.name}, round ${r} of ${ROUNDS}…\n`);
            const s = await stretch(
              generator,
              server,
              { ...p.load, withLetters: mix === 'letters20' },
              p.letters,
              settleOn(server, p.calls),
              p.turns,
            );
            const key = `${mix}.${server.name}`;
            stretches.set(key, [...(stretches.get(key) ?? []), s]);
            const d = distribution(s.results.map((x) => x.ms));
            process.stderr.write(
              `    p99 ${ms(d.p99)}, median ${ms(d.median)}, letters ${s.lettersDelivered}/${s.lettersExpected}; ` +
                `CPU/s server ${round(s.serverCpuMs / MEASURE_MS, 2)}${threadSplit(s.serverThreadCpuMs)}, ` +
                `fakes ${round(s.fakesCpuMs / MEASURE_MS, 2)}; ` +
                `server loop delay p99 ${ms(s.serverLoopDelayMs.p99)}, max ${ms(s.serverLoopDelayMs.max)}; ` +
                `the generator's own lag p99 ${ms(s.generatorLagMs.p99)}, max ${ms(s.generatorLagMs.max)}` +
                `${heldUpLine(s.serverHeldUp)}\n`,
            );
          }
        }
      }
      figures[platform] = { noLetters: {}, letters20: {} };
      for (const mix of ['noLetters', 'letters20'] as const) {
        for (const server of servers)
          figures[platform]![mix]![server.name] = cell(stretches.get(`${mix}.${server.name}`)!);
      }
    }
    type Measure = 'latencyMs' | 'turnMs' | 'otherTurnMs';
    const p99 = (platform: string, mix: string, server: string, measure: Measure) =>
      figures[platform]![mix]![server]![measure]?.p99 ?? Number.NaN;
    const ratio = (platform: string, server: string, measure: Measure) =>
      round(p99(platform, 'letters20', server, measure) / p99(platform, 'noLetters', server, measure), 2);
    const typicalP99 = (platform: string, mix: string, server: string, measure: Measure) =>
      median(figures[platform]![mix]![server]!.stretchP99Ms[measure] ?? []);
    const typicalRatio = (platform: string, server: string, measure: Measure) =>
      round(typicalP99(platform, 'letters20', server, measure) / typicalP99(platform, 'noLetters', server, measure), 2);
    const ratiosBy = (of: typeof ratio) =>
      Object.fromEntries(
        servers.flatMap((s) => [
          [`slack.${s.name}`, of('slack', s.name, 'latencyMs')],
          [`teams.${s.name}`, of('teams', s.name, 'latencyMs')],
          [`teamsTurn.${s.name}`, of('teams', s.name, 'turnMs')],
          [`teamsOtherTurns.${s.name}`, of('teams', s.name, 'otherTurnMs')],
        ]),
      );
    const line = (platform: string, what: string, measure: Measure) =>
      servers.map((s) => {
        const none = figures[platform]!.noLetters![s.name]!;
        const some = figures[platform]!.letters20![s.name]!;
        const a = none[measure]!;
        const b = some[measure]!;
        const label = s.name === 'pool' ? 'letters in the worker pool (after)' : 'letters on the event loop (before)';
        const bad = none.errors + none.non2xx + some.errors + some.non2xx;
        const typical = (mix: string) => ms(typicalP99(platform, mix, s.name, measure));
        return (
          `${platform} ${what}, ${label}: p99 ${ms(a.p99)} without letters, ${ms(b.p99)} with 20 % ` +
          `(× ${ratio(platform, s.name, measure)}); median of the ${ROUNDS} stretches' p99s ${typical('noLetters')} → ` +
          `${typical('letters20')} (× ${typicalRatio(platform, s.name, measure)}); median ${ms(a.median)} / ${ms(b.median)}; ` +
          `max ${ms(a.max)} / ${ms(b.max)}; letters ${some.lettersDelivered}/${some.lettersExpected}; errors ${bad}`
        );
      });
    return {
      id: 'steady',
      title: `5b. A steady ${RATE} requests/s with and without letters: Slack ack, Teams ack and turn p99, letters on the event loop vs in the worker pool`,
      workload: WORKLOAD,
      status: 'ok',
      figures: {
        rate: RATE,
        measureMs: MEASURE_MS,
        rounds: ROUNDS,
        ...figures,
        p99RatioWithLetters: ratiosBy(ratio),
        medianStretchP99RatioWithLetters: ratiosBy(typicalRatio),
      },
      lines: [
        ...line('slack', 'ack', 'latencyMs'),
        ...line('teams', 'ack (HTTP 200)', 'latencyMs'),
        ...line('teams', 'turn (until its last reply)', 'turnMs'),
        ...line('teams', 'turn of everyone not getting a letter in it', 'otherTurnMs'),
        ...servers.map((s) => {
          const own = figures.teams!.letters20![s.name]!.letterTurnMs;
          const label = s.name === 'pool' ? 'in the worker pool (after)' : 'on the event loop (before)';
          return own
            ? `teams letter turns themselves, ${label}: median ${ms(own.median)}, p99 ${ms(own.p99)} (n=${own.n})`
            : '';
        }),
        ...servers.flatMap((s) =>
          Object.entries(figures).map(([platform, mixes]) => {
            const gc = (mix: string) => {
              const g = mixes[mix]![s.name]!.gcPauses;
              return `${g.perSecond}/s, p99 ${ms(g.ms.p99)}, max ${ms(g.ms.max)}`;
            };
            const cpu = (mix: string) => mixes[mix]![s.name]!.serverCpuPerSecond;
            return (
              `${platform} server, letters ${s.name === 'pool' ? 'in the worker pool' : 'on the event loop'}: ` +
              `CPU ${cpu('noLetters')} s/s without letters, ${cpu('letters20')} s/s with 20 %; ` +
              `GC pauses ${gc('noLetters')} without letters; ${gc('letters20')} with 20 %`
            );
          }),
        ),
      ],
    };
  } finally {
    generator.disconnect();
    for (const server of servers) server.child.kill('SIGCONT');
    for (const server of servers) await stopServer(server.child);
    await slackApi.close();
    await connector.close();
  }
}
