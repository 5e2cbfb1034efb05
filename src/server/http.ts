import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { json, Router } from '../adapters/kit/index.js';
import type { Logger } from '../core/log.js';

export interface HttpServer {
  routes: Router;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /**
   * Stops accepting connections and resolves once open requests have finished
   * (or `graceMs` passed). Meanwhile a new request on a kept-alive connection
   * gets 503 with `Connection: close`: only the turns already in flight finish.
   */
  close(graceMs: number): Promise<void>;
  /** True once `close` has been called. */
  readonly closing: boolean;
}

/** Told when each response has gone out, with the seconds since the request arrived (metrics). */
export type ResponseObserver = (req: IncomingMessage, res: ServerResponse, seconds: number) => void;

/** The one HTTP server of the process: every adapter's routes, plus `GET /healthz` (liveness: the process answers). */
export function createHttpServer(logger: Logger, onResponse?: ResponseObserver): HttpServer {
  const routes = new Router(logger);
  let closing = false;
  const server: Server = createServer((req, res) => {
    if (onResponse) {
      const start = performance.now();
      res.once('finish', () => onResponse(req, res, (performance.now() - start) / 1000));
    }
    if (closing) {
      const body = JSON.stringify({ error: 'shutting_down' });
      res.writeHead(503, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        Connection: 'close',
        'Retry-After': '5',
      });
      res.end(body);
      return;
    }
    void routes.handle(req, res);
  });
  // Slow clients must not hold connections open forever.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;

  const http: HttpServer = {
    routes,
    get closing() {
      return closing;
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address !== null ? address.port : port);
        });
      }),
    close: (graceMs) =>
      new Promise((resolve) => {
        closing = true;
        if (!server.listening) return resolve();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        // A keep-alive connection whose last request finishes during shutdown is closed as soon as it goes idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        sweep.unref();
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };

  routes.add('GET', '/healthz', () => json(200, { status: 'ok' }));
  return http;
}
