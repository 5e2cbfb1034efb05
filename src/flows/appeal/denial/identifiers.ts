import { labelMatcher } from './label.js';
import { IDENTIFIER, LABELS, NOT_THE_FIELD } from './labels.js';
import { type LetterLine, sourceOf } from './letter-text.js';
import type { FoundField } from './types.js';

const memberLabel = labelMatcher(LABELS.memberId);
const claimLabel = labelMatcher(LABELS.claimNumber);
const policyLabel = labelMatcher(LABELS.policy);

/** The first identifier-looking word of `text`. */
function identifierIn(text: string): string | null {
  const word = text.split(/\s+/, 1)[0]?.replace(/[.,;:)]+$/, '') ?? '';
  return IDENTIFIER.test(word) && /\d/.test(word) ? word.toUpperCase() : null;
}

/** `Label: value` on the line, or a label closing the line with the value on the next. */
function labeledIdentifier(
  lines: LetterLine[],
  match: (text: string) => { rest: string } | null,
  notThis: RegExp,
): FoundField | undefined {
  for (const line of lines) {
    const found = match(line.text);
    if (!found || notThis.test(line.text.slice(0, Math.max(0, line.text.length - found.rest.length)))) continue;
    const value =
      identifierIn(found.rest) ?? (found.rest === '' ? identifierIn(lines[line.index + 1]?.text ?? '') : null);
    if (value) return { value, confidence: 0.9, source: sourceOf(line) };
  }
  return undefined;
}

export const findMemberId = (lines: LetterLine[]) => labeledIdentifier(lines, memberLabel, NOT_THE_FIELD.memberId);
export const findClaimNumber = (lines: LetterLine[]) => labeledIdentifier(lines, claimLabel, NOT_THE_FIELD.claimNumber);

const POLICY_NAME =
  /\b(?:based (?:on|(?:this|our) decision on)|we used|using|under|according to)\s+(?:the\s+|our\s+)?(.{0,120}?\b(?:policy|policy bulletin|criteria|guideline|guidelines)\b(?:[^.;]|\.(?=\S)){0,80})/i;

function tidyPolicy(text: string): string | null {
  const value = text
    .replace(/^(the|our)\s+/i, '')
    .replace(/[.;,\s]+$/, '')
    .trim();
  return value.length >= 6 && value.length <= 200 ? value : null;
}

/** The coverage policy or criteria the plan says it applied. */
export function findPolicy(lines: LetterLine[]): FoundField | undefined {
  for (const line of lines) {
    const labeled = policyLabel(line.text);
    if (labeled && line.words.startsWith(` ${labeled.label} `)) {
      const value = tidyPolicy(labeled.rest);
      if (value) return { value, confidence: 0.85, source: sourceOf(line) };
    }
    const sentence = POLICY_NAME.exec(line.text);
    if (sentence) {
      const value = tidyPolicy(sentence[1] ?? '');
      if (value) return { value, confidence: 0.7, source: sourceOf(line) };
    }
  }
  return undefined;
}

const ZIP_LINE = /\b[A-Z]{2}\.?\s+\d{5}(?:-\d{4})?\b/;
const ADDRESS_CUE =
  /\b(?:(?:mail|send|write|submit|fax)\b.{0,40}\b(?:appeal|request|redetermination|reconsideration|grievance)\b.{0,30}\bto|appeals? (?:address|mailing address)|address for appeals|where to send your appeal)\b\s*:?\s*(.*)$/i;

/** The appeals mailing address: the lines after "Mail your appeal to", up to the one with the ZIP code. */
export function findAppealsAddress(lines: LetterLine[]): FoundField | undefined {
  for (const line of lines) {
    const cue = ADDRESS_CUE.exec(line.text);
    if (!cue) continue;
    const parts: string[] = [];
    const first = (cue[1] ?? '').replace(/^(?:the following address|this address)\s*:?\s*/i, '').trim();
    if (first) parts.push(first);
    for (let i = line.index + 1; i < lines.length && i <= line.index + 5 && !ZIP_LINE.test(parts.join(' ')); i++) {
      const next = lines[i]?.text ?? '';
      if (/\b(fax|phone|call|tty)\b/i.test(next)) break;
      parts.push(next);
    }
    // A ZIP code wrapped onto its own line belongs to the state before it.
    const value = parts
      .join(', ')
      .replace(/,\s*(\d{5}(?:-\d{4})?)$/, ' $1')
      .replace(/\s*,\s*,/g, ',');
    if (ZIP_LINE.test(value) && value.length <= 200) return { value, confidence: 0.85, source: sourceOf(line) };
  }
  return undefined;
}

/** Where a prescriber's name ends on a line that goes on with their NPI, phone or fax. */
const AFTER_NAME = /\s{2,}|\s*[|;]\s*|\s+(?=(?:npi|phone|tel|fax|dea|id|specialty)\b)/i;
const PRESCRIBER_LINE = new RegExp(
  `(?:^|[\\s(,;|])(?:${[...LABELS.prescriber].sort((a, b) => b.length - a.length).join('|')})\\s*:\\s*(.*)$`,
  'i',
);

/** Small words a name may hold in lower case ("Ana de la Cruz"). */
const NAME_PARTICLES = new Set(['de', 'del', 'la', 'le', 'da', 'dos', 'van', 'von', 'der', 'den', 'bin', 'al', 'y']);

/** A person's name, maybe with "Dr." or ", MD": two words or more, capitalized, no digits. */
function looksLikeName(text: string): boolean {
  if (/\d/.test(text) || text.length > 80) return false;
  const words = text.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  if (words.length < 2 || !words.every((w) => /^\p{L}[\p{L}.'’-]*$/u.test(w))) return false;
  return words.every((w) => /^\p{Lu}/u.test(w) || NAME_PARTICLES.has(w));
}

/** The prescriber the letter names after a label ("Prescriber: Dana Okafor, MD   NPI: …"). */
export function findPrescriber(lines: LetterLine[]): FoundField | undefined {
  for (const line of lines) {
    const labeled = PRESCRIBER_LINE.exec(line.text);
    if (!labeled) continue;
    const name = (labeled[1] ?? '').split(AFTER_NAME, 1)[0]?.replace(/[,;:\s]+$/, '') ?? '';
    if (looksLikeName(name)) return { value: name, confidence: 0.85, source: sourceOf(line) };
  }
  return undefined;
}

const PHONE = /\(?\b(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})\b/;

/** The fax number for appeals (not the prescriber's fax). */
export function findAppealsFax(lines: LetterLine[]): FoundField | undefined {
  let appealSection = false;
  for (const line of lines) {
    if (/\bappeal|redetermination|reconsideration\b/i.test(line.text)) appealSection = true;
    if (
      !/\bfax\b/i.test(line.text) ||
      /\b(prescriber|doctor|physician|provider|pharmacy)'?s?\b.{0,10}\bfax/i.test(line.text)
    )
      continue;
    if (!appealSection) continue;
    const faxPart = line.text.slice(line.text.search(/\bfax\b/i));
    const phone = PHONE.exec(faxPart);
    if (phone) return { value: `${phone[1]}-${phone[2]}-${phone[3]}`, confidence: 0.85, source: sourceOf(line) };
  }
  return undefined;
}
