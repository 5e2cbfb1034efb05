import type { AppealCase } from '../domain/appeal-case.js';
import { composeLetter } from './compose.js';
import { renderDocx } from './docx.js';
import type { LetterModel } from './model.js';
import { composePeerToPeer } from './peer-to-peer.js';
import { stampDocx } from './stable-zip.js';
import type { LetterRequest } from './writer.js';

export { composeLetter } from './compose.js';
export { composePeerToPeer } from './peer-to-peer.js';
export { renderDocx } from './docx.js';
export { letterText, type LetterModel } from './model.js';
export type { LetterAuthor, LetterRequest } from './writer.js';

export interface BuiltLetter {
  fileName: string;
  bytes: Uint8Array;
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30) || 'unknown'
  );
}

/** `appeal-<drug>-<insurer>-<denial date>.docx`, from knowledge ids or a safe slug of the user's words. */
export function letterFileName(appeal: AppealCase): string {
  const drug = appeal.drug?.id ?? slug(appeal.answers.drugText ?? 'drug');
  const insurer = appeal.insurer?.id ?? slug(appeal.answers.insurerText ?? 'insurer');
  return `appeal-${drug}-${insurer}-${appeal.answers.denialDate}.docx`;
}

/**
 * Packs a composed letter into .docx bytes stamped with the letter's day: the
 * CPU-heavy half of a letter, run here or as the worker pool's `letter.docx` job.
 */
export async function packLetter(model: LetterModel, day: string): Promise<Uint8Array> {
  return stampDocx(await renderDocx(model), day);
}

/** Packs a composed letter: `packLetter` here, or the same job in a worker thread. */
export type LetterPacker = (model: LetterModel, day: string) => Promise<Uint8Array>;

/**
 * Builds the document a request asks for (the letter, or the peer-to-peer
 * sheet). The one seam for document building: the default runs in process
 * (tests, the CLI); the server injects one that packs in its worker pool.
 */
export type LetterBuilder = (request: LetterRequest) => Promise<BuiltLetter>;

/** The peer-to-peer sheet's file name carries only the notice date: no drug, insurer or patient. */
export function peerToPeerFileName(appeal: AppealCase): string {
  return `peer-to-peer-prep-${appeal.answers.denialDate}.docx`;
}

/** A builder that composes here (pure, well under a millisecond) and packs with `pack`. */
export function letterBuilder(pack: LetterPacker = packLetter): LetterBuilder {
  return async (request) =>
    request.document === 'peer-to-peer'
      ? { fileName: peerToPeerFileName(request.appeal), bytes: await pack(composePeerToPeer(request), request.today) }
      : { fileName: letterFileName(request.appeal), bytes: await pack(composeLetter(request), request.today) };
}

/** The draft appeal letter as a .docx, in this thread: pure composition from (case, author, translator, today), then packing. */
export const buildAppealLetter: LetterBuilder = letterBuilder();

/** The peer-to-peer preparation sheet as a .docx, in this thread. */
export function buildPeerToPeerSheet(request: Omit<LetterRequest, 'author' | 'document'>): Promise<BuiltLetter> {
  return buildAppealLetter({ ...request, author: 'care-team', document: 'peer-to-peer' });
}
