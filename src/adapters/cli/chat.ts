import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
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
    const file = await letterPath(line);
    if (file) {
      const { replies } = await bot.handleFile(
        {
          conversation,
          notify: (reply) => {
            print(renderCliReply(reply));
          },
        },
        { size: file.size, download: async () => new Uint8Array(await readFile(file.path)) },
      );
      await show(replies);
    } else {
      await show((await bot.handle({ conversation, input: { kind: 'text', text: line } })).replies);
    }
    if (interactive) output.write('> ');
  }
}

/**
 * A line that is the path of a file (typed, pasted, or dropped on the terminal,
 * which quotes it or escapes its spaces) is the denial letter; anything else is text.
 */
export async function letterPath(line: string): Promise<{ path: string; size: number } | null> {
  let text = line.trim();
  if (/^(['"]).*\1$/.test(text)) text = text.slice(1, -1);
  else text = text.replace(/\\(.)/g, '$1');
  if (!/\.(pdf|jpe?g|png|webp|heic|heif|tiff?)$/i.test(text)) return null;
  const path = resolve(text.replace(/^~(?=\/)/, homedir()));
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? { path, size: info.size } : null;
}
