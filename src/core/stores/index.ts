import { join } from 'node:path';
import { z } from 'zod';
import { parseEnv, presentEnv } from '../env.js';
import { errorName, OverturnError } from '../errors.js';
import type { Logger } from '../log.js';
import type { SessionStore } from '../session-store.js';
import { errnoCode, prepareDataDir } from './data-dir.js';
import { EncryptedSessionStore, parseSessionKey, PlaintextSessionStore } from './encrypted-store.js';
import { HashedKeySessionStore } from './key-hash.js';
import { MIN_SECRET_LENGTH, serverSecrets, type ServerSecrets } from './secrets.js';
import type { JobStore } from '../jobs/job-store.js';
import { SqliteJobStore } from './sqlite-jobs.js';
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
export { HashedKeySessionStore, hashKey } from './key-hash.js';
export { serverSecrets, type ServerSecrets } from './secrets.js';
export { SqliteJobStore } from './sqlite-jobs.js';

export interface StoreConfig {
  /** Where the SQLite file lives when Redis is not configured. */
  dataDir: string;
  /** Set: sessions live in Redis and are shared by every process. */
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** A session is deleted after this many days without a message. */
  ttlDays: number;
  /** Letter details (names, member ID…) are deleted this many hours after they were given. */
  detailsHours?: number;
  /** `current` encrypts every write; `previous` keys are only read (rotation). */
  encryptionKeys?: { current: string; previous: string[] };
  /** SESSION_SECRET: keys the hash of stored conversation keys and signs web session ids. */
  secret?: string;
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
    SESSION_SECRET: z
      .string()
      .min(MIN_SECRET_LENGTH, {
        message: `SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters (openssl rand -base64 32)`,
      })
      .optional(),
    SESSION_TTL_DAYS: z.coerce
      .number({ message: 'SESSION_TTL_DAYS must be a number of days' })
      .positive({ message: 'SESSION_TTL_DAYS must be more than 0' })
      .max(3650, { message: 'SESSION_TTL_DAYS must be at most 3650' })
      .default(30),
    LETTER_DETAILS_HOURS: z.coerce
      .number({ message: 'LETTER_DETAILS_HOURS must be a number of hours' })
      .positive({ message: 'LETTER_DETAILS_HOURS must be more than 0' })
      .max(720, { message: 'LETTER_DETAILS_HOURS must be at most 720 (30 days)' })
      .default(24),
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
    ...(vars.SESSION_SECRET ? { secret: vars.SESSION_SECRET } : {}),
    detailsHours: vars.LETTER_DETAILS_HOURS,
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

/** What to pass to `createBot({ detailsTtlSeconds })`: letter details are kept this long after they were given. */
export function detailsTtlSeconds(config: Pick<StoreConfig, 'detailsHours'>): number {
  return Math.round((config.detailsHours ?? 24) * 60 * 60);
}

/** What to pass to `createBot({ ttlSeconds })`. */
export function sessionTtlSeconds(config: Pick<StoreConfig, 'ttlDays'>): number {
  return Math.round(config.ttlDays * 24 * 60 * 60);
}

/** Opens the SQLite file; a failure names DATA_DIR and the path, never only SQLite's own words. */
function openSqlite(dataDir: string): SqliteSessionStore {
  const dir = prepareDataDir(dataDir);
  try {
    return new SqliteSessionStore({ file: join(dir, SQLITE_FILE_NAME) });
  } catch (error) {
    throw new OverturnError(
      'config_invalid',
      `DATA_DIR (${dir}): cannot open ${SQLITE_FILE_NAME} (${errnoCode(error) ?? 'error'}); ` +
        'check that the directory and the file are writable by this process',
      { cause: error },
    );
  }
}

/** Renames Redis sessions stored under raw conversation keys; with Redis away at start-up, tries again for 5 minutes. */
function migrateRedisKeys(inner: SessionStore, secrets: ServerSecrets, logger: Logger, attempt = 1): Promise<void> {
  return HashedKeySessionStore.migrate(inner, secrets.keyHash.current).then(
    (renamed) => {
      if (renamed > 0) logger.info({ code: 'store_keys_hashed', renamed }, 'stored conversation keys hashed');
    },
    (error: unknown) => {
      if (attempt >= 60) {
        logger.error({ code: 'store_keys_unhashed', err: errorName(error) }, 'could not hash stored keys');
        return;
      }
      const timer = setTimeout(() => void migrateRedisKeys(inner, secrets, logger, attempt + 1), 5_000);
      timer.unref();
    },
  );
}

/**
 * The configured store: Redis when `redisUrl` is set (ioredis is loaded only
 * then), otherwise a SQLite file in `dataDir`; keys hashed with the server
 * secret; encrypted when keys are given.
 */
export async function createSessionStore(config: StoreConfig, logger: Logger): Promise<SessionStore> {
  let inner: SessionStore;
  let secrets: ServerSecrets;
  if (config.redisUrl) {
    // Checked first: without a shared secret, Redis is refused before any connection.
    secrets = serverSecrets(config);
    const { RedisSessionStore } = await import('./redis-store.js');
    const redis = new RedisSessionStore({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger });
    await redis.connect();
    inner = redis;
    void migrateRedisKeys(inner, secrets, logger);
  } else {
    inner = openSqlite(config.dataDir);
    secrets = serverSecrets(config);
    const renamed = await HashedKeySessionStore.migrate(inner, secrets.keyHash.current);
    if (renamed > 0) logger.info({ code: 'store_keys_hashed', renamed }, 'stored conversation keys hashed');
  }
  const hashed = new HashedKeySessionStore(inner, { secrets: secrets.keyHash, ttlSeconds: sessionTtlSeconds(config) });
  const keys = config.encryptionKeys;
  const store = keys
    ? new EncryptedSessionStore(hashed, {
        current: parseSessionKey(keys.current),
        previous: keys.previous.map(parseSessionKey),
      })
    : new PlaintextSessionStore(hashed);
  logger.info(
    {
      code: 'store_opened',
      store: config.redisUrl ? 'redis' : 'sqlite',
      ...(config.redisUrl ? {} : { file: join(config.dataDir, SQLITE_FILE_NAME) }),
      encrypted: Boolean(keys),
      keysHashedWith: secrets.source,
      ttlDays: config.ttlDays,
    },
    'session store opened',
  );
  return store;
}

/**
 * Where reminders wait: beside the sessions, in the same Redis (every replica
 * claims from one sorted set) or in a table of the same SQLite file.
 */
export async function createJobStore(config: StoreConfig): Promise<JobStore> {
  if (config.redisUrl) {
    const { RedisJobStore } = await import('./redis-jobs.js');
    const jobs = new RedisJobStore({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix });
    await jobs.connect();
    return jobs;
  }
  return new SqliteJobStore({ file: join(config.dataDir, SQLITE_FILE_NAME) });
}
