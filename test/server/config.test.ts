import { describe, expect, it } from 'vitest';
import { webConfigFromEnv } from '../../src/adapters/web/config.js';
import { isOverturnError } from '../../src/core/errors.js';
import { serverConfigFromEnv } from '../../src/server/config.js';

function configError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (isOverturnError(error, 'config_invalid')) return error.message;
    throw error;
  }
  throw new Error('expected a config_invalid error');
}

describe('server settings', () => {
  it('needs nothing: port 3978 on loopback, info logs', () => {
    expect(serverConfigFromEnv({})).toEqual({
      port: 3978,
      host: '127.0.0.1',
      logLevel: 'info',
      shutdownGraceMs: 10_000,
    });
  });

  it('treats blank values as unset, as a .env file with `PORT=` means', () => {
    expect(serverConfigFromEnv({ PORT: ' ', LOG_LEVEL: '' }).port).toBe(3978);
  });

  it('reads every setting', () => {
    expect(
      serverConfigFromEnv({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'debug', SHUTDOWN_GRACE_SECONDS: '3' }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      logLevel: 'debug',
      shutdownGraceMs: 3000,
    });
  });

  it('names the variable that is wrong', () => {
    expect(configError(() => serverConfigFromEnv({ PORT: 'eighty' }))).toMatch(/^PORT is invalid/);
    expect(configError(() => serverConfigFromEnv({ PORT: '70000' }))).toMatch(/^PORT is invalid/);
    expect(configError(() => serverConfigFromEnv({ LOG_LEVEL: 'loud' }))).toMatch(/^LOG_LEVEL is invalid/);
  });
});

describe('web chat settings', () => {
  it('is on by default, framed only by itself', () => {
    const result = webConfigFromEnv({});
    expect(result).toMatchObject({ configured: true, config: { allowedOrigins: [], rateLimitPerMinute: 30 } });
  });

  it('can be turned off, with the reason shown at start-up', () => {
    expect(webConfigFromEnv({ WEB_CHAT: 'off' })).toEqual({ configured: false, reason: 'WEB_CHAT=off' });
  });

  it('reads allowed origins separated by commas or spaces', () => {
    const result = webConfigFromEnv({
      WEB_ALLOWED_ORIGINS: 'https://a.example,https://b.example:8443/ http://localhost:8080',
    });
    expect(result.configured && result.config.allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example:8443',
      'http://localhost:8080',
    ]);
  });

  it('refuses values that are not origins and bad limits, naming the variable', () => {
    expect(configError(() => webConfigFromEnv({ WEB_ALLOWED_ORIGINS: 'https://a.example/chat' }))).toMatch(
      /^WEB_ALLOWED_ORIGINS/,
    );
    expect(configError(() => webConfigFromEnv({ WEB_ALLOWED_ORIGINS: "'unsafe-inline'" }))).toMatch(
      /^WEB_ALLOWED_ORIGINS/,
    );
    expect(configError(() => webConfigFromEnv({ WEB_RATE_LIMIT_PER_MINUTE: '0' }))).toMatch(
      /^WEB_RATE_LIMIT_PER_MINUTE/,
    );
    expect(configError(() => webConfigFromEnv({ WEB_CHAT: 'maybe' }))).toMatch(/^WEB_CHAT/);
  });
});
