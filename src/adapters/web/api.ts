import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bot } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import { BodyError, readJsonBody } from '../../server/body.js';
import { sendJson } from '../../server/respond.js';
import type { WebConfig } from './config.js';
import type { LetterStore } from './letters.js';
import { toInbound, toWebReplies, webMessage, type WebMessage, type WebReply } from './messages.js';
import type { RateLimiter } from './rate-limit.js';
import type { LRUCache } from 'lru-cache';
import { clientView, type ClientView, type TrustProxy } from '../kit/trust-proxy.js';
import type { RepeatedReplies, WebAnswer } from './repeated-replies.js';
import {
  expiredSessionCookie,
  sessionCookie,
  sessionCookieValue,
  webConversation,
  type CookiePolicy,
} from './session.js';
import type { SessionIds } from './session-id.js';

export interface WebApiDeps {
  bot: Bot;
  logger: Logger;
  config: WebConfig;
  letters: LetterStore;
  limiter: RateLimiter;
  cookies: CookiePolicy;
  sessionIds: SessionIds;
  /** Which proxies' forwarding headers to believe (TRUST_PROXY). */
  trust: TrustProxy;
  /** Conversations whose "forget me" ran lately (filled by `bot.onForget`); bounded, expiring. */
  forgotten: LRUCache<string, true>;
  /** The last answers by message id, for a retried request. */
  repeated: RepeatedReplies;
}

/** Node's headers read like `Headers.get`. */
function nodeHeaders(req: IncomingMessage) {
  return {
    get: (name: string): string | null => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  };
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
function fromOwnPage(req: IncomingMessage, client: ClientView): boolean {
  if (req.headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const host = new URL(origin).host;
    return host === req.headers.host || host === client.host;
  } catch {
    return false;
  }
}

/** `POST /api/web/messages`: one user message in, the bot's replies out. */
export function messagesHandler(deps: WebApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const t = deps.bot.t;
    const client = clientView(
      nodeHeaders(req),
      { remoteAddress: req.socket.remoteAddress, secure: 'encrypted' in req.socket && req.socket.encrypted === true },
      deps.trust,
    );
    if (!fromOwnPage(req, client)) return fail(res, 403, 'forbidden_origin', t('web.errors.badRequest'));
    const cookie = sessionCookieValue(req);
    // Only ids this server issued count; anything else is a new conversation from the caller's address.
    const existing = cookie ? deps.sessionIds.verify(cookie) : null;
    const wait = deps.limiter.take(existing ? `session:${existing}` : `address:${client.address}`);
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

    // A new conversation begins with its greeting, whatever was sent; a lost one says so first.
    const session = existing ? { id: existing, cookie: null } : deps.sessionIds.issue();
    const conversation = webConversation(session.id);
    const restarted = !existing && message.data.input.kind !== 'start';
    const answer = await answerFor(deps, conversation, existing ? message.data : { ...message.data, input: START });
    const replies: WebReply[] = restarted
      ? [{ kind: 'text', tone: 'warning', text: t('web.errors.sessionLost') }, ...answer.replies]
      : answer.replies;

    const headers: Record<string, string> = {};
    if (answer.forgotten) headers['Set-Cookie'] = expiredSessionCookie(client.https, deps.cookies);
    else if (session.cookie) headers['Set-Cookie'] = sessionCookie(session.cookie, client.https, deps.cookies);
    deps.logger.debug(
      { event: 'web_turn', input: message.data.input.kind, replies: replies.map((r) => r.kind) },
      'web turn',
    );
    sendJson(res, 200, { replies, ...(answer.forgotten ? { forgotten: true } : {}) }, headers);
  };
}

const START = { kind: 'start' } as const;

/** Runs the turn, or gives a retried message (same id) the answer it had. */
async function answerFor(deps: WebApiDeps, conversation: string, message: WebMessage): Promise<WebAnswer> {
  const earlier = deps.repeated.get(conversation, message.id);
  if (earlier) return earlier;
  const replies = await deps.bot.handle({ ...toInbound(message, conversation), lazySession: true });
  // A retry that arrived while the original was in flight finds the original's answer now.
  const original = deps.repeated.get(conversation, message.id);
  if (original) return original;
  const answer: WebAnswer = {
    replies: toWebReplies(replies, (file) => `api/web/letter/${deps.letters.put(conversation, file)}`),
    forgotten: deps.forgotten.delete(conversation),
  };
  deps.repeated.set(conversation, message.id, answer);
  return answer;
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** `GET /api/web/letter/:id`: the letter's bytes, only for the session that asked for it. */
export function letterHandler(deps: WebApiDeps, letterId: (req: IncomingMessage) => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const cookie = sessionCookieValue(req);
    const sessionId = cookie ? deps.sessionIds.verify(cookie) : null;
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
