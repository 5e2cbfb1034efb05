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

export function letterLines(text: string): LetterLine[] {
  const lines: LetterLine[] = [];
  for (const raw of text.split(/\r?\n|\r/).slice(0, MAX_LINES)) {
    const clean = raw
      .replace(/[\t\u00a0]+/g, ' ')
      .replace(/ {2,}/g, ' ')
      .trim()
      .slice(0, MAX_LINE);
    if (clean.length === 0 || TAGLINE.test(clean) || mostlyForeign(clean)) continue;
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
