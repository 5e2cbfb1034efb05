import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandProblems, FakeDiscord } from '../../fakes/discord.js';
import { APP_ID, TOKEN } from './harness.js';

const run = promisify(execFile);
/** tsx's loader by absolute URL, so the script also runs from a folder outside the project. */
const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const script = fileURLToPath(new URL('../../../src/adapters/discord/register.ts', import.meta.url));

async function register(
  env: Record<string, string>,
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('DISCORD_')));
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX_LOADER, script], {
      env: { ...clean, ...env },
      cwd,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** `npm run discord:register` against the fake REST API. */
// Each test starts a Node process with tsx: allow for a slow start on a busy machine.
describe('Discord: registering the slash command', { timeout: 60_000 }, () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await new FakeDiscord({ token: TOKEN, applicationId: APP_ID }).start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('registers /appeal for servers and the bot DM, with an optional denial letter attachment', async () => {
    const result = await register({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Registered /appeal for application ${APP_ID}`);
    const put = fake.requests.find((r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/commands`);
    expect(put?.body).toEqual([
      {
        type: 1,
        name: 'appeal',
        description: expect.stringMatching(/^.{1,100}$/),
        integration_types: [0],
        // 0 = in a server, 1 = in the DM with the bot.
        contexts: [0, 1],
        // 11 = attachment; optional, so /appeal alone still works.
        options: [{ type: 11, name: 'letter', description: expect.stringMatching(/^.{1,100}$/), required: false }],
      },
    ]);
  });

  it('the fake refuses, as Discord does, an option Discord would refuse', () => {
    const appeal = (options: unknown[]) => [{ type: 1, name: 'appeal', description: 'Appeal a denial', options }];
    const letter = { type: 11, name: 'letter', description: 'Your denial letter' };
    expect(commandProblems(appeal([letter]))).toEqual([]);
    expect(commandProblems(appeal([{ ...letter, name: 'Letter' }]))).toEqual(['0.options.0.name: must be lowercase']);
    expect(commandProblems(appeal([{ ...letter, name: 'denial letter' }]))).toEqual(['0.options.0.name: invalid name']);
    expect(commandProblems(appeal([{ ...letter, description: 'x'.repeat(101) }]))).toEqual([
      '0.options.0.description: must be 1 to 100 characters',
    ]);
    expect(commandProblems(appeal([{ ...letter, type: 12 }]))).toEqual(['0.options.0.type: unknown option type']);
    expect(commandProblems(appeal([letter, { ...letter, name: 'note', type: 3, required: true }]))).toEqual([
      '0.options.1.required: required options must come before optional ones',
    ]);
    expect(commandProblems(appeal([letter, letter]))).toEqual(['0.options.1.name: duplicate']);
  });

  it('reads the settings from .env in the current folder, as npm start does', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'overturn-env-'));
    await writeFile(
      join(folder, '.env'),
      `DISCORD_TOKEN=${TOKEN}\nDISCORD_APPLICATION_ID=${APP_ID}\nDISCORD_API_URL=${fake.apiUrl}\n`,
    );
    const result = await register({}, folder);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Registered /appeal for application ${APP_ID}`);
  });

  it('names the missing variable and exits with an error', async () => {
    const result = await register({ DISCORD_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DISCORD_APPLICATION_ID is missing');
  });

  it('reports a rejected token without printing it', async () => {
    const result = await register({
      DISCORD_TOKEN: 'wrong-token',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Registering the Discord commands failed');
    expect(result.stderr).not.toContain('wrong-token');
  });
});
