import type { AppealCase } from '../domain/appeal-case.js';
import { composeLetter } from './compose.js';
import { renderDocx } from './docx.js';
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

/** The draft appeal letter as a .docx: pure composition from (case, author, translator, today), then packing. */
export async function buildAppealLetter(request: LetterRequest): Promise<BuiltLetter> {
  const packed = await renderDocx(composeLetter(request));
  return { fileName: letterFileName(request.appeal), bytes: await stampDocx(packed, request.today) };
}

/** The peer-to-peer preparation sheet as a .docx. The name carries only the notice date: no drug, insurer or patient. */
export async function buildPeerToPeerSheet(request: Omit<LetterRequest, 'author'>): Promise<BuiltLetter> {
  const packed = await renderDocx(composePeerToPeer(request));
  return {
    fileName: `peer-to-peer-prep-${request.appeal.answers.denialDate}.docx`,
    bytes: await stampDocx(packed, request.today),
  };
}
