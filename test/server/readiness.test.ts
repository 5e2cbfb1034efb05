import { afterEach, describe, expect, it } from 'vitest';
import { OverturnError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { MemorySessionStore, type SessionRecord } from '../../src/core/session-store.js';
import { createSessionStore, storeConfigFromEnv } from '../../src/core/stores/index.js';
import { startApp, type RunningApp } from '../../src/server/app.js';
import { serverConfigFromEnv } from '../../src/server/config.js';
import { definePlatform, planPlatforms, type Platform } from '../../src/server/platform.js';
import { platforms } from '../../src/server/platforms.js';

const web = platforms.find((platform) => platform.name === 'web')!;
let app: RunningApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

/** A platform whose API is unreachable for its first `failures` attempts (or forever: it never answers). */
function flakyPlatform(failures: number | 'hangs') {
  let attempts = 0;
  return definePlatform({
    name: 'slack',
    readConfig: () => ({ configured: true, config: {} }),
    start: async () => {
      attempts += 1;
      if (failures === 'hangs') return new Promise<never>(() => undefined);
      if (attempts <= failures) throw new OverturnError('platform_error', 'unreachable');
      return { name: 'slack', stop: async () => undefined };
    },
  });
}

async function launch(
  list: Platform[],
  store = new MemorySessionStore() as MemorySessionStore | Awaited<ReturnType<typeof createSessionStore>>,
) {
  const lines: string[] = [];
  app = await startApp({
    server: serverConfigFromEnv({ PORT: '0' }),
    platforms: planPlatforms(list, {}),
    store,
    logger: silentLogger,
    platformRetryMs: 100,
    announce: (line) => lines.push(line),
  });
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${app!.port}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { get, lines };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await condition()); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('start-up, liveness and readiness', () => {
  it('listens at once while a platform API never answers; /readyz names it', async () => {
    const { get, lines } = await launch([web, flakyPlatform('hangs')]);
    expect((await get('/healthz')).body).toEqual({ status: 'ok' });
    const page = await fetch(`http://127.0.0.1:${app!.port}/`);
    expect(page.status).toBe(200);
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: {
        status: 'not_ready',
        notReady: ['slack'],
        store: 'ok',
        platforms: { web: 'connected', slack: 'starting' },
      },
    });
    expect(lines[0]).toMatch(/^overturn: listening on/);
  });

  it('retries a platform that could not start, and is ready once it connects', async () => {
    const { get, lines } = await launch([web, flakyPlatform(2)]);
    expect((await get('/readyz')).status).toBe(503);
    await until(async () => (await get('/readyz')).status === 200);
    expect(await get('/readyz')).toEqual({
      status: 200,
      body: { status: 'ready', store: 'ok', platforms: { web: 'connected', slack: 'connected' } },
    });
    expect(app!.platforms().slack).toEqual({ state: 'connected', attempts: 3 });
    expect(lines.filter((line) => /slack: not connected .*retrying/.test(line))).toHaveLength(2);
    expect(lines).toContain('slack: active');
  });

  it('is alive but not ready while the session store does not answer', async () => {
    class DownStore extends MemorySessionStore {
      override async get(): Promise<SessionRecord | null> {
        throw new Error('connection refused');
      }
    }
    const { get } = await launch([web], new DownStore());
    expect((await get('/healthz')).status).toBe(200);
    expect(await get('/readyz')).toEqual({
      status: 503,
      body: { status: 'not_ready', notReady: ['store'], store: 'unavailable', platforms: { web: 'connected' } },
    });
  });

  it('with REDIS_URL pointing at nothing: alive, and /readyz says the store is not ready', async () => {
    const store = await createSessionStore(
      storeConfigFromEnv({ REDIS_URL: 'redis://127.0.0.1:1', SESSION_SECRET: 'x'.repeat(32) }),
      silentLogger,
    );
    const { get } = await launch([web], store);
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.notReady).toEqual(['store']);
  });
});
