/**
 * Text bound for the .docx. XML 1.0 forbids most control characters and lone
 * surrogates, so every run is cleaned before it reaches the document; text the
 * user typed is also freed of invisible direction overrides and kept short.
 */

/** Longest user-typed name the letter prints; the rest is cut at a word. */
export const MAX_USER_TEXT = 120;

const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const C1_AND_DEL = /[\u007F-\u009F]/g;
/** Embeddings, overrides and isolates could flip the words printed around the name. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Safe for any text run: drops what XML 1.0 cannot carry. */
export function xmlSafe(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(C1_AND_DEL, '');
}

/** A name the user typed, as one clean line: no control or direction characters, bounded length. */
export function userText(text: string | undefined, max = MAX_USER_TEXT): string {
  const clean = xmlSafe((text ?? '').replace(/[\t\n\r\u2028\u2029]+/g, ' '))
    .replace(BIDI_CONTROLS, '')
    .replace(/\s+/g, ' ')
    .trim();
  const points = Array.from(clean);
  if (points.length <= max) return clean;
  const cut = points.slice(0, max).join('');
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
