import type { z } from 'zod';
import { OverturnError } from './errors.js';

/**
 * The one way settings are read from the environment: a variable set to
 * blanks (`REDIS_URL=` in a .env file) is unset, and values are trimmed.
 */
export function presentEnv<K extends string>(
  env: Record<string, string | undefined>,
  names?: readonly K[],
): Partial<Record<K, string>> {
  const present: Partial<Record<string, string>> = {};
  for (const name of names ?? Object.keys(env)) {
    const value = env[name]?.trim();
    if (value) present[name] = value;
  }
  return present;
}

/**
 * Validates the present variables against `schema`. A problem throws
 * `config_invalid` naming each variable at fault, after `prefix` (e.g.
 * "Slack is partly configured: ").
 */
export function parseEnv<S extends z.ZodType>(schema: S, present: unknown, prefix = ''): z.infer<S> {
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    return issue.message.includes(variable) ? issue.message : `${variable} is invalid: ${issue.message}`;
  });
  throw new OverturnError('config_invalid', `${prefix}${problems.join('; ')}`);
}
