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
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw new BodyError(413, 'too_large');
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyError(413, 'too_large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON body; `Content-Type: application/json` is required. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new BodyError(415, 'unsupported_media_type');
  const raw = await readBody(request, limit);
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new BodyError(400, 'malformed');
  }
}
