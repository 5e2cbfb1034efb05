import type { CalendarDate } from '../domain/calendar.js';
import type { Knowledge } from '../domain/knowledge.js';
import { findDrug, findInsurer, findPlan, findReason, findStage } from './entities.js';
import {
  findAppealsAddress,
  findAppealsFax,
  findClaimNumber,
  findMemberId,
  findPolicy,
  findPrescriber,
} from './identifiers.js';
import { DENIAL_WORDS } from './labels.js';
import { letterLines } from './letter-text.js';
import { findNoticeDate } from './notice-date.js';
import type { LetterSignals } from './signals.js';
import { DENIAL_FIELDS, type DenialFields, type DenialReading } from './types.js';

/**
 * Reads the fields of a denial letter from its text (from a PDF's text layer or OCR).
 * Pure: the same text, knowledge and today always give the same reading.
 * `trust` (0–1) scales every confidence: OCR text is less sure than a text layer.
 */
export function extractDenialFields(
  text: string,
  k: Knowledge,
  signals: LetterSignals,
  today: CalendarDate,
  trust = 1,
): DenialReading {
  const lines = letterLines(text);
  const insurer = findInsurer(lines, k);
  const drug = findDrug(lines, k);
  const reason = findReason(lines, k);
  const fields: DenialFields = {
    insurer,
    drug: drug.field,
    reason,
    plan: findPlan(lines, k, signals, insurer?.id),
    noticeDate: findNoticeDate(lines, today),
    stage: findStage(lines, signals),
    memberId: findMemberId(lines),
    claimNumber: findClaimNumber(lines),
    policy: findPolicy(lines),
    appealsAddress: findAppealsAddress(lines),
    appealsFax: findAppealsFax(lines),
    prescriber: findPrescriber(lines),
  };
  for (const key of DENIAL_FIELDS) {
    const field = fields[key];
    if (!field) delete fields[key];
    else field.confidence = Math.round(field.confidence * trust * 100) / 100;
  }
  const denies = lines.some((l) => DENIAL_WORDS.test(l.text));
  const named = [insurer, drug.field ?? drug.choices, reason].filter(Boolean).length;
  return {
    fields,
    ...(drug.choices ? { drugChoices: drug.choices } : {}),
    looksLikeDenial: named >= 2 || (named >= 1 && denies),
  };
}
