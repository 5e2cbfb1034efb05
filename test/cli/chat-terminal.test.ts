import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runChat } from '../../src/adapters/cli/chat.js';
import { wrap } from '../../src/adapters/cli/render.js';
import { createBot, fixedClock } from '../../src/bot.js';

/** A terminal as readline sees one: a TTY input and a TTY output of a given width. */
function terminal(columns: number) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns });
  let screen = '';
  output.on('data', (chunk: Buffer) => {
    screen += chunk.toString('utf8');
  });
  // What a person would see: escape sequences (cursor moves, line clears) removed.
  const escapes = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
  const seen = () => screen.replace(escapes, '');
  return { input, output, seen };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
}

describe('npm run chat on a terminal', () => {
  it('echoes what is typed, starts replies on their own line, wraps to the width, and understands "exit"', async () => {
    const { input, output, seen } = terminal(60);
    const outDir = await mkdtemp(join(tmpdir(), 'overturn-tty-'));
    const done = runChat({ bot: createBot({ clock: fixedClock('2026-04-01') }), input, output, outDir });
    await until(() => seen().includes('> '));
    // Help for leaving is given up front, with the greeting and before the first question (who the user is).
    expect(seen()).toMatch(
      /not legal or\s+medical\s+advice[\s\S]*To leave, type "exit" or "quit"[\s\S]*are you the patient/,
    );

    input.write('cigna\r');
    await until(() => seen().includes('Which drug was denied?'));
    // The typed answer is echoed after the prompt, and the reply starts on the next line.
    expect(seen()).toMatch(/> cigna\r?\n+Insurer: Cigna Healthcare\./);
    // No line is wider than the terminal, and no word is split.
    const lines = seen().split(/\r?\n/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(60);
    expect(seen()).toMatch(/Type the brand or generic name \(for example Ocrevus or\n\s*ocrelizumab\)\./);

    input.write('help\r');
    await until(() => seen().split('To leave, type').length === 3);

    input.write('exit\r');
    await done;
    expect(seen()).toMatch(/Bye\. Nothing you typed here is kept after you leave/);
  });

  it('"quit" ends a piped chat too, without echo or prompts', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    const done = runChat({ bot: createBot({ clock: fixedClock('2026-04-01') }), input, output, outDir: tmpdir() });
    input.end('cigna\nquit\nocrevus\n');
    await done;
    expect(text).toMatch(/Insurer: Cigna Healthcare\./);
    expect(text).toMatch(/Bye\./);
    expect(text).not.toMatch(/Drug: Ocrevus/);
    expect(text).not.toContain('> ');
  });
});

describe('wrap', () => {
  it('continues list items under their text and keeps long words whole', () => {
    expect(wrap('  1. Me (patient or representative)', 20)).toBe('  1. Me (patient or\n     representative)');
    expect(wrap('* Send it by: file your appeal', 16)).toBe('* Send it by:\n  file your\n  appeal');
    expect(wrap('averyveryverylongword x', 10)).toBe('averyveryverylongword\nx');
  });
});
