import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscord } from '../../../src/adapters/discord/index.js';
import { isOverturnError } from '../../../src/core/errors.js';
import { translator } from '../../../src/core/i18n.js';
import { silentLogger } from '../../../src/core/log.js';
import { FakeDiscord } from '../../fakes/discord.js';
import { APP_ID, TOKEN } from './harness.js';

describe('Discord: logging in', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await new FakeDiscord({ token: TOKEN, applicationId: APP_ID }).start();
  });
  afterAll(async () => {
    await fake?.close();
  });

  const none = async () => ({ replies: [], forgotten: false, isNew: false, duplicate: false });
  const bot = { t: translator('en'), handle: none, handleFile: none };

  it('fails with a platform error, without the token, when Discord refuses the token', async () => {
    const started = startDiscord(
      { token: 'revoked-token', applicationId: APP_ID, apiUrl: fake.apiUrl },
      { bot, logger: silentLogger },
    );
    const error = await started.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isOverturnError(error, 'platform_error')).toBe(true);
    expect((error as Error).message).toMatch(/Discord login failed/);
    expect((error as Error).message).not.toContain('revoked-token');
    expect(fake.requests.filter((r) => r.path === '/gateway/bot')).toHaveLength(1);
  });

  it('connects with the Guilds and DirectMessages intents only (no privileged intent)', async () => {
    const adapter = await startDiscord(
      { token: TOKEN, applicationId: APP_ID, apiUrl: fake.apiUrl },
      { bot, logger: silentLogger },
    );
    try {
      expect(adapter.client.isReady()).toBe(true);
      // Guilds (1 << 0) | DirectMessages (1 << 12)
      expect(fake.identifies.at(-1)?.intents).toBe(4097);
    } finally {
      await adapter.stop();
    }
    expect(fake.gatewayCloses.at(-1)).toBe(1000);
  });
});
