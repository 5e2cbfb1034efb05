import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../../src/core/session-store.js';
import type { RunningApp } from '../../../src/server/app.js';
import { lastQuestion, startWebApp, WebClient } from './harness.js';

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

async function start(env: NodeJS.ProcessEnv = {}) {
  const store = new MemorySessionStore();
  app = await startWebApp(env, undefined, store);
  return { base: `http://127.0.0.1:${app.port}/`, store };
}

/** A cookie of the right shape the server never issued. */
const madeUp = () =>
  `overturn_session=${randomBytes(32).toString('base64url')}.${randomBytes(32).toString('base64url')}`;

describe('web sessions are issued by the server', () => {
  it('a made-up cookie gets a new server-issued id, a fresh conversation, and nothing stored', async () => {
    const { base, store } = await start({ WEB_RATE_LIMIT_PER_MINUTE: '1000' });
    for (let i = 0; i < 40; i += 1) {
      const client = new WebClient(base);
      client.cookie = madeUp();
      const forged = client.cookie;
      const answer = await client.post({ input: { kind: 'text', text: 'cigna' } });
      expect(answer.status).toBe(200);
      expect(client.cookie).not.toBe(forged);
      expect(answer.body.replies?.[0]).toMatchObject({ kind: 'text', text: expect.stringMatching(/start again/) });
      // A fresh conversation: its first question (who the user is), the typed answer not applied.
      expect(lastQuestion(answer.body.replies!).step).toBe('voice');
    }
    expect(store.size).toBe(0);

    // A real visitor: the greeting stores nothing; the first answer does, under the id the server issued.
    const visitor = new WebClient(base);
    await visitor.send({ kind: 'start' });
    expect(store.size).toBe(0);
    expect(lastQuestion(await visitor.send({ kind: 'text', text: 'cigna' })).step).toBe('drug');
    expect(store.size).toBe(1);
    expect(lastQuestion(await visitor.send({ kind: 'start' })).step).toBe('drug');
  });

  it('a made-up cookie counts against its address, not a bucket of its own', async () => {
    const { base } = await start({ WEB_RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const client = new WebClient(base);
      client.cookie = madeUp();
      statuses.push((await client.post({ input: { kind: 'start' } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('a retried message id gets the original replies, not an empty list', async () => {
    const { base } = await start();
    const client = new WebClient(base);
    await client.send({ kind: 'start' });
    const first = await client.post({ id: 'msg-cigna-0001', input: { kind: 'text', text: 'cigna' } });
    const retry = await client.post({ id: 'msg-cigna-0001', input: { kind: 'text', text: 'cigna' } });
    expect(retry.body).toEqual(first.body);
    expect(lastQuestion(retry.body.replies!).step).toBe('drug');
    // Sent at the same moment (a proxy retrying while the first is in flight): the same answer too.
    const [a, b] = await Promise.all([
      client.post({ id: 'msg-ocrevus-02', input: { kind: 'text', text: 'ocrevus' } }),
      client.post({ id: 'msg-ocrevus-02', input: { kind: 'text', text: 'ocrevus' } }),
    ]);
    expect(b.body).toEqual(a.body);
    expect(lastQuestion(a.body.replies!).step).toBe('reason');
  });
});

describe('TRUST_PROXY', () => {
  const behindProxy = (address: string) => ({ 'X-Forwarded-For': address, 'X-Forwarded-Proto': 'https' });

  it('unset: X-Forwarded-* are ignored, so one address cannot pose as many, and no Secure cookie over HTTP', async () => {
    const { base } = await start({ WEB_RATE_LIMIT_PER_MINUTE: '2' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const answer = await new WebClient(base).post(
        { input: { kind: 'start' } },
        { headers: behindProxy(`203.0.113.${i}`) },
      );
      statuses.push(answer.status);
      if (answer.status === 200)
        expect(answer.headers.get('set-cookie')).toMatch(/^overturn_session=.*SameSite=Strict$/);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('set: each visitor behind the proxy has their own limit, and HTTPS at the proxy gives a __Host- cookie', async () => {
    const { base } = await start({ WEB_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 6; i += 1) {
      const client = new WebClient(base);
      const answer = await client.post({ input: { kind: 'start' } }, { headers: behindProxy(`203.0.113.${i}`) });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('set-cookie')).toMatch(
        /^__Host-overturn_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
      );
      // The browser sends the __Host- cookie back: the conversation continues.
      const next = await client.post(
        { input: { kind: 'text', text: 'cigna' } },
        { headers: behindProxy(`203.0.113.${i}`) },
      );
      expect(lastQuestion(next.body.replies!).step).toBe('drug');
    }
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push(
        (await new WebClient(base).post({ input: { kind: 'start' } }, { headers: behindProxy('198.51.100.1') })).status,
      );
    expect(statuses).toEqual([200, 200, 429]);
  });
});
