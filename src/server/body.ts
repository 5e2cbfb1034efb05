import type { IncomingMessage } from 'node:http';

/** Why a request body was refused; maps to 413 / 400 / 415. */
export class BodyError extends Error {
  constructor(
    readonly status: 413 | 400 | 415,
    readonly code: 'too_large' | 'malformed' | 'unsupported_media_type',
  ) {
    super(code);
    this.name = 'BodyError';
  }
}

/**
 * Reads a request body of at most `limit` bytes. A declared or streamed size
 * over the limit stops reading at once (413) instead of buffering it.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyError(413, 'too_large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, 'too_large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON body (`Content-Type: application/json` required). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new BodyError(415, 'unsupported_media_type');
  const raw = await readBody(req, limit);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new BodyError(400, 'malformed');
  }
}
