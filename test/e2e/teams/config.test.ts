import { describe, expect, it } from 'vitest';
import { teamsConfigFromEnv } from '../../../src/adapters/teams/config.js';
import { isOverturnError } from '../../../src/core/errors.js';

function configError(env: NodeJS.ProcessEnv): string {
  try {
    teamsConfigFromEnv(env);
  } catch (error) {
    if (isOverturnError(error, 'config_invalid')) return error.message;
    throw error;
  }
  throw new Error('expected a config_invalid error');
}

describe('teamsConfigFromEnv', () => {
  it('is not configured when nothing is set, and says which variable turns it on', () => {
    const result = teamsConfigFromEnv({});
    expect(result.configured).toBe(false);
    expect(result.configured === false && result.reason).toContain('MICROSOFT_APP_ID');
  });

  it('runs without authentication for local use when TEAMS_ENABLED=true and no app id', () => {
    expect(teamsConfigFromEnv({ TEAMS_ENABLED: 'true' })).toEqual({
      configured: true,
      config: { appId: null, appType: 'MultiTenant' },
    });
  });

  it('reads a MultiTenant app', () => {
    expect(teamsConfigFromEnv({ MICROSOFT_APP_ID: ' app-1 ', MICROSOFT_APP_PASSWORD: 'secret' })).toEqual({
      configured: true,
      config: { appId: 'app-1', appPassword: 'secret', appType: 'MultiTenant' },
    });
  });

  it('reads a SingleTenant app, whatever the case of the type', () => {
    expect(
      teamsConfigFromEnv({
        MICROSOFT_APP_ID: 'app-1',
        MICROSOFT_APP_PASSWORD: 'secret',
        MICROSOFT_APP_TYPE: 'singletenant',
        MICROSOFT_APP_TENANT_ID: 'tenant-1',
      }),
    ).toEqual({
      configured: true,
      config: { appId: 'app-1', appPassword: 'secret', appType: 'SingleTenant', tenantId: 'tenant-1' },
    });
  });

  it('with a tenant id and no MICROSOFT_APP_TYPE, starts as SingleTenant (not a silent MultiTenant)', () => {
    expect(
      teamsConfigFromEnv({
        MICROSOFT_APP_ID: 'app-1',
        MICROSOFT_APP_PASSWORD: 'secret',
        MICROSOFT_APP_TENANT_ID: 't-1',
      }),
    ).toEqual({
      configured: true,
      config: { appId: 'app-1', appPassword: 'secret', appType: 'SingleTenant', tenantId: 't-1' },
    });
  });

  it('reads a user-assigned managed identity, which has no secret', () => {
    expect(
      teamsConfigFromEnv({
        MICROSOFT_APP_ID: 'app-1',
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_TENANT_ID: 'tenant-1',
      }),
    ).toEqual({
      configured: true,
      config: { appId: 'app-1', appType: 'UserAssignedMSI', tenantId: 'tenant-1' },
    });
  });

  it('names the missing password of a MultiTenant or SingleTenant app', () => {
    expect(configError({ MICROSOFT_APP_ID: 'app-1' })).toContain('MICROSOFT_APP_PASSWORD');
    expect(
      configError({ MICROSOFT_APP_ID: 'app-1', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 't' }),
    ).toContain('MICROSOFT_APP_PASSWORD');
  });

  it('names the missing tenant id of a SingleTenant app', () => {
    const message = configError({
      MICROSOFT_APP_ID: 'app-1',
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TYPE: 'SingleTenant',
    });
    expect(message).toContain('MICROSOFT_APP_TENANT_ID');
    expect(message).not.toContain('MICROSOFT_APP_PASSWORD');
  });

  it('names the missing app id when only a secret is set', () => {
    expect(configError({ MICROSOFT_APP_PASSWORD: 'secret' })).toContain('MICROSOFT_APP_ID');
  });

  it('refuses an unknown app type and a secret on a managed identity', () => {
    expect(
      configError({ MICROSOFT_APP_ID: 'app-1', MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'Personal' }),
    ).toContain('MICROSOFT_APP_TYPE');
    expect(
      configError({
        MICROSOFT_APP_ID: 'app-1',
        MICROSOFT_APP_PASSWORD: 's',
        MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        MICROSOFT_APP_TENANT_ID: 't',
      }),
    ).toContain('MICROSOFT_APP_PASSWORD');
  });

  it('never puts the secret in an error message', () => {
    expect(
      configError({
        MICROSOFT_APP_ID: 'app-1',
        MICROSOFT_APP_PASSWORD: 'very-secret-value',
        MICROSOFT_APP_TYPE: 'SingleTenant',
      }),
    ).not.toContain('very-secret-value');
  });

  it('TEAMS_ENABLED=false turns the adapter off even with credentials', () => {
    expect(
      teamsConfigFromEnv({ TEAMS_ENABLED: 'false', MICROSOFT_APP_ID: 'app-1', MICROSOFT_APP_PASSWORD: 's' }).configured,
    ).toBe(false);
    expect(configError({ TEAMS_ENABLED: 'maybe' })).toContain('TEAMS_ENABLED');
  });
});
