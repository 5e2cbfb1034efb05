/** The page's one call to the server: post what the user said or clicked, get the bot's replies. */

/** A random id for one message; a retry reuses it so the server never applies the message twice. */
export function messageId() {
  // crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {object} input a neutral user input: {kind:'text', text} | {kind:'choice', step, choice} | …
 * @param {Record<string, string>} strings
 * @param {string} id the message id (see messageId)
 * @returns {Promise<{ok: true, replies: object[], forgotten: boolean, locale?: string} | {ok: false, message: string, retry: boolean}>}
 */
export async function postMessage(input, strings, id) {
  let response;
  try {
    response = await fetch('api/web/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ id, input }),
    });
  } catch {
    return { ok: false, message: strings['errors.network'], retry: true };
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok && body && Array.isArray(body.replies)) {
    const locale = typeof body.locale === 'string' ? body.locale : undefined;
    return { ok: true, replies: body.replies, forgotten: body.forgotten === true, locale };
  }
  // A refused message (too long, malformed) would fail again; anything else may work on a second try.
  const retry = response.status === 429 || response.status >= 500;
  const message = (body && typeof body.message === 'string' && body.message) || strings['errors.server'];
  return { ok: false, message, retry };
}
