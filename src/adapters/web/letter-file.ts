import { LETTER_LIMITS } from '../../flows/appeal/denial/read/limits.js';
import { BodyError, json, readBody, type RequestInfo } from '../kit/index.js';
import { clientView } from '../kit/trust-proxy.js';
import { fromOwnPage, type WebApiDeps } from './api.js';
import { toWebReplies } from './messages.js';
import { sessionCookie, sessionCookieValue, webConversation } from './session.js';

/**
 * `POST /api/web/letter-file`: the denial letter's bytes as the body (a PDF or a
 * photo; `Content-Type` as the browser reports it). Read, answered like a
 * message, and dropped: the bytes are never stored or logged.
 */
export function letterFileHandler(deps: WebApiDeps) {
  return async (request: Request, info: RequestInfo): Promise<Response> => {
    const t = deps.bot.t;
    const client = clientView(request.headers, info, deps.trust);
    if (!fromOwnPage(request, client))
      return json(403, { error: 'forbidden_origin', message: t('web.errors.badRequest') });
    const cookie = sessionCookieValue(request);
    // Only ids this server issued count; anything else is a new conversation from the caller's address.
    const existing = cookie ? deps.sessionIds.verify(cookie) : null;
    const wait = deps.limiter.take(existing ? `session:${existing}` : `address:${client.address}`);
    if (wait > 0)
      return json(
        429,
        { error: 'rate_limited', message: t('web.errors.rateLimited', { seconds: wait }) },
        { 'Retry-After': String(wait) },
      );
    const session = existing ? { id: existing, cookie: null } : deps.sessionIds.issue();
    const conversation = webConversation(session.id);
    const declared = Number(request.headers.get('content-length') ?? Number.NaN);
    // In line with the conversation's messages, so the letter's answers come in order.
    return deps.turns.run(conversation, async () => {
      let bytes: Uint8Array | null = null;
      let tooBig = false;
      try {
        bytes = await readBody(request, LETTER_LIMITS.maxBytes);
      } catch (error) {
        if (!(error instanceof BodyError) || error.status !== 413) throw error;
        tooBig = true;
      }
      const type = request.headers.get('content-type');
      const outcome = await deps.bot.handleFile(
        { conversation },
        {
          ...(tooBig ? { size: Number.isFinite(declared) ? declared : LETTER_LIMITS.maxBytes + 1 } : {}),
          ...(type ? { mimeType: type } : {}),
          download: async () => bytes ?? new Uint8Array(),
        },
      );
      bytes = null;
      // A refused upload is not read to its end: the connection closes.
      const headers: Record<string, string> = tooBig ? { Connection: 'close' } : {};
      if (session.cookie) headers['Set-Cookie'] = sessionCookie(session.cookie, client.https, deps.cookies);
      deps.logger.debug(
        { event: 'web_turn', input: 'document', replies: outcome.replies.map((r) => r.kind) },
        'web turn',
      );
      return json(200, { replies: toWebReplies(outcome.replies) }, headers);
    });
  };
}
