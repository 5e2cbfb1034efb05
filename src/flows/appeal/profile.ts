import { z } from 'zod';

/**
 * The practice profile: the prescriber's and practice's own details, saved per
 * user so care-team letters are filled in. Provider data, never patient data.
 */
export const PROFILE_FIELDS = [
  'name',
  'credentials',
  'npi',
  'practice',
  'street',
  'city',
  'phone',
  'fax',
  'specialty',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

const text = z.string().min(1).max(120).optional();
export const practiceProfileSchema = z
  .object({
    name: text,
    credentials: text,
    npi: text,
    practice: text,
    street: text,
    city: text,
    phone: text,
    fax: text,
    specialty: text,
  })
  .strict();

export function isProfileField(value: string): value is ProfileField {
  return PROFILE_FIELDS.some((f) => f === value);
}
export type PracticeProfile = z.infer<typeof practiceProfileSchema>;

/**
 * An NPI is 10 digits whose last is a Luhn check digit computed over the
 * card-issuer prefix 80840 followed by the first nine digits (CMS, "Requirements
 * for NPI Check Digit").
 */
export function npiValid(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  const digits = `80840${npi.slice(0, 9)}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    // Double every second digit from the right of the payload (the check digit is not part of it).
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(npi[9]);
}

export type FieldReading = { ok: true; value: string } | { ok: false; problem: 'npi' | 'phone' | 'tooLong' };

/** A US phone or fax number, shown as (555) 123-4567. */
function phoneNumber(raw: string): string | null {
  let digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) return null;
  return `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** Reads a typed value for one field: checks what can be checked, keeps the user's words otherwise. */
export function readProfileField(field: ProfileField, raw: string): FieldReading {
  const value = raw.replace(/\s+/g, ' ').trim();
  if (field === 'npi') {
    const npi = value.replace(/[\s-]/g, '');
    return npiValid(npi) ? { ok: true, value: npi } : { ok: false, problem: 'npi' };
  }
  if (field === 'phone' || field === 'fax') {
    const phone = phoneNumber(value);
    return phone ? { ok: true, value: phone } : { ok: false, problem: 'phone' };
  }
  if (value.length > 120) return { ok: false, problem: 'tooLong' };
  return { ok: true, value };
}
