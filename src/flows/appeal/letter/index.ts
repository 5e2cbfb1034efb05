import type { AppealCase } from '../domain/appeal-case.js';
import { composeLetter } from './compose.js';
import type { LetterModel } from './model.js';
import { composePeerToPeer } from './peer-to-peer.js';
import type { LetterRequest } from './writer.js';

export { composeLetter } from './compose.js';
export { composePeerToPeer } from './peer-to-peer.js';
export { letterText, type LetterModel } from './model.js';
export type { LetterAuthor, LetterRequest } from './writer.js';
export { letterDetailsSchema, type LetterDetails } from './details.js';
export { letterRequestFrom, portableLetterRequest, type PortableLetterRequest } from './portable.js';

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
/** The letter to the plan is written in English, the language plans and their reviewers read; the notes page follows the user. */
export const LETTER_LOCALE = 'en';

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

export type LetterFormat = 'docx' | 'pdf';
export const LETTER_FORMATS = ['docx', 'pdf'] as const satisfies readonly LetterFormat[];

/**
 * Renders a composed letter in one format, stamped with the letter's day (the same answers on the
 * same day give the same bytes on every replica): the CPU-heavy half of a letter.
 */
export async function packLetter(model: LetterModel, day: string, format: LetterFormat): Promise<Uint8Array> {
  return format === 'docx'
    ? (await import('./docx.js')).renderDocx(model, day)
    : (await import('./pdf.js')).renderPdf(model, day);
}

/**
 * Loads the two renderers (the docx library, pdfkit and its fonts: about a tenth of a second). Imported
 * only here and by `packLetter`, so a server whose letters are packed in its worker threads never
 * loads them on its event loop, and start-up does not wait for them.
 */
export async function loadLetterRenderers(): Promise<void> {
  await Promise.all([import('./docx.js'), import('./pdf.js')]);
}

/**
 * Makes the bytes of the document a request asks for in one format: composed and packed here, or the
 * same in a worker thread (the `letter.docx` / `letter.pdf` jobs).
 */
export type DocumentRenderer = (request: LetterRequest, format: LetterFormat) => Promise<Uint8Array>;

/**
 * Builds one document a request asks for (the letter, or the care team's
 * peer-to-peer sheet) in one format. The one seam for document building: the
 * default runs in process (tests, the CLI); the server injects one that builds in its worker pool.
 */
export type LetterBuilder = (request: LetterRequest, format: LetterFormat) => Promise<BuiltFile>;

/** The peer-to-peer sheet's file name carries only the notice date: no drug, insurer or patient. */
export function peerToPeerFileName(appeal: AppealCase, extension: LetterFormat = 'docx'): string {
  return `peer-to-peer-prep-${appeal.answers.denialDate}.${extension}`;
}

/** The model of the document a request asks for: the appeal letter or the peer-to-peer sheet (pure, about a millisecond). */
export function composeDocument(request: LetterRequest): LetterModel {
  return request.document === 'peer-to-peer' ? composePeerToPeer(request) : composeLetter(request);
}

/**
 * Composes and packs here. The .docx and the PDF of one request share one composition: the second
 * format does not compose it again.
 */
function renderHere(): DocumentRenderer {
  const composed = new WeakMap<LetterRequest, LetterModel>();
  return (request, format) => {
    const model = composed.get(request) ?? composeDocument(request);
    composed.set(request, model);
    return packLetter(model, request.today, format);
  };
}

/** A builder that names the file and makes its bytes with `render` (here by default). */
export function letterBuilder(render: DocumentRenderer = renderHere()): LetterBuilder {
  return async (request, format) => ({
    fileName:
      request.document === 'peer-to-peer'
        ? peerToPeerFileName(request.appeal, format)
        : letterFileName(request.appeal, format),
    mimeType: format === 'docx' ? DOCX_MIME : PDF_MIME,
    bytes: await render(request, format),
  });
}

/** One letter in this thread. */
export const buildLetterFile: LetterBuilder = letterBuilder();

/** The draft appeal letter as a .docx and a PDF, built side by side with `build`. */
export async function buildAppealLetter(
  request: LetterRequest,
  build: LetterBuilder = buildLetterFile,
): Promise<BuiltLetter> {
  const [docx, pdf] = await Promise.all([build(request, 'docx'), build(request, 'pdf')]);
  return { docx, pdf };
}

/** The peer-to-peer preparation sheet: an editable .docx, made here or with `build`. */
export function buildPeerToPeerSheet(
  request: Omit<LetterRequest, 'author' | 'document'>,
  build: LetterBuilder = buildLetterFile,
): Promise<BuiltFile> {
  return build({ ...request, author: 'care-team', document: 'peer-to-peer' }, 'docx');
}
