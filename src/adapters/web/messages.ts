import { z } from 'zod';
import { COMMANDS, type FileReply, type Inbound, type Reply, type UserInput } from '../../core/types.js';

/** Step and choice ids are short machine ids, never free text. */
const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/);

const userInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start') }),
  z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(2000) }),
  z.object({ kind: z.literal('choice'), step: id, choice: id }),
  z.object({ kind: z.literal('date'), step: id, date: z.iso.date() }),
  // A form: field ids to text (bounded) or to choice ids; the flow checks them against the form it showed.
  z.object({
    kind: z.literal('form'),
    step: id,
    values: z
      .record(id, z.union([z.string().max(2000), z.array(id).max(30)]))
      .refine((values) => Object.keys(values).length <= 40, 'too many fields'),
    partial: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('command'), command: z.enum(COMMANDS), arg: z.string().max(100).optional() }),
]);

/** What the page posts to `POST /api/web/messages`. */
export const webMessage = z.object({
  /** A random id per message from the page, so a retried request is not answered twice. */
  id: z
    .string()
    .regex(/^[\w-]{8,64}$/)
    .optional(),
  input: userInput,
});
export type WebMessage = z.infer<typeof webMessage>;

export function toInbound(message: WebMessage, conversation: string): Inbound {
  const input = message.input as UserInput;
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
export type WebReply = Exclude<Reply, FileReply> | WebFileReply;

/** Turns replies into JSON for the page; `keepFile` stores a letter and returns its download path. */
export function toWebReplies(replies: Reply[], keepFile: (reply: FileReply) => string): WebReply[] {
  return replies.map((reply) =>
    reply.kind === 'file'
      ? {
          kind: 'file',
          fileName: reply.fileName,
          caption: reply.caption,
          url: keepFile(reply),
          size: reply.bytes.byteLength,
        }
      : reply,
  );
}
