import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `CloudAdapter.process` expects what Express gives it: a request with a
 * parsed JSON `body`, and a response with `status()`, `header()`, `send()` and
 * `end()`. The shared server hands us plain Node objects, so this is the shim.
 */

/** Activities are small JSON documents; anything larger is not from the Bot Connector. */
export const MAX_ACTIVITY_BYTES = 512 * 1024;

export interface BotRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export interface BotResponse {
  socket: unknown;
  status(code: number): BotResponse;
  header(name: string, value: unknown): BotResponse;
  send(body?: unknown): BotResponse;
  end(): void;
}

export type ReadResult = { ok: true; request: BotRequest } | { ok: false; status: 400 | 413; message: string };

export async function readActivityRequest(req: IncomingMessage): Promise<ReadResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_ACTIVITY_BYTES)
    return { ok: false, status: 413, message: 'activity too large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ACTIVITY_BYTES) return { ok: false, status: 413, message: 'activity too large' };
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { ok: false, status: 400, message: 'body is not JSON' };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return { ok: false, status: 400, message: 'body is not an activity' };
  return {
    ok: true,
    request: { method: req.method ?? 'GET', headers: req.headers, body: body as Record<string, unknown> },
  };
}

/** Buffers status, headers and body until `end()`, then writes them once. */
export function responseShim(res: ServerResponse): BotResponse {
  let payload: unknown;
  const shim: BotResponse = {
    socket: res.socket,
    status(code) {
      res.statusCode = code;
      return shim;
    },
    header(name, value) {
      res.setHeader(name, String(value));
      return shim;
    },
    send(body) {
      payload = body;
      return shim;
    },
    end() {
      if (res.writableEnded) return;
      if (payload === undefined || payload === null) {
        res.end();
      } else if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
        if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(payload);
      } else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(payload));
      }
    },
  };
  return shim;
}

export function sendPlain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}
