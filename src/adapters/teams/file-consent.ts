import { z } from 'zod';
import { OverturnError } from '../../core/errors.js';
import type { Translator } from '../../core/i18n.js';
import { machineId, type FileReply } from '../../core/types.js';
import type { TeamsMessage } from './render.js';

/**
 * Sending a file in a Teams personal chat: the bot offers a FileConsentCard,
 * the user accepts, Teams sends a `fileConsent/invoke` with an upload URL in
 * the user's OneDrive, the bot PUTs the bytes there and then shows a file
 * info card. https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4
 */
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';
const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
/** Teams waits about 15 s for the invoke answer; the upload must finish well before. */
const UPLOAD_TIMEOUT_MS = 10_000;

/**
 * What Teams shows in the chat and OneDrive keeps: the letter as `appeal-letter.docx` or `.pdf` (no drug or
 * insurer in it), the calendar under its own name (it names neither).
 */
function consentFile(reply: FileReply, t: Translator): { name: string; description: string } {
  if (reply.fileName.endsWith('.pdf'))
    return { name: t('teams.letter.pdfFileName'), description: t('teams.letter.pdfDescription') };
  if (reply.fileName.endsWith('.docx'))
    return { name: t('teams.letter.fileName'), description: t('teams.letter.consentDescription') };
  return { name: reply.fileName, description: t('teams.letter.calendarDescription') };
}

/** The card names the file only by its ref (`letter-patient`): the bytes leave the server once the user agrees. */
export function consentCardMessage(reply: FileReply, t: Translator): TeamsMessage {
  const context = { ref: reply.ref };
  const file = consentFile(reply, t);
  return {
    type: 'message',
    summary: reply.caption,
    attachments: [
      {
        contentType: FILE_CONSENT_CONTENT_TYPE,
        name: file.name,
        content: {
          description: file.description,
          sizeInBytes: reply.bytes.byteLength,
          acceptContext: context,
          declineContext: context,
        },
      },
    ],
  };
}

const uploadInfo = z.object({
  name: z.string().min(1),
  uploadUrl: z.url({ protocol: /^https?$/ }),
  contentUrl: z.string().min(1),
  uniqueId: z.string().optional(),
  fileType: z.string().optional(),
});
export type UploadInfo = z.infer<typeof uploadInfo>;

const consentContext = z.object({ ref: machineId });
const consentResponse = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept'), context: consentContext, uploadInfo }),
  z.object({ action: z.literal('decline'), context: consentContext }),
]);
export type ConsentResponse = z.infer<typeof consentResponse>;

/** The user's answer to a consent card, or null when the invoke is not one we sent. */
export function parseConsentResponse(value: unknown): ConsentResponse | null {
  const parsed = consentResponse.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** PUTs the whole file in one range, as the OneDrive upload session behind `uploadUrl` expects. */
export async function uploadFile(uploadUrl: string, bytes: Uint8Array): Promise<void> {
  const size = bytes.byteLength;
  let status: number;
  try {
    const response = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'Content-Range': `bytes 0-${size - 1}/${size}`, 'Content-Type': 'application/octet-stream' },
      // A copy backed by a plain ArrayBuffer, which is what fetch's body type accepts.
      body: Uint8Array.from(bytes),
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel();
  } catch (error) {
    throw new OverturnError('platform_error', 'file upload failed', { cause: error });
  }
  if (status < 200 || status >= 300) throw new OverturnError('platform_error', `file upload answered ${status}`);
}

/** The card Teams shows for a file the bot uploaded: opens the file from the user's OneDrive. */
export function fileInfoMessage(info: UploadInfo): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: FILE_INFO_CONTENT_TYPE,
        contentUrl: info.contentUrl,
        name: info.name,
        content: { uniqueId: info.uniqueId, fileType: info.fileType ?? 'docx' },
      },
    ],
  };
}
