/**
 * What reading a denial letter yields: each field with how sure we are and the
 * line it came from, so the user can check it against the paper in one look.
 */
import { LETTER_FIELDS, type LetterField } from '../state.js';

export const DENIAL_FIELDS = LETTER_FIELDS;
export type DenialField = LetterField;

export interface FoundField {
  /** The value in words (a name, a date YYYY-MM-DD, an identifier). */
  value: string;
  /** A knowledge id (insurer, drug, reason, plan type) or `first` / `appeal-denied` for the stage. */
  id?: string;
  /** 0–1: how sure the reading is (lower for OCR, for unlabeled lines, for close runners-up). */
  confidence: number;
  /** The line of the letter the value came from (bounded). */
  source: string;
}

export type DenialFields = Partial<Record<DenialField, FoundField>>;

export interface DenialReading {
  fields: DenialFields;
  /** Set when the letter names two or more requested drugs with equal weight: the user picks (knowledge ids). */
  drugChoices?: string[];
  /** False when nothing in the text reads like a denial letter (a photo of something else). */
  looksLikeDenial: boolean;
}
