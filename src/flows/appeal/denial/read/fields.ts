import type { CalendarDate } from '../../domain/calendar.js';
import { loadKnowledge } from '../../domain/knowledge.js';
import { extractDenialFields } from '../extract.js';
import { loadLetterSignals } from '../signals.js';
import type { DenialReading } from '../types.js';

export interface FieldsRequest {
  text: string;
  /** Today's calendar date: a date after it is not the notice date. */
  today: CalendarDate;
  /** How far OCR is trusted (0–1); scales every field's confidence. 1 for a PDF's own text. */
  trust?: number;
}

/** Loads the knowledge and the letter phrases a reading matches against, once per thread. */
export function loadFieldKnowledge(): void {
  loadKnowledge();
  loadLetterSignals();
}

/** The `denial.fields` job: the letter's text read into fields with the knowledge on disk (loaded once per thread). */
export function fieldsFromText({ text, today, trust = 1 }: FieldsRequest): DenialReading {
  return extractDenialFields(text, loadKnowledge(), loadLetterSignals(), today, trust);
}
