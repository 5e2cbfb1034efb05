import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeDiscord } from '../test/fakes/discord.js';
import { FakeSlackApi } from '../test/fakes/slack-api.js';
import type { BenchResult } from './lib/result.js';
import { distribution, ms, nowMs, rounded } from './lib/stats.js';

const RUNS = 3;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export const WORKLOAD =
  `\`npm start\` as a user runs it (node tsx/dist/cli.mjs src/main.ts: tsx compiles on the fly, SQLite store in a fresh DATA_DIR), ` +
  'timed from spawn until GET /healthz answers 200 (PORT=0; the port is read from the "listening on" line, then /healthz is polled every 5 ms). ' +
  'Two configurations: only the web chat (no platform configured), and the web chat with Slack (HTTP receiver; auth.test against the loopback ' +
  'Slack fake), Discord (login and READY against the loopback Discord REST+gateway fake) and Teams (TEAMS_ENABLED=true, unauthenticated). ' +
  `Per configuration: one run with an empty tsx cache (fresh TMPDIR: "cold"), then ${RUNS} runs with the cache warm, median`;

interface StartTiming {
  listeningMs: number;
  healthzMs: number;
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

/** How to start the server: `npm start` (tsx) by default; the compiled-JS experiment passes its own. */
export interface Launch {
  args: string[];
  cwd: string;
}

export const NPM_START: Launch = { args: [tsxCli, 'src/main.ts'], cwd: repoRoot };

export async function startOnce(env: NodeJS.ProcessEnv, launch: Launch = NPM_START): Promise<StartTiming> {
  const dataDir = mkdtempSync(join(tmpdir(), 'overturn-bench-start-'));
  const start = nowMs();
  const child = spawn(process.execPath, launch.args, {
    cwd: launch.cwd,
    env: { ...env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
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
        reject(new Error(`npm start exited with code ${code}: ${stderr.trim().slice(-400)}`)),
      );
    });
    await poll(`http://127.0.0.1:${port}/healthz`, start + 60_000);
    return { listeningMs, healthzMs: nowMs() - start };
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000).unref();
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measure(env: NodeJS.ProcessEnv, launch: Launch = NPM_START) {
  const coldTmp = mkdtempSync(join(tmpdir(), 'overturn-bench-tsx-'));
  try {
    const cold = await startOnce({ ...env, TMPDIR: coldTmp }, launch);
    const warm: StartTiming[] = [];
    for (let i = 0; i < RUNS; i += 1) warm.push(await startOnce(env, launch));
    return {
      coldHealthzMs: Math.round(cold.healthzMs),
      healthzMs: rounded(distribution(warm.map((w) => w.healthzMs))),
      listeningMs: rounded(distribution(warm.map((w) => w.listeningMs))),
    };
  } finally {
    rmSync(coldTmp, { recursive: true, force: true });
  }
}

const BASE_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_PROXY: '127.0.0.1,localhost' };

/** Both configurations: web chat only, and with Slack, Discord and Teams against the loopback fakes. */
export async function measureBoth(launch: Launch = NPM_START) {
  const webOnly = await measure(BASE_ENV, launch);
  const slack = await FakeSlackApi.start();
  const discord = await new FakeDiscord({
    token: 'bench-discord-token',
    applicationId: '1300000000000000001',
    guilds: [],
  }).start();
  try {
    const all = await measure(
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
      launch,
    );
    return { webOnly, all };
  } finally {
    await discord.close();
    await slack.close();
  }
}

export async function run(): Promise<BenchResult> {
  const { webOnly, all } = await measureBoth();
  const line = (label: string, r: typeof webOnly) =>
    `${label}: /healthz answers after ${ms(r.healthzMs.median)} median (min ${ms(r.healthzMs.min)}, max ${ms(r.healthzMs.max)}; "listening" line at ${ms(r.listeningMs.median)}); with an empty tsx cache ${ms(r.coldHealthzMs)}`;
  return {
    id: 'startup',
    title: '7. Start-up: process start to /healthz',
    workload: WORKLOAD,
    status: 'ok',
    figures: { webOnly, slackDiscordTeams: all },
    lines: [line('no platform configured (web chat only)', webOnly), line('Slack + Discord + Teams configured', all)],
  };
}
