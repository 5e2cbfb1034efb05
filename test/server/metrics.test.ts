import { afterEach, describe, expect, it } from 'vitest';
import { webConfigFromEnv } from '../../src/adapters/web/config.js';
import { startWeb } from '../../src/adapters/web/index.js';
import { fixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/log.js';
import { MemorySessionStore } from '../../src/core/session-store.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { serverConfigFromEnv } from '../../src/server/config.js';
import { definePlatform, planPlatforms } from '../../src/server/platform.js';
import { runtimeConfigFromEnv } from '../../src/server/runtime-config.js';
import { WebClient } from '../e2e/web/harness.js';

const TOKEN = 'metrics-token-0123456789abcdef';
const apps: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop()));
});

async function start(env: Record<string, string>): Promise<RunningApp> {
  const web = definePlatform({ name: 'web', readConfig: webConfigFromEnv, start: startWeb, startsLocally: true });
  const app = await startApp({
    server: serverConfigFromEnv({ PORT: '0' }),
    platforms: planPlatforms([web], {}),
    store: new MemorySessionStore(),
    logger: silentLogger,
    clock: fixedClock('2026-04-01'),
    runtime: runtimeConfigFromEnv({ WORKER_THREADS: '1', ...env }),
  });
  apps.push(app);
  return app;
}

const ANSWERS = [
  'cigna',
  'ocrevus',
  'not medically necessary',
  'employer plan',
  'first',
  '2026-03-03',
  'no',
  'patient',
  'skip',
];

async function wholeAppeal(app: RunningApp): Promise<WebClient> {
  const client = new WebClient(app.url);
  await client.send({ kind: 'start' });
  let last = await client.send({ kind: 'text', text: ANSWERS[0] });
  for (const text of ANSWERS.slice(1)) last = await client.send({ kind: 'text', text });
  expect(last.some((reply) => reply.kind === 'file')).toBe(true);
  return client;
}

function scrape(app: RunningApp, token: string | null = TOKEN, base = app.url): Promise<Response> {
  return fetch(new URL('metrics', base), token ? { headers: { Authorization: `Bearer ${token}` } } : {});
}

/** The value of one series in the text format, e.g. `overturn_turns_total{platform="web",outcome="ok"}`. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}

describe('/metrics', () => {
  it('is not served unless METRICS=on', async () => {
    const app = await start({});
    expect((await scrape(app)).status).toBe(404);
  });

  it('on the main port answers only the bearer token', async () => {
    const app = await start({ METRICS: 'on', METRICS_TOKEN: TOKEN });
    expect((await scrape(app, null)).status).toBe(401);
    expect((await scrape(app, `${TOKEN}x`)).status).toBe(401);
    const ok = await scrape(app);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
  });

  it('counts turns, letters, store operations and responses, and no label carries a user id or an answer', async () => {
    const app = await start({ METRICS: 'on', METRICS_TOKEN: TOKEN });
    const client = await wholeAppeal(app);
    const text = await (await scrape(app)).text();

    expect(value(text, 'overturn_turns_total{platform="web",outcome="ok"}')).toBe(10);
    expect(value(text, 'overturn_turn_duration_seconds_count{platform="web"}')).toBe(10);
    expect(value(text, 'overturn_letters_total{format="docx",outcome="built"}')).toBe(1);
    expect(value(text, 'overturn_letters_total{format="pdf",outcome="built"}')).toBe(1);
    expect(value(text, 'overturn_letter_build_seconds_count{format="docx"}')).toBe(1);
    // The greeting stores nothing (a visitor who never answers leaves no session); each answer is one write.
    expect(value(text, 'overturn_store_operation_seconds_count{op="put"}')).toBe(9);
    expect(value(text, 'overturn_http_response_seconds_count{route="/api/web/messages",status="2xx"}')).toBe(10);
    expect(value(text, 'overturn_worker_queue_depth')).toBe(0);
    expect(value(text, 'overturn_worker_threads')).toBe(1);
    expect(value(text, 'overturn_platform_connected{platform="web"}')).toBe(1);
    expect(value(text, 'overturn_active_conversations')).toBe(1);
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');

    // The session id (the web chat's user id) and every answer stay out of the metrics.
    const sessionId = decodeURIComponent((client.cookie ?? '').split('=')[1] ?? '');
    expect(sessionId.length).toBeGreaterThan(8);
    const labels = [...text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).join('\n');
    for (const secret of [sessionId, 'cigna', 'ocrevus', '2026-03-03', 'medically']) {
      expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
    }
    const labelValues = [...labels.matchAll(/="([^"]*)"/g)].map((m) => m[1]!.toLowerCase());
    for (const answer of ANSWERS) expect(labelValues).not.toContain(answer);
    const labelNames = new Set([...labels.matchAll(/(\w+)="/g)].map((m) => m[1]!));
    const allowed = [
      'platform',
      'outcome',
      'format',
      'route',
      'status',
      'op',
      'le',
      'quantile',
      'kind',
      'space',
      'version',
      'major',
      'minor',
      'patch',
      'type',
    ];
    expect([...labelNames].filter((name) => !allowed.includes(name))).toEqual([]);
  });

  it('on METRICS_PORT is served there and not on the public port', async () => {
    const app = await start({ METRICS: 'on', METRICS_PORT: '0' });
    expect((await scrape(app, null)).status).toBe(404);
    const port = app.metricsPort;
    expect(port).toBeGreaterThan(0);
    const ok = await scrape(app, null, `http://127.0.0.1:${port}/`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('overturn_turns_total');
  });
});

describe('metrics settings', () => {
  it('refuse METRICS=on with neither a token nor a port of its own', () => {
    expect(() => runtimeConfigFromEnv({ METRICS: 'on' })).toThrow(/METRICS_TOKEN.*METRICS_PORT/);
  });

  it('refuse a short token', () => {
    expect(() => runtimeConfigFromEnv({ METRICS: 'on', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('are off by default', () => {
    expect(runtimeConfigFromEnv({}).metrics).toEqual({ enabled: false });
  });
});

describe('worker pool settings', () => {
  it('read the threads, queue limit and priority, and refuse a priority outside nice 0–19', () => {
    expect(runtimeConfigFromEnv({ WORKER_THREADS: '3', WORKER_QUEUE_LIMIT: '50', WORKER_NICE: '0' })).toMatchObject({
      workerThreads: 3,
      workerQueueLimit: 50,
      workerNice: 0,
    });
    expect(runtimeConfigFromEnv({ WORKER_NICE: '' })).not.toHaveProperty('workerNice');
    expect(() => runtimeConfigFromEnv({ WORKER_NICE: '20' })).toThrow(/WORKER_NICE is invalid/);
    expect(() => runtimeConfigFromEnv({ WORKER_NICE: '-5' })).toThrow(/WORKER_NICE is invalid/);
  });
});
