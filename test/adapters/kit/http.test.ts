import { afterEach, describe, expect, it } from 'vitest';
import { BodyError, json, readJson } from '../../../src/adapters/kit/index.js';
import { silentLogger } from '../../../src/core/log.js';
import { createHttpServer, type HttpServer } from '../../../src/server/http.js';

let server: HttpServer | null = null;
afterEach(async () => {
  await server?.close(0);
  server = null;
});

async function serve(setup: (http: HttpServer) => void): Promise<string> {
  server = createHttpServer(silentLogger);
  setup(server);
  const port = await server.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

describe('the shared HTTP server', () => {
  it('answers /healthz', async () => {
    const base = await serve(() => undefined);
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('routes exact paths and captures :segments, decoded', async () => {
    const base = await serve((http) => {
      http.routes.add('GET', '/things/:id', (_request, info) => json(200, info.params));
      http.routes.add('POST', '/things', () => json(201, { created: true }));
    });
    expect(await (await fetch(`${base}/things/a%20b`)).json()).toEqual({ id: 'a b' });
    expect((await fetch(`${base}/things`, { method: 'POST' })).status).toBe(201);
    expect((await fetch(`${base}/things/a/b`)).status).toBe(404);
    expect((await fetch(`${base}/things/%E0%A4%A`)).status).toBe(404);
  });

  it('answers HEAD with the GET handler, 405 with Allow for a wrong method', async () => {
    const base = await serve((http) => http.routes.add('GET', '/page', () => json(200, { ok: true })));
    const head = await fetch(`${base}/page`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const wrong = await fetch(`${base}/page`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });

  it('a handler registered for any method receives every method', async () => {
    const base = await serve((http) =>
      http.routes.add('*', '/any', (request) => json(200, { method: request.method })),
    );
    expect(await (await fetch(`${base}/any`, { method: 'PUT' })).json()).toEqual({ method: 'PUT' });
  });

  it('turns a failing handler into a 500 without details', async () => {
    const base = await serve((http) =>
      http.routes.add('GET', '/boom', () => {
        throw new Error('secret detail');
      }),
    );
    const response = await fetch(`${base}/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret');
  });

  it('refuses to register the same route twice', async () => {
    await serve((http) => {
      http.routes.add('POST', '/api/messages', () => json(200, {}));
      expect(() => http.routes.add('POST', '/api/messages', () => json(200, {}))).toThrow(/already registered/);
      expect(() => http.routes.addNode('*', '/api/messages', () => undefined)).toThrow(/already registered/);
    });
  });

  it('reads JSON bodies up to a limit', async () => {
    const base = await serve((http) =>
      http.routes.add('POST', '/echo', async (request) => {
        try {
          return json(200, await readJson(request, 64));
        } catch (error) {
          if (!(error instanceof BodyError)) throw error;
          return json(error.status, { error: error.code }, error.status === 413 ? { Connection: 'close' } : {});
        }
      }),
    );
    const post = (body: string, type = 'application/json; charset=utf-8') =>
      fetch(`${base}/echo`, { method: 'POST', headers: { 'Content-Type': type }, body });
    expect(await (await post('{"a":1}')).json()).toEqual({ a: 1 });
    expect((await post(`{"a":"${'x'.repeat(100)}"}`)).status).toBe(413);
    expect((await post('{"a":')).status).toBe(400);
    expect((await post('{"a":1}', 'text/plain')).status).toBe(415);
    // A body far over the limit is refused without being read to its end.
    expect((await post(`{"a":"${'x'.repeat(5_000_000)}"}`)).status).toBe(413);
  });

  it('passes every Set-Cookie header and the peer address through', async () => {
    const base = await serve((http) =>
      http.routes.add('GET', '/who', (_request, info) => {
        const response = json(200, { address: info.remoteAddress, secure: info.secure });
        response.headers.append('Set-Cookie', 'a=1');
        response.headers.append('Set-Cookie', 'b=2');
        return response;
      }),
    );
    const response = await fetch(`${base}/who`);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ address: '127.0.0.1', secure: false });
  });
});
