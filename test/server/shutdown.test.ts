import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { isOverturnError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { MemorySessionStore, type SessionData } from '../../src/core/session-store.js';
import { startApp } from '../../src/server/app.js';
import { serverConfigFromEnv } from '../../src/server/config.js';
import { planPlatforms } from '../../src/server/platform.js';
import { platforms } from '../../src/server/platforms.js';

const web = platforms.find((platform) => platform.name === 'web')!;

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
    const post = (input: unknown, cookie = '') =>
      fetch(`http://127.0.0.1:${app.port}/api/web/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body: JSON.stringify({ input }),
      });
    // The greeting stores nothing; the first answer is the write held in flight.
    const greeting = await post({ kind: 'start' });
    const cookie = (greeting.headers.get('set-cookie') ?? '').split(';')[0]!;
    const answer = post({ kind: 'text', text: 'cigna' }, cookie);
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

  it('answers a new request on a kept-alive connection 503 with Connection: close while the turn in flight finishes', async () => {
    const store = new HeldStore();
    const app = await startApp({
      server: serverConfigFromEnv({ PORT: '0' }),
      platforms: planPlatforms([web], {}),
      store,
      logger: silentLogger,
      clock: fixedClock('2026-04-01'),
    });
    const greeting = await fetch(`http://127.0.0.1:${app.port}/api/web/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: { kind: 'start' } }),
    });
    const cookie = (greeting.headers.get('set-cookie') ?? '').split(';')[0]!;
    const request = (text: string) => {
      const body = JSON.stringify({ input: { kind: 'text', text } });
      return (
        `POST /api/web/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n` +
        `Content-Type: application/json\r\nCookie: ${cookie}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
      );
    };
    // One kept-alive connection: a turn in flight, then shutdown begins, then the client sends another request on it.
    const socket = connect(app.port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
    });
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write(request('cigna'));
    await store.writeStarted;
    const stopping = app.stop();
    socket.write(request('ocrevus'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    store.open();
    await closed;
    await stopping;
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(responses[0]).toContain('"step":"drug"');
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503/);
    expect(responses[1]).toMatch(/connection: close/i);
    expect(responses[1]).toContain('"error":"shutting_down"');
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
