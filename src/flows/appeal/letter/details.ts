import { z } from 'zod';

/**
 * The details a user may give so the letter has fewer blanks: identifiers
 * from their card and denial letter, the prescriber's practice, who writes,
 * and what they know about their treatment. Every field is optional; a
 * missing one stays a highlighted blank. These are identifiers: they live in
 * the session's private part (a short expiry, encrypted at rest when a key is
 * set) and never in logs, button values or file names.
 */

/** One-line fields and their longest length. */
export const LINE_FIELDS = {
  patientName: 120,
  dateOfBirth: 40,
  patientPhone: 40,
  patientEmail: 120,
  memberId: 60,
  groupNumber: 60,
  claimNumber: 60,
  policyNumber: 120,
  prescriberName: 120,
  practiceName: 120,
  practicePhone: 40,
  practiceFax: 40,
  representativeName: 120,
  representativeRelationship: 60,
  representativePhone: 40,
  triedOther: 120,
  triedWhen: 120,
  triedWhy: 300,
} as const;

/** Addresses: up to three lines each. */
export const ADDRESS_FIELDS = { patientAddress: 200, practiceAddress: 200, appealsAddress: 200 } as const;

export type LineField = keyof typeof LINE_FIELDS;
export type AddressField = keyof typeof ADDRESS_FIELDS;
export type TextField = LineField | AddressField;

export function isLineField(field: string): field is LineField {
  return Object.hasOwn(LINE_FIELDS, field);
}

export function isTextField(field: string): field is TextField {
  return isLineField(field) || Object.hasOwn(ADDRESS_FIELDS, field);
}

export const TEXT_FIELDS: TextField[] = [...Object.keys(LINE_FIELDS), ...Object.keys(ADDRESS_FIELDS)].filter(
  isTextField,
);

/** Longest list of earlier treatments kept. */
export const MAX_TRIED = 8;

const textEntries = Object.entries({ ...LINE_FIELDS, ...ADDRESS_FIELDS }).map(([name, max]) => [
  name,
  z.string().max(max).optional(),
]);
// biome-ignore lint/nursery/noUnsafeTypeAssertion: Object.fromEntries drops the key types; the keys are LINE_FIELDS' and ADDRESS_FIELDS'.
const textShape = Object.fromEntries(textEntries) as Record<TextField, z.ZodOptional<z.ZodString>>;

export const letterDetailsSchema = z
  .object({
    ...textShape,
    /** Which of the drug's FDA-approved uses is the user's (index into the knowledge list). */
    approvedUse: z.number().int().min(0).max(20).optional(),
    /** Earlier treatments by name (knowledge names, or what the user typed under "other"). */
    tried: z.array(z.string().min(1).max(120)).max(MAX_TRIED).optional(),
  })
  .strict();
export type LetterDetails = z.infer<typeof letterDetailsSchema>;

/** The user's words as one clean line, or undefined when empty. */
export function detailLine(details: LetterDetails | undefined, field: LineField): string | undefined {
  const value = details?.[field]?.replace(/\s+/g, ' ').trim();
  return value ? value : undefined;
}

/** An address as its lines (a typed address may use new lines or be one line). */
export function detailLines(details: LetterDetails | undefined, field: AddressField): string[] | undefined {
  const lines = (details?.[field] ?? '')
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .slice(0, 3);
  return lines.length > 0 ? lines : undefined;
}

/** Drops empty strings and trims, so "given" always means something was typed. */
export function cleanDetails(raw: LetterDetails): LetterDetails {
  const out: LetterDetails = {};
  for (const field of TEXT_FIELDS) {
    const value = raw[field]?.trim();
    if (value) out[field] = value;
  }
  if (raw.approvedUse !== undefined) out.approvedUse = raw.approvedUse;
  const tried = (raw.tried ?? []).map((name) => name.trim()).filter(Boolean);
  if (tried.length > 0) out.tried = [...new Set(tried)].slice(0, MAX_TRIED);
  return out;
}
