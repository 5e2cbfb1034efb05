import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../../fakes/discord.js';
import { APP_ID, TOKEN } from './harness.js';

const script = fileURLToPath(new URL('./adapter-process.ts', import.meta.url));

/** The adapter in a child process: on SIGTERM it finishes the turn in progress, destroys the client, and the process exits on its own. */
describe('Discord: shutdown', { timeout: 60_000 }, () => {
  let fake: FakeDiscord | undefined;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake?.close();
  });

  it('exits cleanly after SIGTERM, delivering the reply it was preparing', async () => {
    fake = await new FakeDiscord({ token: TOKEN, applicationId: APP_ID }).start();
    const user = fake.user('1500000000000000001', 'pat');
    child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: {
        ...process.env,
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: fake.apiUrl,
        SLOW_STORE_MS: '300',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = once(child, 'exit');
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', () => stdout.includes('ready') && resolve());
      child!.once('exit', (code) => reject(new Error(`adapter process exited early (${code})`)));
    });

    // A turn is under way ("typing…" shown) when the signal arrives.
    const dm = fake.dmChannelOf(user);
    fake.dmMessage(user, 'hello');
    await fake.waitForRequest((r) => r.path === `/channels/${dm}/typing`);
    child.kill('SIGTERM');

    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stdout).toContain('stopped');
    // The reply being prepared was still delivered, and the gateway was closed normally (1000).
    expect(fake.outbox.filter((m) => m.channelId === dm).length).toBeGreaterThan(0);
    expect(fake.gatewayCloses).toEqual([1000]);
  });
});
