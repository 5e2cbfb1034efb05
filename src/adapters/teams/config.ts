import { z } from 'zod';
import { OverturnError } from '../../core/errors.js';
import { parseEnv, presentEnv, type AdapterConfigResult } from '../kit/index.js';

/**
 * Microsoft Teams settings from the environment. This file must not import the
 * Bot Framework SDK: the server reads it on every start-up and loads the
 * adapter only when Teams is configured.
 */
export const TEAMS_APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type TeamsAppType = (typeof TEAMS_APP_TYPES)[number];

export interface TeamsConfig {
  /**
   * The bot's Microsoft app (client) id. `null` runs without authentication,
   * for local use with the Bot Framework Emulator or a test connector only.
   */
  appId: string | null;
  /** Client secret (MultiTenant, SingleTenant); absent for a managed identity. */
  appPassword?: string;
  /** Microsoft Entra tenant that owns the app (SingleTenant, UserAssignedMSI). */
  tenantId?: string;
  appType: TeamsAppType;
}

const VARIABLES = [
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_PASSWORD',
  'MICROSOFT_APP_TENANT_ID',
  'MICROSOFT_APP_TYPE',
  'TEAMS_ENABLED',
] as const;

const appType = z
  .string()
  .transform((value) => TEAMS_APP_TYPES.find((type) => type.toLowerCase() === value.toLowerCase()))
  .pipe(z.enum(TEAMS_APP_TYPES, { error: `MICROSOFT_APP_TYPE must be one of ${TEAMS_APP_TYPES.join(', ')}` }));

const teamsEnv = z
  .object({
    MICROSOFT_APP_ID: z.string().optional(),
    MICROSOFT_APP_PASSWORD: z.string().optional(),
    MICROSOFT_APP_TENANT_ID: z.string().optional(),
    MICROSOFT_APP_TYPE: appType.default('MultiTenant'),
  })
  .superRefine((env, ctx) => {
    const missing = (variable: string, why: string) =>
      ctx.addIssue({ code: 'custom', path: [variable], message: `${variable} is missing (${why})` });
    if (!env.MICROSOFT_APP_ID) {
      // Without an app id the adapter runs unauthenticated; a secret or tenant here means an id was forgotten.
      if (env.MICROSOFT_APP_PASSWORD || env.MICROSOFT_APP_TENANT_ID) {
        missing(
          'MICROSOFT_APP_ID',
          'the Azure Bot app id that MICROSOFT_APP_PASSWORD or MICROSOFT_APP_TENANT_ID belongs to',
        );
      }
      return;
    }
    const type = env.MICROSOFT_APP_TYPE;
    if (type !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
      missing('MICROSOFT_APP_PASSWORD', `the client secret of the app, needed for ${type}`);
    }
    if (type === 'UserAssignedMSI' && env.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'MICROSOFT_APP_PASSWORD must not be set for UserAssignedMSI (the managed identity has no secret)',
      });
    }
    if (type !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
      missing('MICROSOFT_APP_TENANT_ID', `the directory (tenant) id of the app, needed for ${type}`);
    }
  });

/**
 * Reads the Teams settings. Configured when MICROSOFT_APP_ID is set, or when
 * TEAMS_ENABLED=true without one (unauthenticated, emulator-style local use).
 * TEAMS_ENABLED=false turns the adapter off even with credentials present.
 * Partial settings throw a config_invalid error naming each missing variable.
 */
export function teamsConfigFromEnv(env: NodeJS.ProcessEnv): AdapterConfigResult<TeamsConfig> {
  const present = presentEnv(env, VARIABLES);
  const enabled = present.TEAMS_ENABLED?.toLowerCase();
  if (enabled !== undefined && enabled !== 'true' && enabled !== 'false') {
    throw new OverturnError('config_invalid', 'Teams is partly configured: TEAMS_ENABLED must be true or false');
  }
  if (enabled === 'false') return { configured: false, reason: 'TEAMS_ENABLED is false' };
  if (
    !present.MICROSOFT_APP_ID &&
    enabled !== 'true' &&
    !present.MICROSOFT_APP_PASSWORD &&
    !present.MICROSOFT_APP_TENANT_ID
  ) {
    return {
      configured: false,
      reason: 'MICROSOFT_APP_ID is not set (or set TEAMS_ENABLED=true for local use without authentication)',
    };
  }
  const values = parseEnv(teamsEnv, present, 'Teams is partly configured: ');
  return {
    configured: true,
    config: {
      appId: values.MICROSOFT_APP_ID ?? null,
      appType: values.MICROSOFT_APP_TYPE,
      ...(values.MICROSOFT_APP_PASSWORD ? { appPassword: values.MICROSOFT_APP_PASSWORD } : {}),
      ...(values.MICROSOFT_APP_TENANT_ID ? { tenantId: values.MICROSOFT_APP_TENANT_ID } : {}),
    },
  };
}
