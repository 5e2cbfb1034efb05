import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { translator } from '../src/core/i18n.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import { startFakeBotConnector, type FakeBotConnector } from '../test/fakes/teams-connector.js';
import { BENCH_SIGNING_SECRET, slackMessage, teamsMessage } from './lib/platform-requests.js';
import type { BenchResult } from './lib/result.js';
import { TYPED_SEED } from './lib/scenario.js';
import { ms, nowMs, perSecond, round } from './lib/stats.js';

const CONNECTIONS = 20;
/** autocannon shares `amount` evenly between connections: whole conversations per connection, so every one reaches its letter. */
const CONVERSATIONS_PER_CONNECTION = 8;
const CONVERSATIONS = CONNECTIONS * CONVERSATIONS_PER_CONNECTION;
const WARMUP_CONVERSATIONS = CONNECTIONS;
const REQUESTS = CONVERSATIONS * TYPED_SEED.length;
/** The rate-limited run: half the capacity just measured, 2 conversations per connection. */
const PACED_CONVERSATIONS = CONNECTIONS * 2;

export const WORKLOAD =
  `the real server (startApp as npm start runs it: letters in the worker pool, one HTTP server, Slack's Bolt HTTPReceiver, Teams' CloudAdapter unauthenticated, in-memory store) in a child ` +
  `process; autocannon and the loopback platform fakes (test/fakes: Slack Web API, Bot Connector) in this one. Each autocannon connection ` +
  `types whole appeals, one message per request: ${JSON.stringify(TYPED_SEED)}, then starts a new conversation as a new user. ` +
  `${CONNECTIONS} connections, ${REQUESTS} requests (${CONVERSATIONS} conversations, each ending in a .docx) per platform as fast as ` +
  `the server answers, after ${WARMUP_CONVERSATIONS} warm-up conversations; then ${PACED_CONVERSATIONS * TYPED_SEED.length} more requests at half ` +
  "the measured capacity (autocannon overallRate, which releases each connection's quota at the start of every second: bursts of about " +
  'half a second of work each second, not an even stream). Slack: signed event_callback DMs (HMAC of each body, fresh event_id); Bolt acknowledges ' +
  'before the turn runs, so latency is the ack and "end to end" waits until the fake Web API stops receiving calls. ' +
  'Teams: message activities; the adapter answers 200 once the activity is received (before its turn, as Bolt acks Slack), and "end to end" ' +
  'waits until the fake Bot Connector stops receiving replies';

let nextUser = 1;

function slackRequests(): autocannon.Request[] {
  return TYPED_SEED.map((text, step) => ({
    method: 'POST',
    path: '/slack/events',
    setupRequest: (request: autocannon.Request, state: object) => {
      const context = state as Record<string, unknown>;
      if (step === 0) context.user = `UB${nextUser++}`;
      const { body, headers } = slackMessage(String(context.user), step, text);
      return { ...request, body, headers };
    },
  }));
}

function teamsRequests(connector: FakeBotConnector): autocannon.Request[] {
  return TYPED_SEED.map((text, step) => ({
    method: 'POST',
    path: '/api/messages',
    setupRequest: (request: autocannon.Request, state: object) => {
      const context = state as Record<string, unknown>;
      if (step === 0) context.user = `tb${nextUser++}`;
      const { body, headers } = teamsMessage(connector.serviceUrl, String(context.user), step, text);
      return { ...request, body, headers };
    },
  }));
}

function load(
  url: string,
  requests: autocannon.Request[],
  amount: number,
  overallRate?: number,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        pipelining: 1,
        amount,
        timeout: 30,
        requests,
        ...(overallRate ? { overallRate } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Waits until `count()` has not changed for `quietMs`; returns when it last changed. */
export async function quiescence(count: () => number, quietMs = 400): Promise<number> {
  let last = count();
  let changedAt = nowMs();
  while (nowMs() - changedAt < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = count();
    if (now !== last) {
      last = now;
      changedAt = nowMs();
    }
  }
  return changedAt;
}

export function ask(child: ChildProcess, message: string, reply: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (m: unknown) => {
      if (m && typeof m === 'object' && reply in m) {
        child.off('message', listener);
        resolve(m as Record<string, unknown>);
      }
    };
    child.on('message', listener);
    child.send(message);
  });
}

export async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(new URL('./http-server.ts', import.meta.url)), [], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      // More Node flags for an experiment, e.g. BENCH_NODE_ARGS=--trace-gc.
      ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []),
    ],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the bench server exited with code ${code} before listening`)));
  });
  return { child, port };
}

/** Graceful stop (the app's own shutdown); killed if it has not exited in 8 s. */
export function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send('stop');
  });
}

function latency(result: autocannon.Result) {
  return {
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.average),
    latencyMs: {
      median: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function run(): Promise<BenchResult> {
  const slackApi = await FakeSlackApi.start();
  const connector = await startFakeBotConnector();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NO_PROXY: '127.0.0.1,localhost',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slackApi.apiUrl,
    TEAMS_ENABLED: 'true',
    LOG_LEVEL: 'silent',
    // Letters in the worker pool, as `npm start` runs the server.
    BENCH_LETTERS: 'pool',
  };
  // A letter is its .docx (its PDF and calendar file come with it); a letter the full worker queue refused is the "busy" notice.
  const busy = JSON.stringify(translator('en')('appeal.letter.busy')).slice(1, -1);
  const saysBusy = (message: unknown) => JSON.stringify(message).includes(busy);
  const slackLetterCounts = () => ({
    letters: slackApi.callsTo('files.getUploadURLExternal').filter((c) => String(c.params.filename).endsWith('.docx'))
      .length,
    busy: slackApi.callsTo('chat.postMessage').filter((c) => saysBusy(c.params.blocks)).length,
  });
  const teamsLetterCounts = () => ({
    letters: connector.activities.filter((a) =>
      a.activity.attachments?.some(
        (x) => x.contentType === 'application/vnd.microsoft.teams.card.file.consent' && x.name?.endsWith('.docx'),
      ),
    ).length,
    busy: connector.activities.filter((a) => saysBusy(a.activity)).length,
  });
  const { child, port } = await startServer(env);
  const base = `http://127.0.0.1:${port}`;
  try {
    // Slack: warm up, then the measured run; "end to end" ends with the last Web API call the turns made.
    await load(`${base}/slack/events`, slackRequests(), WARMUP_CONVERSATIONS * TYPED_SEED.length);
    await quiescence(() => slackApi.calls.length);
    await ask(child, 'idle', 'idle');
    const slackBefore = slackLetterCounts();
    const slackStart = nowMs();
    const slack = await load(`${base}/slack/events`, slackRequests(), REQUESTS);
    const slackDone = await quiescence(() => slackApi.calls.length);
    const slackAfter = slackLetterCounts();
    const slackLetters = slackAfter.letters - slackBefore.letters;
    const slackBusy = slackAfter.busy - slackBefore.busy;
    const slackEndToEnd = (REQUESTS * 1000) / (slackDone - slackStart);
    const slackRate = Math.max(1, Math.round(slackEndToEnd / 2));
    const slackPaced = await load(
      `${base}/slack/events`,
      slackRequests(),
      PACED_CONVERSATIONS * TYPED_SEED.length,
      slackRate,
    );
    await quiescence(() => slackApi.calls.length);

    // Teams answers each message 200 before its turn, as Slack acks: "end to end" ends with the last reply posted.
    await load(`${base}/api/messages`, teamsRequests(connector), WARMUP_CONVERSATIONS * TYPED_SEED.length);
    await quiescence(() => connector.activities.length);
    await ask(child, 'idle', 'idle');
    const teamsBefore = teamsLetterCounts();
    const teamsStart = nowMs();
    const teams = await load(`${base}/api/messages`, teamsRequests(connector), REQUESTS);
    const teamsDone = await quiescence(() => connector.activities.length);
    const teamsAfter = teamsLetterCounts();
    const teamsLetters = teamsAfter.letters - teamsBefore.letters;
    const teamsBusy = teamsAfter.busy - teamsBefore.busy;
    const teamsEndToEnd = (REQUESTS * 1000) / (teamsDone - teamsStart);
    const teamsRate = Math.max(1, Math.round(teamsEndToEnd / 2));
    const teamsPaced = await load(
      `${base}/api/messages`,
      teamsRequests(connector),
      PACED_CONVERSATIONS * TYPED_SEED.length,
      teamsRate,
    );
    await quiescence(() => connector.activities.length);

    const s = latency(slack);
    const t = latency(teams);
    const sp = { ...latency(slackPaced), offeredPerSecond: slackRate };
    const tp = { ...latency(teamsPaced), offeredPerSecond: teamsRate };
    const figures = {
      connections: CONNECTIONS,
      requestsPerPlatform: REQUESTS,
      slack: {
        ...s,
        turnsPerSecondEndToEnd: round(slackEndToEnd),
        lettersDelivered: slackLetters,
        lettersBusy: slackBusy,
        conversations: CONVERSATIONS,
        atHalfCapacity: sp,
      },
      teams: {
        ...t,
        turnsPerSecondEndToEnd: round(teamsEndToEnd),
        lettersOffered: teamsLetters,
        lettersBusy: teamsBusy,
        conversations: CONVERSATIONS,
        atHalfCapacity: tp,
      },
    };
    return {
      id: 'http',
      title: '5. HTTP path: signed Slack events (Bolt) and Teams activities (CloudAdapter)',
      workload: WORKLOAD,
      status: 'ok',
      figures,
      lines: [
        `Slack ack: median ${ms(s.latencyMs.median)}, p99 ${ms(s.latencyMs.p99)}, max ${ms(s.latencyMs.max)}; ${perSecond(s.requestsPerSecond)} requests; errors ${s.errors}, timeouts ${s.timeouts}, non-2xx ${s.non2xx}`,
        `  end to end (every reply posted to the fake Web API): ${perSecond(slackEndToEnd)} turns; letters uploaded ${slackLetters}/${CONVERSATIONS}; "busy, try again" from the full worker queue ${slackBusy}`,
        `  at half that, in 1-second bursts (${perSecond(slackRate)}): ack median ${ms(sp.latencyMs.median)}, p99 ${ms(sp.latencyMs.p99)}, max ${ms(sp.latencyMs.max)}; errors ${sp.errors}, non-2xx ${sp.non2xx}`,
        `Teams ack (200 before the turn): median ${ms(t.latencyMs.median)}, p99 ${ms(t.latencyMs.p99)}, max ${ms(t.latencyMs.max)}; ${perSecond(t.requestsPerSecond)} requests; errors ${t.errors}, timeouts ${t.timeouts}, non-2xx ${t.non2xx}`,
        `  end to end (every reply posted to the fake Bot Connector): ${perSecond(teamsEndToEnd)} turns; letters offered (FileConsentCard) ${teamsLetters}/${CONVERSATIONS}; "busy, try again" from the full worker queue ${teamsBusy}`,
        `  at half that, in 1-second bursts (${perSecond(teamsRate)}): ack median ${ms(tp.latencyMs.median)}, p99 ${ms(tp.latencyMs.p99)}, max ${ms(tp.latencyMs.max)}; errors ${tp.errors}, non-2xx ${tp.non2xx}`,
      ],
    };
  } finally {
    await stopServer(child);
    await slackApi.close();
    await connector.close();
  }
}
