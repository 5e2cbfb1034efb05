import { conversationKey } from '../../core/conversation.js';

export const SESSION_COOKIE = 'overturn_session';
/** The name used when the cookie is Secure: browsers then refuse it from a subdomain or over plain HTTP. */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** How the session cookie is sent. Cross-site framing needs `SameSite=None; Partitioned`. */
export interface CookiePolicy {
  /** The chat is framed by another site: a Strict cookie would never reach us from inside the iframe. */
  embedded: boolean;
}

/** The session cookie's value as sent (either name), unverified. */
export function sessionCookieValue(request: Request): string | null {
  let plain: string | null = null;
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SECURE_SESSION_COOKIE) return rest.join('=');
    if (name === SESSION_COOKIE) plain ??= rest.join('=');
  }
  return plain;
}

export function webConversation(sessionId: string): string {
  return conversationKey({ platform: 'web', space: 'local', user: sessionId });
}

/**
 * A browser-session cookie (no Max-Age: closing the browser ends it), HttpOnly so
 * page scripts never see the id. SameSite=Strict unless the chat is embedded in
 * another site, where only `SameSite=None; Secure; Partitioned` (CHIPS) reaches
 * the iframe; partitioning keeps it from following the user to other sites.
 * A Secure cookie carries the `__Host-` prefix.
 */
export function sessionCookie(value: string, https: boolean, policy: CookiePolicy): string {
  const secure = policy.embedded || https;
  const attributes = [`${secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly'];
  if (policy.embedded) attributes.push('SameSite=None', 'Secure', 'Partitioned');
  else attributes.push('SameSite=Strict', ...(secure ? ['Secure'] : []));
  return attributes.join('; ');
}

/** Clears the cookie ("forget me"). */
export function expiredSessionCookie(https: boolean, policy: CookiePolicy): string {
  return `${sessionCookie('', https, policy)}; Max-Age=0`;
}
