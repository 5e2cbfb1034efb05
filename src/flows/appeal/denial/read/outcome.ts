import type { DocumentField, DocumentOutcome } from '../../../../core/types.js';
import { DENIAL_FIELDS } from '../types.js';
import type { LetterRead } from './index.js';
import { LETTER_LIMITS } from './limits.js';

/** A reading in the chat's neutral shape: what the flow gets instead of the file. */
export function documentOutcome(read: LetterRead, sizeBytes?: number): DocumentOutcome {
  if (!read.ok) {
    return {
      ok: false,
      problem: read.problem,
      params: {
        size: sizeBytes === undefined ? '?' : (sizeBytes / 1024 / 1024).toFixed(1),
        limit: Math.round(LETTER_LIMITS.maxBytes / 1024 / 1024),
        megapixels: Math.round(LETTER_LIMITS.maxPixels / 1_000_000),
      },
    };
  }
  const fields: Record<string, DocumentField> = {};
  for (const name of DENIAL_FIELDS) {
    const f = read.reading.fields[name];
    if (f) fields[name] = { ...f };
  }
  return {
    ok: true,
    fields,
    ...(read.reading.drugChoices ? { choices: { drug: read.reading.drugChoices } } : {}),
    pagesRead: read.pagesRead,
    totalPages: read.totalPages,
  };
}
