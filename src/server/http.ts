import { createServer, type Server } from 'node:http';
import { json, Router } from '../adapters/kit/index.js';
import type { Logger } from '../core/log.js';

export interface HttpServer {
  routes: Router;
  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting connections and resolves once open requests have finished (or `graceMs` passed). */
  close(graceMs: number): Promise<void>;
}

/** The one HTTP server of the process: every adapter's routes, plus `GET /healthz`. */
export function createHttpServer(logger: Logger): HttpServer {
  const routes = new Router(logger);
  const server: Server = createServer((req, res) => {
    void routes.handle(req, res);
  });
  // Slow clients must not hold connections open forever.
  server.headersTimeout = 15_000;
  server.requestTimeout = 30_000;

  const http: HttpServer = {
    routes,
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
