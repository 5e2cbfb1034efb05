import { randomBytes } from 'node:crypto';
import { conversationKey } from '../../core/conversation.js';
import type { RequestInfo } from '../kit/index.js';

export const SESSION_COOKIE = 'overturn_session';
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** How the session cookie is sent. Cross-site framing needs `SameSite=None; Partitioned`. */
export interface CookiePolicy {
  /** The chat is framed by another site: a Strict cookie would never reach us from inside the iframe. */
  embedded: boolean;
}

/** A new random session id (256 bits); it is the only thing linking a browser to its answers. */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** The session id from the request's cookie, if it is well-formed. */
export function sessionIdFrom(request: Request): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    const value = rest.join('=');
    return SESSION_ID.test(value) ? value : null;
  }
  return null;
}

export function webConversation(sessionId: string): string {
  return conversationKey({ platform: 'web', space: 'local', user: sessionId });
}

function isHttps(request: Request, info: RequestInfo): boolean {
  const forwarded = (request.headers.get('x-forwarded-proto') ?? '').split(',')[0]?.trim();
  return forwarded === 'https' || info.secure;
}

/**
 * A browser-session cookie (no Max-Age: closing the browser ends it), HttpOnly so
 * page scripts never see the id. SameSite=Strict unless the chat is embedded in
 * another site, where only `SameSite=None; Secure; Partitioned` (CHIPS) reaches
 * the iframe; partitioning keeps it from following the user to other sites.
 */
export function sessionCookie(sessionId: string, request: Request, info: RequestInfo, policy: CookiePolicy): string {
  const attributes = [`${SESSION_COOKIE}=${sessionId}`, 'Path=/', 'HttpOnly'];
  if (policy.embedded) attributes.push('SameSite=None', 'Secure', 'Partitioned');
  else attributes.push('SameSite=Strict', ...(isHttps(request, info) ? ['Secure'] : []));
  return attributes.join('; ');
}

/** Clears the cookie ("forget me"). */
export function expiredSessionCookie(request: Request, info: RequestInfo, policy: CookiePolicy): string {
  return `${sessionCookie('', request, info, policy)}; Max-Age=0`;
}
