import type { IncomingMessage, ServerResponse } from 'node:http';
import { LETTER_LIMITS } from '../../flows/appeal/denial/read/limits.js';
import { BodyError, readBody } from '../../server/body.js';
import { sendJson } from '../../server/respond.js';
import { fromOwnPage, type WebApiDeps } from './api.js';
import { toWebReplies } from './messages.js';
import { newSessionId, sessionCookie, sessionIdFrom, webConversation } from './session.js';

/**
 * `POST /api/web/letter-file`: the denial letter's bytes as the body (a PDF or a
 * photo; `Content-Type` as the browser reports it). Read, answered like a
 * message, and dropped: the bytes are never stored or logged.
 */
export function letterFileHandler(deps: WebApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t = deps.bot.t;
    if (!fromOwnPage(req))
      return sendJson(res, 403, { error: 'forbidden_origin', message: t('web.errors.badRequest') });
    const existing = sessionIdFrom(req);
    const wait = deps.limiter.take(existing ?? `address:${req.socket.remoteAddress ?? 'unknown'}`);
    if (wait > 0)
      return sendJson(
        res,
        429,
        { error: 'rate_limited', message: t('web.errors.rateLimited', { seconds: wait }) },
        { 'Retry-After': String(wait) },
      );
    let bytes: Uint8Array | null = null;
    let tooBig = false;
    try {
      bytes = await readBody(req, LETTER_LIMITS.maxBytes);
    } catch (error) {
      if (!(error instanceof BodyError) || error.status !== 413) throw error;
      tooBig = true;
    }
    const declared = Number(req.headers['content-length']);
    const sessionId = existing ?? newSessionId();
    const conversation = webConversation(sessionId);
    const replies = await deps.bot.handleFile(
      { conversation },
      {
        ...(tooBig ? { size: Number.isFinite(declared) ? declared : LETTER_LIMITS.maxBytes + 1 } : {}),
        ...(req.headers['content-type'] ? { mimeType: req.headers['content-type'] } : {}),
        download: async () => bytes ?? new Uint8Array(),
      },
    );
    bytes = null;
    // A refused upload is not read to its end: the connection closes.
    const headers: Record<string, string> = tooBig ? { Connection: 'close' } : {};
    if (!existing) headers['Set-Cookie'] = sessionCookie(sessionId, req, deps.cookies);
    deps.logger.debug({ event: 'web_turn', input: 'document', replies: replies.map((r) => r.kind) }, 'web turn');
    sendJson(
      res,
      200,
      { replies: toWebReplies(replies, (file) => `api/web/letter/${deps.letters.put(conversation, file)}`) },
      headers,
    );
  };
}
