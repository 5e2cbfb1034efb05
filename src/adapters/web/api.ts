import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bot } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import { BodyError, readJsonBody } from '../../server/body.js';
import { sendJson } from '../../server/respond.js';
import type { WebConfig } from './config.js';
import type { LetterStore } from './letters.js';
import { toInbound, toWebReplies, webMessage } from './messages.js';
import type { RateLimiter } from './rate-limit.js';
import {
  expiredSessionCookie,
  newSessionId,
  sessionCookie,
  sessionIdFrom,
  webConversation,
  type CookiePolicy,
} from './session.js';

export interface WebApiDeps {
  bot: Bot;
  logger: Logger;
  config: WebConfig;
  letters: LetterStore;
  limiter: RateLimiter;
  cookies: CookiePolicy;
  /** Conversations whose "forget me" ran during the current request (filled by `bot.onForget`). */
  forgotten: Set<string>;
}

/** An error the page shows: a stable code and the words for the user. */
function fail(
  res: ServerResponse,
  status: number,
  error: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error, message }, headers);
}

/**
 * The page is the only legitimate caller: a browser request from another origin
 * (a forged form or script on another site) is refused. Together with the JSON
 * content type, which a cross-site form cannot send, this guards against CSRF
 * even when the cookie cannot be SameSite=Strict (embedding).
 */
export function fromOwnPage(req: IncomingMessage): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const host = new URL(origin).host;
    return host === req.headers.host || host === req.headers['x-forwarded-host'];
  } catch {
    return false;
  }
}

/** `POST /api/web/messages`: one user message in, the bot's replies out. */
export function messagesHandler(deps: WebApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t = deps.bot.t;
    if (!fromOwnPage(req)) return fail(res, 403, 'forbidden_origin', t('web.errors.badRequest'));
    const existing = sessionIdFrom(req);
    // Without a session yet, the caller's address is the only thing to count against.
    const wait = deps.limiter.take(existing ?? `address:${req.socket.remoteAddress ?? 'unknown'}`);
    if (wait > 0) {
      deps.logger.debug({ code: 'web_rate_limited' }, 'web message rate-limited');
      return fail(res, 429, 'rate_limited', t('web.errors.rateLimited', { seconds: wait }), {
        'Retry-After': String(wait),
      });
    }

    let body: unknown;
    try {
      body = await readJsonBody(req, deps.config.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      if (error.status !== 413) return fail(res, error.status, error.code, t('web.errors.badRequest'));
      // A refused upload is not read to its end: close the connection instead.
      return fail(res, 413, error.code, t('web.errors.tooLarge'), { Connection: 'close' });
    }
    const message = webMessage.safeParse(body);
    if (!message.success) return fail(res, 400, 'invalid_message', t('web.errors.badRequest'));

    const sessionId = existing ?? newSessionId();
    const conversation = webConversation(sessionId);
    const replies = await deps.bot.handle(toInbound(message.data, conversation));
    const forgotten = deps.forgotten.delete(conversation);
    const webReplies = toWebReplies(replies, (file) => `api/web/letter/${deps.letters.put(conversation, file)}`);

    const headers: Record<string, string> = {};
    if (forgotten) headers['Set-Cookie'] = expiredSessionCookie(req, deps.cookies);
    else if (!existing) headers['Set-Cookie'] = sessionCookie(sessionId, req, deps.cookies);
    deps.logger.debug(
      { event: 'web_turn', input: message.data.input.kind, replies: replies.map((r) => r.kind) },
      'web turn',
    );
    sendJson(res, 200, { replies: webReplies, ...(forgotten ? { forgotten: true } : {}) }, headers);
  };
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** `GET /api/web/letter/:id`: the letter's bytes, only for the session that asked for it. */
export function letterHandler(deps: WebApiDeps, letterId: (req: IncomingMessage) => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const sessionId = sessionIdFrom(req);
    const letter = sessionId ? deps.letters.get(letterId(req), webConversation(sessionId)) : null;
    if (!letter) {
      // Same answer for "no such letter" and "someone else's letter": ids reveal nothing.
      const text = deps.bot.t('web.errors.letterMissing');
      res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(text);
      return;
    }
    res.writeHead(200, {
      'Content-Type': letter.mimeType,
      'Content-Length': letter.bytes.byteLength,
      'Content-Disposition': contentDisposition(letter.fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(Buffer.from(letter.bytes.buffer, letter.bytes.byteOffset, letter.bytes.byteLength));
  };
}
