import { describe, expect, it } from 'vitest';
import { startWeb } from '../../src/adapters/web/index.js';
import { webConfigFromEnv } from '../../src/adapters/web/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { isOverturnError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { MemorySessionStore, type SessionData } from '../../src/core/session-store.js';
import { startApp } from '../../src/server/app.js';
import { serverConfigFromEnv } from '../../src/server/config.js';
import { definePlatform, planPlatforms } from '../../src/server/platform.js';

const web = definePlatform({ name: 'web', readConfig: webConfigFromEnv, start: startWeb });

/** A store whose writes wait until the test lets them through: a turn that is "in flight". */
class HeldStore extends MemorySessionStore {
  closed = false;
  private release: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  writeStarted!: Promise<void>;
  private markWriteStarted: () => void = () => undefined;

  constructor() {
    super();
    this.writeStarted = new Promise((resolve) => {
      this.markWriteStarted = resolve;
    });
  }

  override async put(key: string, data: SessionData, expected: number | null, ttl: number): Promise<number | null> {
    this.markWriteStarted();
    await this.gate;
    return super.put(key, data, expected, ttl);
  }

  override async close(): Promise<void> {
    this.closed = true;
    await super.close();
  }

  open(): void {
    this.release();
  }
}

describe('graceful shutdown', () => {
  it('finishes the turn in flight, answers it, then closes the store', async () => {
    const store = new HeldStore();
    const app = await startApp({
      server: serverConfigFromEnv({ PORT: '0' }),
      platforms: planPlatforms([web], {}),
      store,
      logger: silentLogger,
      clock: fixedClock('2026-04-01'),
    });
    const answer = fetch(`http://127.0.0.1:${app.port}/api/web/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: { kind: 'start' } }),
    });
    await store.writeStarted;

    let stopped = false;
    const stopping = app.stop().then(() => {
      stopped = true;
    });
    // New connections are refused at once while the turn is still running.
    await expect(fetch(`http://127.0.0.1:${app.port}/healthz`)).rejects.toThrow();
    expect(stopped).toBe(false);
    expect(store.closed).toBe(false);

    store.open();
    const response = await answer;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { replies: Array<{ kind: string }> };
    expect(body.replies.some((r) => r.kind === 'question')).toBe(true);
    await stopping;
    expect(store.closed).toBe(true);
    await app.stop();
  });

  it('will not start with every platform turned off', async () => {
    const store = new MemorySessionStore();
    const attempt = startApp({
      server: serverConfigFromEnv({ PORT: '0' }),
      platforms: planPlatforms([web], { WEB_CHAT: 'off' }),
      store,
      logger: silentLogger,
    });
    await expect(attempt).rejects.toSatisfy((error) => isOverturnError(error, 'config_invalid'));
  });
});
