import type { AppealCase } from '../domain/appeal-case.js';
import { composeLetter } from './compose.js';
import { renderDocx } from './docx.js';
import { renderPdf } from './pdf.js';
import { stampDocx } from './stable-zip.js';
import type { LetterRequest } from './writer.js';

export { composeLetter } from './compose.js';
export { renderDocx } from './docx.js';
export { renderPdf } from './pdf.js';
export { letterText, type LetterModel } from './model.js';
export type { LetterAuthor, LetterRequest } from './writer.js';
export { letterDetailsSchema, type LetterDetails } from './details.js';

export interface BuiltFile {
  fileName: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** The same letter twice: an editable .docx and a PDF to print or fax. */
export interface BuiltLetter {
  docx: BuiltFile;
  pdf: BuiltFile;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MIME = 'application/pdf';

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30) || 'unknown'
  );
}

/**
 * `appeal-<drug>-<insurer>-<denial date>.docx` (or `.pdf`), from knowledge ids or a safe slug of the user's
 * words; never a detail the user gave for the letter (their name, member ID…).
 */
export function letterFileName(appeal: AppealCase, extension: 'docx' | 'pdf' = 'docx'): string {
  const drug = appeal.drug?.id ?? slug(appeal.answers.drugText ?? 'drug');
  const insurer = appeal.insurer?.id ?? slug(appeal.answers.insurerText ?? 'insurer');
  return `appeal-${drug}-${insurer}-${appeal.answers.denialDate}.${extension}`;
}

/** The draft appeal letter as a .docx and a PDF: one pure composition, then both renderings. */
export async function buildAppealLetter(request: LetterRequest): Promise<BuiltLetter> {
  const model = composeLetter(request);
  // Both stamped with the letter's own date: the same answers on the same day give the same bytes on every replica.
  const [packed, pdf] = await Promise.all([renderDocx(model), renderPdf(model, request.today)]);
  return {
    docx: {
      fileName: letterFileName(request.appeal, 'docx'),
      mimeType: DOCX_MIME,
      bytes: await stampDocx(packed, request.today),
    },
    pdf: { fileName: letterFileName(request.appeal, 'pdf'), mimeType: PDF_MIME, bytes: pdf },
  };
}
