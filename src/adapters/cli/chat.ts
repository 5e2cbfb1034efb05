import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Bot } from '../../bot.js';
import { conversationKey } from '../../core/conversation.js';
import type { Reply } from '../../core/types.js';
import { parseCommand } from '../../flows/commands.js';
import { TerminalForm } from './form.js';
import { renderCliReply, wrap } from './render.js';

export interface ChatOptions {
  bot: Bot;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Folder where letters are written (default: the current folder). */
  outDir: string;
}

/** Widest a wrapped line gets, even in a very wide terminal: long lines are hard to read. */
const MAX_WIDTH = 100;

/**
 * The terminal chat: one line in, the bot's replies out. On a terminal the
 * typed line is echoed after a "> " prompt, replies start on their own line
 * and wrap at the window's width; piped stdin gets plain lines out, unwrapped.
 */
export async function runChat({ bot, input, output, outDir }: ChatOptions): Promise<void> {
  const t = bot.t;
  const conversation = conversationKey({ platform: 'cli', space: 'local', user: 'me' });
  const interactive = 'isTTY' in input && input.isTTY === true;
  const columns = () => Math.min(('columns' in output && Number(output.columns)) || 80, MAX_WIDTH);
  const print = (text: string) => output.write(`${interactive ? wrap(text, columns()) : text}\n\n`);
  const quitWords = new Set(t('cli.quitWords').split('|'));

  // A form is filled here one field at a time, then sent to the bot as one answer.
  const open: { form: TerminalForm | null } = { form: null };

  const show = async (replies: Reply[]) => {
    for (const reply of replies) {
      if (reply.kind === 'question' && reply.input.type === 'form') {
        const form = new TerminalForm(reply.step, reply.input, bot.t);
        open.form = form;
        print(renderCliReply(reply, t));
        print(`${form.intro()}\n\n${form.prompt()}`);
      } else if (reply.kind === 'file') {
        await mkdir(outDir, { recursive: true });
        const path = resolve(join(outDir, reply.fileName));
        await writeFile(path, reply.bytes);
        print(renderCliReply(reply, t, path));
      } else {
        print(renderCliReply(reply, t));
      }
    }
  };

  // How to leave is said with the greeting, before the first question.
  const opening = (await bot.handle({ conversation, input: { kind: 'start' } })).replies;
  const greeting = opening.findIndex((reply) => reply.kind === 'text') + 1;
  await show(opening.slice(0, greeting));
  if (interactive) print(t('cli.quitHint'));
  await show(opening.slice(greeting));
  // With a terminal, readline echoes what is typed: it needs the output stream to do so.
  const lines = createInterface({ input, ...(interactive ? { output, prompt: '> ' } : {}), terminal: interactive });
  if (interactive) lines.prompt();
  for await (const line of lines) {
    const words = line.trim().toLowerCase();
    const filling = open.form;
    if (!filling && quitWords.has(words)) {
      print(t('cli.bye'));
      lines.close();
      return;
    }
    // A command ("back", "forget me"…) leaves the form; anything else answers the current field.
    const file = filling ? null : await letterPath(line);
    if (filling && !parseCommand(line, t)) {
      const next = filling.answer(line);
      if (next.kind === 'ask') print(next.prompt);
      else {
        open.form = null;
        await show((await bot.handle({ conversation, input: next.input })).replies);
      }
    } else if (file) {
      const { replies } = await bot.handleFile(
        {
          conversation,
          notify: (reply) => {
            print(renderCliReply(reply, t));
          },
        },
        { size: file.size, download: async () => new Uint8Array(await readFile(file.path)) },
      );
      await show(replies);
    } else {
      open.form = null;
      await show((await bot.handle({ conversation, input: { kind: 'text', text: line } })).replies);
      if (parseCommand(line, t)?.command === 'help') print(t('cli.quitHint'));
    }
    if (interactive) lines.prompt();
  }
  if (interactive) output.write(`\n${wrap(t('cli.bye'), columns())}\n`);
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
