import { normalize } from '../domain/match.js';

/** One line of a letter, with its normalized words padded by spaces for whole-word search. */
export interface LetterLine {
  index: number;
  text: string;
  words: string;
}

const MAX_LINES = 1500;
const MAX_LINE = 400;

/**
 * Language-assistance taglines (required in many notices, in 15+ languages) and the
 * non-discrimination notice carry plan names, phone numbers and words like "appeal"
 * that would mislead every field: they are dropped before reading.
 */
const TAGLINE =
  /language assistance|free of charge.*(language|interpret)|interpreter services|si habla|atenci[oó]n|ch[uú] [yý]|paunawa|achtung|uwaga|attention\s*:|вниман|注意|주의|تنبيه|discriminat|civil rights|auxiliary aids/i;

/** Letters from the Latin script with almost no ASCII are taglines in another language. */
function mostlyForeign(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 8) return false;
  const ascii = letters.replace(/[^A-Za-z]/g, '').length;
  return ascii / letters.length < 0.6;
}

/**
 * A sentence wrapped at the right margin continues on the next line: a full-width
 * line without a closing mark, followed by a lower-case word, a bracket, or a short
 * line ending the sentence ("(Xtandi)."), is one line.
 */
function unwrap(lines: string[]): string[] {
  // The text width: the length most full lines reach (a few overlong lines do not count).
  const lengths = lines.map((l) => l.length).sort((a, b) => a - b);
  const width = lengths[Math.floor(lengths.length * 0.8)] ?? 0;
  const out: string[] = [];
  for (const line of lines) {
    const previous = out.at(-1);
    const continues =
      previous !== undefined &&
      previous.length >= 0.85 * width &&
      !/[.:;!?]$/.test(previous) &&
      (/^[a-z(]/.test(line) || (line.length < 40 && /[.)]$/.test(line) && !line.includes(':')));
    if (continues) out[out.length - 1] = `${previous} ${line}`;
    else out.push(line);
  }
  return out;
}

export function letterLines(text: string): LetterLine[] {
  const cleaned = text
    .split(/\r?\n|\r/)
    .slice(0, MAX_LINES)
    .map((raw) =>
      raw
        .replace(/[\t\u00a0]+/g, ' ')
        .replace(/ {2,}/g, ' ')
        .trim(),
    )
    .filter((line) => line.length > 0);
  const lines: LetterLine[] = [];
  for (const line of unwrap(cleaned)) {
    const clean = line.slice(0, MAX_LINE);
    if (TAGLINE.test(clean) || mostlyForeign(clean)) continue;
    lines.push({ index: lines.length, text: clean, words: ` ${normalize(clean)} ` });
  }
  return lines;
}

/** Whether `phrase` (already normalized) occurs as whole words in the line. */
export function hasPhrase(line: LetterLine, phrase: string): boolean {
  return phrase.length > 0 && line.words.includes(` ${phrase} `);
}

/** The line as shown to the user: bounded, so one huge OCR line never floods a message. */
export function sourceOf(line: LetterLine): string {
  return line.text.length > 160 ? `${line.text.slice(0, 157)}…` : line.text;
}
