import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/discord.js';
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

  it('registers /appeal for servers and the bot DM', async () => {
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
      },
    ]);
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
