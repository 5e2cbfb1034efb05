import { z } from 'zod';
import { parseEnv, presentEnv } from '../core/env.js';

/** Settings of the server process itself; each platform and the session store read their own. */
export interface ServerConfig {
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** How long shutdown waits for turns in flight and open requests. */
  shutdownGraceMs: number;
}

const VARIABLES = ['PORT', 'HOST', 'LOG_LEVEL', 'SHUTDOWN_GRACE_SECONDS'] as const;

const serverEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  // Loopback by default: a laptop's chat is not offered to the whole network. Containers set HOST=0.0.0.0.
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
});

/** Reads the server settings; a bad value throws `config_invalid` naming the variable. */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv): ServerConfig {
  const e = parseEnv(serverEnv, presentEnv(env, VARIABLES));
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}
