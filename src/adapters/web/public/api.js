/** The page's one call to the server: post what the user said or clicked, get the bot's replies. */

function randomId() {
  // crypto.randomUUID needs a secure context; getRandomValues works on plain http too.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {object} input a neutral user input: {kind:'text', text} | {kind:'choice', step, choice} | …
 * @param {Record<string, string>} strings
 * @returns {Promise<{ok: true, replies: object[], forgotten: boolean} | {ok: false, message: string}>}
 */
export function postMessage(input, strings) {
  return call(
    'api/web/messages',
    { 'Content-Type': 'application/json' },
    JSON.stringify({ id: randomId(), input }),
    strings,
  );
}

/**
 * Sends the denial letter's bytes as they are (no form encoding); the server reads
 * them, forgets them, and answers like a message.
 * @param {File} file
 */
export function postLetterFile(file, strings) {
  return call(
    'api/web/letter-file',
    { 'Content-Type': file.type || 'application/octet-stream', 'X-Message-Id': randomId() },
    file,
    strings,
  );
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
    return { ok: false, message: strings['errors.network'] };
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
  return {
    ok: false,
    message: (answer && typeof answer.message === 'string' && answer.message) || strings['errors.server'],
  };
}
