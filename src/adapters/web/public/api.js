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
 * @returns {Promise<{ok: true, replies: object[], forgotten: boolean} | {ok: false, message: string, retry: boolean}>}
 */
export function postMessage(input, strings, id) {
  return call('api/web/messages', { 'Content-Type': 'application/json' }, JSON.stringify({ id, input }), strings);
}

/**
 * Sends the denial letter's bytes as they are (no form encoding); the server reads
 * them, forgets them, and answers like a message.
 * @param {File} file
 * @param {Record<string, string>} strings
 */
export function postLetterFile(file, strings) {
  return call('api/web/letter-file', { 'Content-Type': file.type || 'application/octet-stream' }, file, strings);
}

async function call(path, headers, body, strings) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { ...headers, Accept: 'application/json' },
      credentials: 'same-origin',
      body,
    });
  } catch {
    return { ok: false, message: strings['errors.network'], retry: true };
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (response.ok && answer && Array.isArray(answer.replies)) {
    return { ok: true, replies: answer.replies, forgotten: answer.forgotten === true };
  }
  // A refused message (too long, malformed) would fail again; anything else may work on a second try.
  const retry = response.status === 429 || response.status >= 500;
  const message = (answer && typeof answer.message === 'string' && answer.message) || strings['errors.server'];
  return { ok: false, message, retry };
}
