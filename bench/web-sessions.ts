import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { BenchResult } from './lib/result.js';
import { round } from './lib/stats.js';

const REAL = 100;
const FORGED = 100;
const SECONDS = 30;
/** What a real visitor types after the greeting; then the next visitor starts a new conversation. */
const ANSWERS = ['cigna', 'ocrevus', 'they said the dose is too high'];

export const WORKLOAD =
  `the web chat as npm start builds it (SQLite store, TRUST_PROXY=loopback, default rate limit of 30 a minute) in a child process; ` +
  `${REAL + FORGED} clients in flight for ${SECONDS} s on loopback, each sending its next message as soon as the last is answered. ` +
  `${REAL} real visitors: each conversation from its own X-Forwarded-For address, greeting then ${ANSWERS.length} typed answers ` +
  `with the cookie the server issued, then a new conversation. ${FORGED} abusive clients from ${FORGED} addresses: half send a ` +
  'well-formed made-up cookie (random id and signature), half no cookie, each message a typed answer. ' +
  'Stored sessions are counted in the SQLite file; RSS of the server process is sampled every second';

interface Counts {
  statuses: Record<string, number>;
  realConversations: number;
  requests: number;
}

function count(counts: Counts, status: number): void {
  counts.requests += 1;
  counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
}

async function post(base: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${base}api/web/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? null };
}

let nextAddress = 1;
const address = () => {
  const n = nextAddress++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

async function realVisitor(base: string, until: number, counts: Counts): Promise<void> {
  while (Date.now() < until) {
    const forwarded = { 'X-Forwarded-For': address() };
    const greeting = await post(base, { input: { kind: 'start' } }, forwarded);
    count(counts, greeting.status);
    if (!greeting.cookie) continue;
    let answered = false;
    for (const text of ANSWERS) {
      if (Date.now() >= until) break;
      const answer = await post(base, { input: { kind: 'text', text } }, { ...forwarded, Cookie: greeting.cookie });
      count(counts, answer.status);
      answered ||= answer.status === 200;
    }
    if (answered) counts.realConversations += 1;
  }
}

async function abusiveClient(base: string, until: number, counts: Counts, forge: boolean): Promise<void> {
  const forwarded = { 'X-Forwarded-For': address() };
  while (Date.now() < until) {
    const cookie = `overturn_session=${randomBytes(32).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    const answer = await post(
      base,
      { input: { kind: 'text', text: 'cigna' } },
      forge ? { ...forwarded, Cookie: cookie } : forwarded,
    );
    count(counts, answer.status);
    // A refused client tries again at once, as a script would; yield so the loop does not starve the others.
    if (answer.status === 429) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function request<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    child.send(message);
  });
}

export async function run(): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'overturn-bench-web-'));
  const child = fork(fileURLToPath(new URL('./web-sessions-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATA_DIR: dataDir, TRUST_PROXY: 'loopback', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const { port } = await new Promise<{ port: number }>((resolve) =>
      child.once('message', (m) => resolve(m as { port: number })),
    );
    const base = `http://127.0.0.1:${port}/`;
    const before = await request<{ rss: number; heapUsed: number }>(child, 'memory');
    const real: Counts = { statuses: {}, realConversations: 0, requests: 0 };
    const abusive: Counts = { statuses: {}, realConversations: 0, requests: 0 };
    const until = Date.now() + SECONDS * 1000;
    const samples: number[] = [];
    const sampler = setInterval(
      () => void request<{ rss: number }>(child, 'memory').then((m) => samples.push(m.rss)),
      1000,
    );
    await Promise.all([
      ...Array.from({ length: REAL }, () => realVisitor(base, until, real)),
      ...Array.from({ length: FORGED }, (_, i) => abusiveClient(base, until, abusive, i % 2 === 0)),
    ]);
    clearInterval(sampler);
    const after = await request<{ rss: number; heapUsed: number }>(child, 'memory');
    const db = new Database(join(dataDir, 'sessions.db'), { readonly: true });
    const stored = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    const rawKeys = (db.prepare("SELECT count(*) AS n FROM sessions WHERE key LIKE '%:%'").get() as { n: number }).n;
    db.close();
    const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
    const firstHalf = samples.slice(0, Math.floor(samples.length / 2));
    const figures = {
      seconds: SECONDS,
      clientsInFlight: REAL + FORGED,
      realRequests: real.requests,
      realStatuses: real.statuses,
      realConversations: real.realConversations,
      abusiveRequests: abusive.requests,
      abusiveStatuses: abusive.statuses,
      storedSessions: stored,
      storedUnderRawKeys: rawKeys,
      rssBeforeMb: mb(before.rss),
      rssPeakFirstHalfMb: mb(Math.max(...firstHalf)),
      rssPeakMb: mb(Math.max(...samples, after.rss)),
      rssAfterMb: mb(after.rss),
      heapAfterMb: mb(after.heapUsed),
    };
    return {
      id: 'web-sessions',
      title: 'web chat under forged and missing cookies (200 clients in flight)',
      workload: WORKLOAD,
      status: 'ok',
      figures,
      lines: [
        `real visitors: ${real.requests} requests ${JSON.stringify(real.statuses)}, ${real.realConversations} conversations answered`,
        `forged / no cookie: ${abusive.requests} requests ${JSON.stringify(abusive.statuses)}`,
        `stored sessions: ${stored} (real conversations ${real.realConversations}); under a raw key: ${rawKeys}`,
        `server RSS: ${figures.rssBeforeMb} MB before, peak ${figures.rssPeakFirstHalfMb} MB in the first ${firstHalf.length} s, ` +
          `peak ${figures.rssPeakMb} MB overall, ${figures.rssAfterMb} MB after (heap ${figures.heapAfterMb} MB)`,
      ],
    };
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
