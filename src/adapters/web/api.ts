import type { Bot } from '../../bot.js';
import type { Logger } from '../../core/log.js';
import { BodyError, json, readJson, text, type OrderedQueue, type RequestInfo } from '../kit/index.js';
import type { WebConfig } from './config.js';
import { clientView, type ClientView, type TrustProxy } from '../kit/trust-proxy.js';
import { toInbound, toWebReplies, webMessage, type WebMessage, type WebReply } from './messages.js';
import type { RateLimiter } from './rate-limit.js';
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
  limiter: RateLimiter;
  cookies: CookiePolicy;
  /** One conversation's messages are answered one after the other, in arrival order. */
  turns: OrderedQueue;
  sessionIds: SessionIds;
  /** Which proxies' forwarding headers to believe (TRUST_PROXY). */
  trust: TrustProxy;
  /** The last answer of each conversation by message id, for a retried request. */
  repeated: RepeatedReplies;
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
export function fromOwnPage(request: Request, client: ClientView): boolean {
  if (request.headers.get('sec-fetch-site') === 'cross-site') return false;
  const origin = request.headers.get('origin');
  if (origin === null) return true;
  try {
    const host = new URL(origin).host;
    return host === request.headers.get('host') || host === client.host;
  } catch {
    return false;
  }
}

/** `POST /api/web/messages`: one user message in, the bot's replies out. */
export function messagesHandler(deps: WebApiDeps) {
  return async (request: Request, info: RequestInfo): Promise<Response> => {
    const t = deps.bot.t;
    const client = clientView(request.headers, info, deps.trust);
    if (!fromOwnPage(request, client)) return fail(403, 'forbidden_origin', t('web.errors.badRequest'));
    const cookie = sessionCookieValue(request);
    // Only ids this server issued count; anything else is a new conversation from the caller's address.
    const existing = cookie ? deps.sessionIds.verify(cookie) : null;
    const wait = deps.limiter.take(existing ? `session:${existing}` : `address:${client.address}`);
    if (wait > 0) {
      deps.logger.debug({ code: 'web_rate_limited' }, 'web message rate-limited');
      return fail(429, 'rate_limited', t('web.errors.rateLimited', { seconds: wait }), {
        'Retry-After': String(wait),
      });
    }

    const session = existing ? { id: existing, cookie: null } : deps.sessionIds.issue();
    const conversation = webConversation(session.id);
    // The conversation's place in line is taken on arrival, before the body is read: messages are answered in order.
    return deps.turns.run(conversation, () =>
      answer(request, client, deps, { cookie: session.cookie, existing, conversation }),
    );
  };
}

async function answer(
  request: Request,
  client: ClientView,
  deps: WebApiDeps,
  session: { cookie: string | null; existing: string | null; conversation: string },
): Promise<Response> {
  const t = deps.bot.t;
  const { existing, conversation } = session;
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
  // A new conversation begins with its greeting, whatever was sent; a lost one says so first.
  const restarted = !existing && message.data.input.kind !== 'start';
  const outcome = await answerFor(deps, conversation, existing ? message.data : { ...message.data, input: START });
  const replies: WebReply[] = restarted
    ? [{ kind: 'text', tone: 'warning', text: t('web.errors.sessionLost') }, ...outcome.replies]
    : outcome.replies;

  const headers: Record<string, string> = {};
  if (outcome.forgotten) headers['Set-Cookie'] = expiredSessionCookie(client.https, deps.cookies);
  else if (session.cookie) headers['Set-Cookie'] = sessionCookie(session.cookie, client.https, deps.cookies);
  deps.logger.debug(
    { event: 'web_turn', input: message.data.input.kind, replies: replies.map((r) => r.kind) },
    'web turn',
  );
  return json(200, { replies, ...(outcome.forgotten ? { forgotten: true } : {}) }, headers);
}

const START = { kind: 'start' } as const;

/** Runs the turn, or gives a retried message (same id) the answer it had. */
async function answerFor(deps: WebApiDeps, conversation: string, message: WebMessage): Promise<WebAnswer> {
  const earlier = deps.repeated.get(conversation, message.id);
  if (earlier) return earlier;
  const outcome = await deps.bot.handle({ ...toInbound(message, conversation), lazySession: true });
  const answer: WebAnswer = { replies: toWebReplies(outcome.replies), forgotten: outcome.forgotten };
  deps.repeated.set(conversation, message.id, answer);
  return answer;
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
    const cookie = sessionCookieValue(request);
    const sessionId = cookie ? deps.sessionIds.verify(cookie) : null;
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
