import type { IncomingMessage, ServerResponse } from 'node:http';

/** Activities are small JSON documents; anything larger is not from the Bot Connector. */
export const MAX_ACTIVITY_BYTES = 512 * 1024;

export interface BotRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export type ReadResult = { ok: true; request: BotRequest } | { ok: false; status: 400 | 413; message: string };

/** Reads an activity from the shared server's plain Node request: a size limit, then JSON. */
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

export function sendPlain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}
