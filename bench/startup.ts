import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../test/fakes/discord.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import type { BenchResult } from './lib/result.js';
import { distribution, median, ms, nowMs, round, rounded } from './lib/stats.js';

const RUNS = 3;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export const WORKLOAD =
  'timed from spawn until GET /healthz answers 200 (PORT=0; the port is read from the "listening on" line, then /healthz is polled every 5 ms), ' +
  'SQLite store in a fresh DATA_DIR. Launches: `npm start` (the prestart build, skipped when dist/ is current, then node dist/main.js), ' +
  'and the same compiled server as `node dist/main.js`; a bare Node HTTP server (20 lines: /healthz and nothing else) started the same two ways ' +
  '(`npm start` in a folder whose start script is `node server.mjs`, and `node server.mjs`); and, for the before figure, the server as ' +
  'npm start ran it before: `node tsx/dist/cli.mjs src/main.ts`. ' +
  `Launches alternate within each of ${RUNS} rounds, median per launch. Two configurations: no platform configured (the web chat alone), and ` +
  'the web chat with Slack (HTTP receiver; auth.test against the loopback Slack fake), Discord (login and READY against the loopback Discord fake) ' +
  'and Teams (TEAMS_ENABLED=true). First, one `npm start` with no dist/ at all (a fresh clone: the build runs)';

interface StartTiming {
  listeningMs: number;
  healthzMs: number;
}

/** How to start a server: a command and its folder. */
export interface Launch {
  command: string;
  args: string[];
  cwd: string;
}

const BARE_SERVER = `import { createServer } from 'node:http';
const server = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ status: 'ok' }));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stderr.write('listening on http://localhost:' + server.address().port + '/\\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Signals the server's process group; it may be gone already (npm exits with its script). */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already exited.
  }
}

async function poll(url: string, deadline: number): Promise<void> {
  while (nowMs() < deadline) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer 200 in time`);
}

export async function startOnce(env: NodeJS.ProcessEnv, launch: Launch): Promise<StartTiming> {
  const dataDir = mkdtempSync(join(tmpdir(), 'overturn-bench-start-'));
  const start = nowMs();
  // Its own process group: npm starts the server as a grandchild, and the whole group is stopped after.
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    env: { ...env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  try {
    const { port, listeningMs } = await new Promise<{ port: number; listeningMs: number }>((resolve, reject) => {
      let stderr = '';
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        const match = /listening on http:\/\/[^:]+:(\d+)\//.exec(stderr);
        if (match) resolve({ port: Number(match[1]), listeningMs: nowMs() - start });
      });
      child.once('exit', (code) =>
        reject(new Error(`the server exited with code ${code}: ${stderr.trim().slice(-400)}`)),
      );
    });
    await poll(`http://127.0.0.1:${port}/healthz`, start + 60_000);
    return { listeningMs, healthzMs: nowMs() - start };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      signalGroup(child.pid!, 'SIGTERM');
      setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), 8000).unref();
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const BASE_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_PROXY: '127.0.0.1,localhost' };

/** Runs every launch `RUNS` times, alternating; the median of each. */
async function alternate(env: NodeJS.ProcessEnv, launches: Record<string, Launch>) {
  const samples: Record<string, StartTiming[]> = Object.fromEntries(Object.keys(launches).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i += 1) {
    for (const [name, launch] of Object.entries(launches)) samples[name]!.push(await startOnce(env, launch));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, runs]) => [
      name,
      {
        healthzMs: rounded(distribution(runs.map((r) => r.healthzMs))),
        listeningMs: round(median(runs.map((r) => r.listeningMs)), 1),
      },
    ]),
  );
}

export async function run(): Promise<BenchResult> {
  const bareDir = mkdtempSync(join(tmpdir(), 'overturn-bench-bare-'));
  writeFileSync(join(bareDir, 'server.mjs'), BARE_SERVER);
  writeFileSync(
    join(bareDir, 'package.json'),
    JSON.stringify({ name: 'bare', private: true, type: 'module', scripts: { start: 'node server.mjs' } }),
  );
  const launches: Record<string, Launch> = {
    npmStart: { command: 'npm', args: ['start', '--silent'], cwd: repoRoot },
    bareNpmStart: { command: 'npm', args: ['start', '--silent'], cwd: bareDir },
    node: { command: process.execPath, args: ['dist/main.js'], cwd: repoRoot },
    bareNode: { command: process.execPath, args: ['server.mjs'], cwd: bareDir },
    tsxBefore: { command: process.execPath, args: [tsxCli, 'src/main.ts'], cwd: repoRoot },
  };
  const slack = await FakeSlackApi.start();
  const discord = await new FakeDiscord({
    token: 'bench-discord-token',
    applicationId: '1300000000000000001',
    guilds: [],
  }).start();
  try {
    rmSync(join(repoRoot, 'dist'), { recursive: true, force: true });
    const freshClone = await startOnce(BASE_ENV, launches.npmStart!);
    const webOnly = await alternate(BASE_ENV, launches);
    const all = await alternate(
      {
        ...BASE_ENV,
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: 'bench-signing-secret',
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: 'bench-discord-token',
        DISCORD_APPLICATION_ID: '1300000000000000001',
        DISCORD_API_URL: discord.apiUrl,
        TEAMS_ENABLED: 'true',
      },
      { npmStart: launches.npmStart!, node: launches.node!, tsxBefore: launches.tsxBefore! },
    );
    const m = (r: Record<string, { healthzMs: { median: number } }>, name: string) => r[name]!.healthzMs.median;
    const ratios = {
      npmStartOverBareNpmStart: round(m(webOnly, 'npmStart') / m(webOnly, 'bareNpmStart'), 2),
      nodeOverBareNode: round(m(webOnly, 'node') / m(webOnly, 'bareNode'), 2),
      tsxBeforeOverBareNode: round(m(webOnly, 'tsxBefore') / m(webOnly, 'bareNode'), 2),
    };
    return {
      id: 'startup',
      title: '7. Start-up: process start to /healthz',
      workload: WORKLOAD,
      status: 'ok',
      figures: { freshCloneNpmStartMs: Math.round(freshClone.healthzMs), webOnly, slackDiscordTeams: all, ratios },
      lines: [
        `no platform configured: npm start ${ms(m(webOnly, 'npmStart'))} vs a bare Node server by npm start ${ms(m(webOnly, 'bareNpmStart'))} → ${ratios.npmStartOverBareNpmStart}×`,
        `  node dist/main.js ${ms(m(webOnly, 'node'))} vs node server.mjs ${ms(m(webOnly, 'bareNode'))} → ${ratios.nodeOverBareNode}×`,
        `  before (tsx src/main.ts) ${ms(m(webOnly, 'tsxBefore'))} → ${ratios.tsxBeforeOverBareNode}× the bare server; first npm start of a fresh clone (build included) ${ms(freshClone.healthzMs)}`,
        `Slack + Discord + Teams configured: npm start ${ms(m(all, 'npmStart'))}, node dist/main.js ${ms(m(all, 'node'))}, before (tsx) ${ms(m(all, 'tsxBefore'))}`,
      ],
    };
  } finally {
    await discord.close();
    await slack.close();
    rmSync(bareDir, { recursive: true, force: true });
  }
}
