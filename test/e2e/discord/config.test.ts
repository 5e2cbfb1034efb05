import { describe, expect, it } from 'vitest';
import { discordConfigFromEnv } from '../../../src/adapters/discord/config.js';
import { isOverturnError } from '../../../src/core/errors.js';

function configError(env: NodeJS.ProcessEnv): string {
  try {
    discordConfigFromEnv(env);
  } catch (error) {
    expect(isOverturnError(error, 'config_invalid')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a config_invalid error');
}

describe('discordConfigFromEnv', () => {
  it('is not configured when no Discord variable is set', () => {
    expect(discordConfigFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1' })).toMatchObject({ configured: false });
    expect(discordConfigFromEnv({ DISCORD_TOKEN: '  ' })).toMatchObject({ configured: false });
  });

  it('reads the hand-off channel by id, and refuses a channel name', () => {
    const base = { DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: '1300000000000000001' };
    expect(discordConfigFromEnv({ ...base, DISCORD_HANDOFF_CHANNEL: '1400000000000000099' })).toEqual({
      configured: true,
      config: { token: 'abc', applicationId: '1300000000000000001', handoffChannel: '1400000000000000099' },
    });
    expect(configError({ ...base, DISCORD_HANDOFF_CHANNEL: '#volunteers' })).toMatch(
      /DISCORD_HANDOFF_CHANNEL must be a channel id/,
    );
  });

  it('reads the token, the application id and an optional REST URL for a proxy', () => {
    expect(discordConfigFromEnv({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: '1300000000000000001' })).toEqual({
      configured: true,
      config: { token: 'abc', applicationId: '1300000000000000001' },
    });
    expect(
      discordConfigFromEnv({
        DISCORD_TOKEN: 'abc',
        DISCORD_APPLICATION_ID: '1300000000000000001',
        DISCORD_API_URL: 'http://127.0.0.1:9000/api/',
      }),
    ).toEqual({
      configured: true,
      config: { token: 'abc', applicationId: '1300000000000000001', apiUrl: 'http://127.0.0.1:9000/api' },
    });
  });

  it('names the missing variable when the configuration is partial', () => {
    expect(configError({ DISCORD_TOKEN: 'abc' })).toContain('DISCORD_APPLICATION_ID is missing');
    expect(configError({ DISCORD_APPLICATION_ID: '1300000000000000001' })).toContain('DISCORD_TOKEN is missing');
    expect(configError({ DISCORD_API_URL: 'https://discord.com/api' })).toMatch(
      /DISCORD_TOKEN is missing.*DISCORD_APPLICATION_ID is missing/,
    );
  });

  it('rejects values that cannot be right', () => {
    expect(configError({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: 'my-bot' })).toContain(
      'DISCORD_APPLICATION_ID must be the numeric Application ID',
    );
    expect(
      configError({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: '1300000000000000001', DISCORD_API_URL: 'discord' }),
    ).toContain('DISCORD_API_URL must be an http(s) URL');
  });

  it('does not load discord.js', async () => {
    const source = await import('node:fs/promises').then((fs) =>
      fs.readFile(new URL('../../../src/adapters/discord/config.ts', import.meta.url), 'utf8'),
    );
    expect(source).not.toMatch(/from ['"]discord\.js['"]|from ['"]@discordjs/);
  });
});
