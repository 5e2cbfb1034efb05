import { join } from 'node:path';
import { z } from 'zod';
import { parseEnv, presentEnv } from '../env.js';
import type { Logger } from '../log.js';
import type { SessionStore } from '../session-store.js';
import { EncryptedSessionStore, parseSessionKey, PlaintextSessionStore } from './encrypted-store.js';
import { SqliteSessionStore } from './sqlite-store.js';

export { MemorySessionStore, type SessionStore } from '../session-store.js';
export {
  EncryptedSessionStore,
  PlaintextSessionStore,
  parseSessionKey,
  type Keyring,
  type SessionKey,
} from './encrypted-store.js';
export { SqliteSessionStore } from './sqlite-store.js';

export interface StoreConfig {
  /** Where the SQLite file lives when Redis is not configured. */
  dataDir: string;
  /** Set: sessions live in Redis and are shared by every process. */
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** A session is deleted after this many days without a message. */
  ttlDays: number;
  /** `current` encrypts every write; `previous` keys are only read (rotation). */
  encryptionKeys?: { current: string; previous: string[] };
}

export const SQLITE_FILE_NAME = 'sessions.db';

const keyText = (variable: string) =>
  z.string().refine(
    (text) => {
      try {
        parseSessionKey(text);
        return true;
      } catch {
        return false;
      }
    },
    { message: `${variable} must be 32 bytes as base64 (openssl rand -base64 32) or 64 hex digits` },
  );

const envSchema = z
  .object({
    DATA_DIR: z.string().min(1).default('./data'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, { message: 'REDIS_URL must start with redis:// or rediss://' })
      .optional(),
    REDIS_KEY_PREFIX: z.string().min(1).optional(),
    SESSION_TTL_DAYS: z.coerce
      .number({ message: 'SESSION_TTL_DAYS must be a number of days' })
      .positive({ message: 'SESSION_TTL_DAYS must be more than 0' })
      .max(3650, { message: 'SESSION_TTL_DAYS must be at most 3650' })
      .default(30),
    SESSION_ENCRYPTION_KEY: keyText('SESSION_ENCRYPTION_KEY').optional(),
    /** Comma-separated: every key that may still have written stored sessions. */
    SESSION_ENCRYPTION_KEY_PREVIOUS: z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(keyText('SESSION_ENCRYPTION_KEY_PREVIOUS')))
      .optional(),
  })
  .refine((env) => !env.SESSION_ENCRYPTION_KEY_PREVIOUS?.length || env.SESSION_ENCRYPTION_KEY, {
    message: 'SESSION_ENCRYPTION_KEY_PREVIOUS is set but SESSION_ENCRYPTION_KEY is not: set the new key to write with',
    path: ['SESSION_ENCRYPTION_KEY'],
  });

/** Reads the storage settings; throws a `config_invalid` error that names the variable at fault. */
export function storeConfigFromEnv(env: Record<string, string | undefined> = process.env): StoreConfig {
  const vars = parseEnv(envSchema, presentEnv(env));
  return {
    dataDir: vars.DATA_DIR,
    ...(vars.REDIS_URL ? { redisUrl: vars.REDIS_URL } : {}),
    ...(vars.REDIS_KEY_PREFIX ? { redisKeyPrefix: vars.REDIS_KEY_PREFIX } : {}),
    ttlDays: vars.SESSION_TTL_DAYS,
    ...(vars.SESSION_ENCRYPTION_KEY
      ? {
          encryptionKeys: {
            current: vars.SESSION_ENCRYPTION_KEY,
            previous: vars.SESSION_ENCRYPTION_KEY_PREVIOUS ?? [],
          },
        }
      : {}),
  };
}

/** What to pass to `createBot({ ttlSeconds })`. */
export function sessionTtlSeconds(config: Pick<StoreConfig, 'ttlDays'>): number {
  return Math.round(config.ttlDays * 24 * 60 * 60);
}

/**
 * The configured store: Redis when `redisUrl` is set (ioredis is loaded only
 * then), otherwise a SQLite file in `dataDir`; encrypted when keys are given.
 */
export async function createSessionStore(config: StoreConfig, logger: Logger): Promise<SessionStore> {
  let inner: SessionStore;
  if (config.redisUrl) {
    const { RedisSessionStore } = await import('./redis-store.js');
    const redis = new RedisSessionStore({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger });
    await redis.connect();
    inner = redis;
  } else {
    inner = new SqliteSessionStore({ file: join(config.dataDir, SQLITE_FILE_NAME) });
  }
  const keys = config.encryptionKeys;
  const store = keys
    ? new EncryptedSessionStore(inner, {
        current: parseSessionKey(keys.current),
        previous: keys.previous.map(parseSessionKey),
      })
    : new PlaintextSessionStore(inner);
  logger.info(
    {
      code: 'store_ready',
      store: config.redisUrl ? 'redis' : 'sqlite',
      ...(config.redisUrl ? {} : { file: join(config.dataDir, SQLITE_FILE_NAME) }),
      encrypted: Boolean(keys),
      ttlDays: config.ttlDays,
    },
    'session store ready',
  );
  return store;
}
