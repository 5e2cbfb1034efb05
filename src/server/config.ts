import { z } from 'zod';
import { parseEnv, presentEnv } from '../core/env.js';
import { OverturnError } from '../core/errors.js';
import type { Organisation } from '../core/organisation.js';

/** Settings of the server process itself; each platform and the session store read their own. */
export interface ServerConfig {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long shutdown waits for turns in flight and open requests. */
  shutdownGraceMs: number;
  /** ORG_NAME, ORG_URL, ORG_HELP: the group running the bot, shown to users; unset keeps the bot's own voice. */
  organisation?: Organisation;
}

const VARIABLES = ['PORT', 'HOST', 'LOG_LEVEL', 'SHUTDOWN_GRACE_SECONDS', 'ORG_NAME', 'ORG_URL', 'ORG_HELP'] as const;

const serverEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  // Loopback by default: a laptop's chat is not offered to the whole network. Containers set HOST=0.0.0.0.
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  ORG_NAME: z.string().max(80).optional(),
  ORG_URL: z
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must start with https:// or http://')
    .optional(),
  ORG_HELP: z.string().max(300).optional(),
});

/** Reads the server settings; a bad value throws `config_invalid` naming the variable. */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const e = parseEnv(serverEnv, presentEnv(env, VARIABLES));
  if (!e.ORG_NAME && (e.ORG_URL || e.ORG_HELP))
    throw new OverturnError('config_invalid', 'ORG_URL and ORG_HELP need ORG_NAME: the name users see beside them');
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    ...(e.ORG_NAME
      ? {
          organisation: {
            name: e.ORG_NAME,
            ...(e.ORG_URL ? { url: e.ORG_URL } : {}),
            ...(e.ORG_HELP ? { help: e.ORG_HELP } : {}),
          },
        }
      : {}),
  };
}
