import { ADDRESS_FIELDS, LINE_FIELDS, type LetterDetails } from '../letter/details.js';

/** The identifiers a denial letter gives that the appeal letter uses (as read, or as corrected). */
export interface LetterIdentifiers {
  memberId?: string;
  claimNumber?: string;
  appealsAddress?: string;
  appealsFax?: string;
  prescriber?: string;
}

/** An address read as one line ("Appeals Unit, PO Box 1, Chattanooga, TN 37422") as the letter's lines. */
function addressLines(address: string, room: number): string[] {
  const parts = address
    .split(/\s*,\s*/)
    .map((part) => part.trim())
    .filter(Boolean);
  // "City, ST ZIP" stays one line.
  const last = parts.length >= 2 && /^[A-Z]{2}\.?\s+\d{5}/.test(parts.at(-1) ?? '') ? parts.splice(-2).join(', ') : '';
  const lines = last ? [...parts, last] : parts;
  if (lines.length <= room) return lines;
  return [lines.slice(0, lines.length - room + 1).join(', '), ...lines.slice(lines.length - room + 1)];
}

/**
 * The identifiers read from the denial letter as letter details, to prefill the
 * details form and fill the letter. A detail the user already gave wins; the
 * appeals fax goes on its own line under the address (`faxLine` words it).
 */
export function detailsFromLetter(
  ids: LetterIdentifiers,
  given: LetterDetails,
  faxLine: (fax: string) => string,
): LetterDetails {
  const out: LetterDetails = { ...given };
  const cut = (value: string, max: number) => value.slice(0, max);
  if (ids.memberId && !given.memberId) out.memberId = cut(ids.memberId, LINE_FIELDS.memberId);
  if (ids.claimNumber && !given.claimNumber) out.claimNumber = cut(ids.claimNumber, LINE_FIELDS.claimNumber);
  if (ids.prescriber && !given.prescriberName) out.prescriberName = cut(ids.prescriber, LINE_FIELDS.prescriberName);
  if ((ids.appealsAddress || ids.appealsFax) && !given.appealsAddress) {
    const fax = ids.appealsFax ? [faxLine(ids.appealsFax)] : [];
    // Three lines at most: the fax takes the last when there is one.
    const lines = [...(ids.appealsAddress ? addressLines(ids.appealsAddress, 3 - fax.length) : []), ...fax];
    out.appealsAddress = cut(lines.join('\n'), ADDRESS_FIELDS.appealsAddress);
  }
  return out;
}
