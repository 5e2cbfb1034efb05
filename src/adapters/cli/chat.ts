import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Bot } from '../../bot.js';
import { conversationKey } from '../../core/conversation.js';
import type { Reply } from '../../core/types.js';
import { renderCliReply } from './render.js';

export interface ChatOptions {
  bot: Bot;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Folder where letters are written (default: the current folder). */
  outDir: string;
}

/**
 * The terminal chat: one line in, the bot's replies out. Works the same on a
 * TTY and on piped stdin (plain lines in, plain text out).
 */
export async function runChat({ bot, input, output, outDir }: ChatOptions): Promise<void> {
  const conversation = conversationKey({ platform: 'cli', space: 'local', user: 'me' });
  const interactive = 'isTTY' in input && input.isTTY === true;
  const print = (text: string) => output.write(`${text}\n\n`);

  const show = async (replies: Reply[]) => {
    for (const reply of replies) {
      if (reply.kind === 'file') {
        await mkdir(outDir, { recursive: true });
        const path = resolve(join(outDir, reply.fileName));
        await writeFile(path, reply.bytes);
        print(renderCliReply(reply, path));
      } else {
        print(renderCliReply(reply));
      }
    }
  };

  await show((await bot.handle({ conversation, input: { kind: 'start' } })).replies);
  const lines = createInterface({ input, terminal: interactive });
  if (interactive) output.write('> ');
  for await (const line of lines) {
    await show((await bot.handle({ conversation, input: { kind: 'text', text: line } })).replies);
    if (interactive) output.write('> ');
  }
}
