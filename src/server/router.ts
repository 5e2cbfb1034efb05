import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpHandler, HttpRoutes } from '../adapters/types.js';
import type { Logger } from '../core/log.js';
import { sendJson } from './respond.js';

type Method = Parameters<HttpRoutes['add']>[0];

interface Route {
  method: Method;
  /** Path segments; a segment starting with `:` captures one segment of the request path. */
  segments: string[];
  handler: HttpHandler;
}

const params = new WeakMap<IncomingMessage, Record<string, string>>();
const patterns = new WeakMap<IncomingMessage, string>();

/** The route this request matched, as registered (`/web/letters/:id`): a metrics label that carries no id. */
export function routePattern(req: IncomingMessage): string | undefined {
  return patterns.get(req);
}

/** The `:name` segments captured for this request by the router. */
export function routeParams(req: IncomingMessage): Record<string, string> {
  return params.get(req) ?? {};
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function match(route: Route, segments: string[]): Record<string, string> | null {
  if (route.segments.length !== segments.length) return null;
  const captured: Record<string, string> = {};
  for (const [index, pattern] of route.segments.entries()) {
    const actual = segments[index] as string;
    if (pattern.startsWith(':')) {
      try {
        captured[pattern.slice(1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (pattern !== actual) {
      return null;
    }
  }
  return captured;
}

/**
 * The routes of the one shared HTTP server. Adapters add exact paths
 * (`/slack/events`, `/api/messages`); the web chat also uses `:id` segments.
 * A known path with the wrong method answers 405, an unknown one 404.
 */
export class Router implements HttpRoutes {
  private readonly routes: Route[] = [];

  constructor(private readonly logger: Logger) {}

  add(method: Method, path: string, handler: HttpHandler): void {
    const segments = split(path);
    const clash = this.routes.find(
      (r) => r.segments.join('/') === segments.join('/') && (r.method === method || r.method === '*' || method === '*'),
    );
    if (clash) throw new Error(`route ${method} ${path} is already registered`);
    this.routes.push({ method, segments, handler });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = split(url.pathname);
    // HEAD is answered by the GET handler; Node drops the body of a HEAD response.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const captured = match(route, segments);
      if (!captured) continue;
      if (route.method !== '*' && route.method !== method) {
        allowed.add(route.method);
        continue;
      }
      params.set(req, captured);
      patterns.set(req, `/${route.segments.join('/')}`);
      try {
        await route.handler(req, res);
      } catch (error) {
        this.logger.error(
          { code: 'http_handler_failed', method, route: `/${route.segments.join('/')}`, err: errorName(error) },
          'request handler failed',
        );
        if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
        else res.destroy();
      }
      return;
    }
    if (allowed.size > 0) {
      res.setHeader('Allow', [...allowed, ...(allowed.has('GET') ? ['HEAD'] : [])].join(', '));
      sendJson(res, 405, { error: 'method_not_allowed' });
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  }
}

/** Only the class name and code of an error reach the logs; messages can echo request data. */
export function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name}:${code}` : error.name;
  }
  return typeof error;
}
