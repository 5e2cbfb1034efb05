import { z } from 'zod';
import { userInput, type Inbound, type Reply } from '../../core/types.js';

/** Longest message the page may send; the page's own text box stops there too. */
const MAX_TEXT = 2000;

/** What the page posts to `POST /api/web/messages`: the neutral input, and typed text within bounds. */
export const webMessage = z.object({
  /** A random id per message from the page, so a retried request is not answered twice. */
  id: z
    .string()
    .regex(/^[\w-]{8,64}$/)
    .optional(),
  input: userInput.refine(
    (input) => input.kind !== 'text' || (input.text.trim().length > 0 && input.text.trim().length <= MAX_TEXT),
    'text must be 1 to 2000 characters',
  ),
});
export type WebMessage = z.infer<typeof webMessage>;

export function toInbound(message: WebMessage, conversation: string): Inbound {
  const input =
    message.input.kind === 'text' ? { kind: 'text' as const, text: message.input.text.trim() } : message.input;
  return { conversation, input, ...(message.id ? { eventId: `web:${message.id}` } : {}) };
}

/** A file reply as the page sees it: a link to download it, not the bytes. */
export interface WebFileReply {
  kind: 'file';
  fileName: string;
  caption: string;
  url: string;
  size: number;
}
export type WebReply = Exclude<Reply, { kind: 'file' }> | WebFileReply;

/** The download path of a file offered in this conversation; the letter is made again when it is fetched. */
export function fileUrl(ref: string): string {
  return `api/web/letter/${encodeURIComponent(ref)}`;
}

/** Turns replies into JSON for the page. */
export function toWebReplies(replies: Reply[]): WebReply[] {
  return replies.map((reply) =>
    reply.kind === 'file'
      ? {
          kind: 'file',
          fileName: reply.fileName,
          caption: reply.caption,
          url: fileUrl(reply.ref),
          size: reply.bytes.byteLength,
        }
      : reply,
  );
}
