import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { OverturnError } from '../core/errors.js';

/**
 * Shared reading of a platform's environment variables (no SDK import here:
 * the server reads every platform's settings at start-up).
 */

/** The variables that are set to something other than blanks, trimmed. */
export function setVariables<K extends string>(
  env: NodeJS.ProcessEnv,
  names: readonly K[],
): Partial<Record<K, string>> {
  return Object.fromEntries(
    names.map((name) => [name, env[name]?.trim() || undefined]).filter(([, value]) => value !== undefined),
  ) as Partial<Record<K, string>>;
}

/** Validates a partly configured platform; every problem is named in one config_invalid error. */
export function parsePlatformEnv<S extends z.ZodType>(platform: string, schema: S, present: unknown): z.infer<S> {
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new OverturnError('config_invalid', `${platform} is partly configured: ${problems}`);
  }
  return parsed.data;
}

/**
 * Reads `.env` in the current folder into `process.env`, as `npm start` does,
 * so the helper scripts (`discord:register`, `teams:package`) see the same
 * settings. Variables already in the environment win (loadEnvFile never overwrites them).
 */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
