import type { Bot } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import { BodyError, json, readJson, text, type OrderedQueue, type RequestInfo } from '../kit/index.js';
import type { WebConfig } from './config.js';
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
  limiter: RateLimiter;
  cookies: CookiePolicy;
  /** One conversation's messages are answered one after the other, in arrival order. */
  turns: OrderedQueue;
}

/** An error the page shows: a stable code and the words for the user. */
function fail(status: number, error: string, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { error, message }, headers);
}

/**
 * The page is the only legitimate caller: a browser request from another origin
 * (a forged form or script on another site) is refused. Together with the JSON
 * content type, which a cross-site form cannot send, this guards against CSRF
 * even when the cookie cannot be SameSite=Strict (embedding).
 */
function fromOwnPage(request: Request): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return false;
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  try {
    const host = new URL(origin).host;
    return host === request.headers.get('host') || host === request.headers.get('x-forwarded-host');
  } catch {
    return false;
  }
}

/** `POST /api/web/messages`: one user message in, the bot's replies out. */
export function messagesHandler(deps: WebApiDeps) {
  return async (request: Request, info: RequestInfo): Promise<Response> => {
    const t = deps.bot.t;
    if (!fromOwnPage(request)) return fail(403, 'forbidden_origin', t('web.errors.badRequest'));
    const existing = sessionIdFrom(request);
    // Without a session yet, the caller's address is the only thing to count against.
    const wait = deps.limiter.take(existing ?? `address:${info.remoteAddress ?? 'unknown'}`);
    if (wait > 0) {
      deps.logger.debug({ code: 'web_rate_limited' }, 'web message rate-limited');
      return fail(429, 'rate_limited', t('web.errors.rateLimited', { seconds: wait }), {
        'Retry-After': String(wait),
      });
    }

    const sessionId = existing ?? newSessionId();
    const conversation = webConversation(sessionId);
    // The conversation's place in line is taken on arrival, before the body is read: messages are answered in order.
    return deps.turns.run(conversation, () => answer(request, info, deps, { sessionId, existing, conversation }));
  };
}

async function answer(
  request: Request,
  info: RequestInfo,
  deps: WebApiDeps,
  session: { sessionId: string; existing: string | null; conversation: string },
): Promise<Response> {
  const t = deps.bot.t;
  const { sessionId, existing, conversation } = session;
  let body: unknown;
  try {
    body = await readJson(request, deps.config.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    if (error.status !== 413) return fail(error.status, error.code, t('web.errors.badRequest'));
    // A refused upload is not read to its end: close the connection instead.
    return fail(413, error.code, t('web.errors.tooLarge'), { Connection: 'close' });
  }
  const message = webMessage.safeParse(body);
  if (!message.success) return fail(400, 'invalid_message', t('web.errors.badRequest'));
  const outcome = await deps.bot.handle(toInbound(message.data, conversation));

  const headers: Record<string, string> = {};
  if (outcome.forgotten) headers['Set-Cookie'] = expiredSessionCookie(request, info, deps.cookies);
  else if (!existing) headers['Set-Cookie'] = sessionCookie(sessionId, request, info, deps.cookies);
  deps.logger.debug(
    { event: 'web_turn', input: message.data.input.kind, replies: outcome.replies.map((r) => r.kind) },
    'web turn',
  );
  return json(
    200,
    { replies: toWebReplies(outcome.replies), ...(outcome.forgotten ? { forgotten: true } : {}) },
    headers,
  );
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * `GET /api/web/letter/:ref`: the letter, made again from the session's stored
 * answers, so whichever replica gets the request can answer it. Only the
 * session's own cookie reaches its answers.
 */
export function letterHandler(deps: WebApiDeps) {
  return async (request: Request, info: RequestInfo): Promise<Response> => {
    const sessionId = sessionIdFrom(request);
    const ref = info.params.ref ?? '';
    const letter = sessionId ? await deps.bot.file(webConversation(sessionId), ref) : null;
    // Same answer for "no such letter" and "no session": the link reveals nothing.
    if (!letter) return text(404, deps.bot.t('web.errors.letterMissing'));
    return new Response(new Uint8Array(letter.bytes), {
      status: 200,
      headers: {
        'Content-Type': letter.mimeType,
        'Content-Disposition': contentDisposition(letter.fileName),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}
