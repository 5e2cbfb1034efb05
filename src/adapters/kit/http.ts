import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorName } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';

/**
 * HTTP for the adapters in web-standard terms: a handler takes a `Request`
 * and returns a `Response`; what the router captured from the path comes in
 * as an argument. Only the one shared Node server (the `Router` below) deals
 * with Node's request and response objects.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | '*';

export interface RequestInfo {
  /** The `:name` segments of the route, decoded. */
  params: Record<string, string>;
  /** The peer's address (the proxy's, behind one). */
  remoteAddress: string | undefined;
  /** The connection itself is TLS. */
  secure: boolean;
}

export type Handler = (request: Request, info: RequestInfo) => Response | Promise<Response>;

/** For an SDK that insists on Node's own objects (Bolt's HTTP receiver); everything else uses `Handler`. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpRoutes {
  /** Registers a handler; a `:name` segment captures one path segment (`*` method matches any). */
  add(method: Method, path: string, handler: Handler): void;
  addNode(method: Method, path: string, handler: NodeHandler): void;
}

/** Headers every API answer carries: no cache keeps it (it can hold a user's session data), no sniffing. */
const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const response = new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE },
  });
  new Headers(headers).forEach((value, name) => {
    response.headers.append(name, value);
  });
  return response;
}

export function text(status: number, body: string, headers: HeadersInit = {}): Response {
  const response = new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...NO_STORE },
  });
  new Headers(headers).forEach((value, name) => {
    response.headers.set(name, value);
  });
  return response;
}

interface Route {
  method: Method;
  /** Path segments; a segment starting with `:` captures one segment of the request path. */
  segments: string[];
  handler: { kind: 'web'; handle: Handler } | { kind: 'node'; handle: NodeHandler };
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function match(route: Route, segments: string[]): Record<string, string> | null {
  if (route.segments.length !== segments.length) return null;
  const captured: Record<string, string> = {};
  for (const [index, pattern] of route.segments.entries()) {
    const actual = segments[index] ?? '';
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
 * The routes of the one shared HTTP server. A known path with the wrong
 * method answers 405, an unknown one 404; a handler that throws, 500.
 */
export class Router implements HttpRoutes {
  private readonly routes: Route[] = [];

  constructor(private readonly logger: Logger) {}

  add(method: Method, path: string, handler: Handler): void {
    this.register(method, path, { kind: 'web', handle: handler });
  }

  addNode(method: Method, path: string, handler: NodeHandler): void {
    this.register(method, path, { kind: 'node', handle: handler });
  }

  private register(method: Method, path: string, handler: Route['handler']): void {
    const segments = split(path);
    const clash = this.routes.find(
      (r) => r.segments.join('/') === segments.join('/') && (r.method === method || r.method === '*' || method === '*'),
    );
    if (clash) throw new Error(`route ${method} ${path} is already registered`);
    this.routes.push({ method, segments, handler });
  }

  /** Answers one request of the Node server. Never rejects. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = split(url.pathname);
    // HEAD is answered by the GET handler; Node drops the body of a HEAD response.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = match(route, segments);
      if (!params) continue;
      if (route.method !== '*' && route.method !== method) {
        allowed.add(route.method);
        continue;
      }
      try {
        if (route.handler.kind === 'node') {
          route.handler.handle(req, res);
          return;
        }
        const info: RequestInfo = {
          params,
          remoteAddress: req.socket.remoteAddress,
          secure: isTls(req),
        };
        await writeResponse(res, await route.handler.handle(toRequest(req), info));
      } catch (error) {
        this.logger.error(
          { code: 'http_handler_failed', method, route: `/${route.segments.join('/')}`, err: errorName(error) },
          'request handler failed',
        );
        if (!res.headersSent) await writeResponse(res, json(500, { error: 'internal_error' }));
        else res.destroy();
      }
      return;
    }
    if (allowed.size > 0) {
      const allow = [...allowed, ...(allowed.has('GET') ? ['HEAD'] : [])].join(', ');
      await writeResponse(res, json(405, { error: 'method_not_allowed' }, { Allow: allow }));
      return;
    }
    await writeResponse(res, json(404, { error: 'not_found' }));
  }
}

function isTls(req: IncomingMessage): boolean {
  return 'encrypted' in req.socket && req.socket.encrypted === true;
}

/** Node's request as a web `Request`; the body streams, so a body limit can stop reading early. */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? '';
    // Pseudo-headers (HTTP/2) and malformed names are not for handlers.
    if (/^[!#$%&'*+.^`|~\w-]+$/.test(name)) headers.append(name, req.rawHeaders[i + 1] ?? '');
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // `duplex: 'half'` is what fetch requires of a streamed body; the DOM typings do not know it yet.
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/**
 * The request body as a web stream, read only as the handler pulls it. A
 * handler that stops early (a body over its limit) leaves the rest unread; its
 * answer closes the connection.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks: AsyncIterator<unknown> = req[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else if (next.value instanceof Uint8Array) controller.enqueue(next.value);
    },
  });
}

/** Writes a web `Response` to Node's response, with a Content-Length. */
async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  if (body && response.status !== 304) headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(response.status === 304 ? undefined : body);
}
