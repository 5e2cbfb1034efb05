import { randomUUID } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import { redisConnection } from './redis-connection.js';
import { isRecord } from '../json.js';
import { errorName } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { KeyMigratable } from './key-hash.js';
import { parseStoredJson, type SessionData, type SessionRecord, type SessionStore } from '../session-store.js';

export interface RedisStoreOptions {
  url: string;
  /** Every key this store writes starts with it (default `overturn:session:`). */
  keyPrefix?: string;
  /** A command that gets no answer in this time fails, so a user never waits on a dead connection. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

export const DEFAULT_REDIS_PREFIX = 'overturn:session:';

/**
 * Compare-and-set in one round trip. KEYS[1] is the session hash, KEYS[2] the
 * store-wide version counter; ARGV: expected version ('' = must not exist),
 * JSON, expiry in ms. Returns the new version, or 0 when the version moved.
 */
const PUT_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'v')
if current == false then current = '' end
if current ~= ARGV[1] then return 0 end
local version = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'v', version, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return version
`;

/** Renames KEYS[1] to KEYS[2] keeping its expiry; if KEYS[2] exists, KEYS[1] is the stale copy and goes. */
const RENAME_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('DEL', KEYS[1]) return 1 end
redis.call('RENAME', KEYS[1], KEYS[2])
return 1
`;

/** Escapes a literal for a Redis glob pattern (SCAN MATCH). */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

// The scripts above, registered with `defineCommand`, typed the way ioredis documents for custom commands.
declare module 'ioredis' {
  interface RedisCommander<Context> {
    overturnPut(
      sessionKey: string,
      versionKey: string,
      expected: string,
      json: string,
      ttlMs: number,
    ): Result<number, Context>;
    overturnRename(from: string, to: string): Result<number, Context>;
  }
}

/**
 * Sessions in Redis, shared by every bot process. Each session is a hash
 * `{v: version, d: JSON}` with a PX expiry that every write renews.
 * Commands are never queued while disconnected and never re-sent after a
 * reconnect: a failure reaches the engine at once, which tells the user and
 * keeps their input (a blind re-send could apply an answer twice).
 */
export class RedisSessionStore implements SessionStore, KeyMigratable {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly versionKey: string;
  private readonly logger: Logger;
  private reachable = true;
  /** Tells this process's own deletions apart from other processes' on the forget channel. */
  private readonly instance = randomUUID();
  private readonly forgetChannel: string;
  private readonly deleteListeners: Array<(key: string) => void> = [];
  private subscriber: Redis | null = null;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.keyPrefix ?? DEFAULT_REDIS_PREFIX;
    // `#` cannot occur in a conversation key (its parts are percent-encoded), so this never names a session.
    this.versionKey = `${this.prefix}#version`;
    this.forgetChannel = `${this.prefix}#forget`;
    this.logger = options.logger ?? silentLogger;
    this.redis = redisConnection(options.url, options.commandTimeoutMs);
    this.redis.defineCommand('overturnPut', { numberOfKeys: 2, lua: PUT_SCRIPT });
    this.redis.defineCommand('overturnRename', { numberOfKeys: 2, lua: RENAME_SCRIPT });
    this.redis.on('error', (error: Error) => this.markUnreachable(error));
    this.redis.on('ready', () => {
      if (!this.reachable)
        this.logger.info({ code: 'store_recovered', store: 'redis' }, 'session store reachable again');
      this.reachable = true;
    });
  }

  /** Opens the connection; if Redis is not up yet the store keeps retrying in the background. */
  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (error) {
      this.markUnreachable(error);
    }
  }

  async get(key: string): Promise<SessionRecord | null> {
    const [version, json] = await this.redis.hmget(this.prefix + key, 'v', 'd');
    if (version == null || json == null) return null;
    return { data: parseStoredJson(json, Number(version)), version: Number(version) };
  }

  async put(
    key: string,
    data: SessionData,
    expectedVersion: number | null,
    ttlSeconds: number,
  ): Promise<number | null> {
    const ttlMs = Math.max(1, Math.ceil(ttlSeconds * 1000));
    const expected = expectedVersion === null ? '' : String(expectedVersion);
    const version = await this.redis.overturnPut(
      this.prefix + key,
      this.versionKey,
      expected,
      JSON.stringify(data),
      ttlMs,
    );
    return version === 0 ? null : version;
  }

  /** Deletes and announces it in one transaction: the announcement carries the conversation key only. */
  async delete(key: string): Promise<void> {
    const results = await this.redis
      .multi()
      .del(this.prefix + key)
      .publish(this.forgetChannel, JSON.stringify({ from: this.instance, key }))
      .exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (!results || failure) throw failure ?? new Error('Redis discarded the delete transaction');
  }

  /**
   * Renames sessions in place (`rename` returns the new key, or null to leave
   * one as it is), keeping each one's expiry. Only names holding a `:` after
   * the prefix are visited: raw conversation keys. Safe to run on several processes at once.
   */
  async renameKeys(rename: (key: string) => string | null): Promise<number> {
    let cursor = '0';
    let renamed = 0;
    do {
      const [next, names] = await this.redis.scan(cursor, 'MATCH', `${globLiteral(this.prefix)}*:*`, 'COUNT', 500);
      cursor = next;
      for (const name of names) {
        const key = name.slice(this.prefix.length);
        const target = key.startsWith('#') ? null : rename(key);
        if (target === null || target === key) continue;
        renamed += await this.redis.overturnRename(name, this.prefix + target);
      }
    } while (cursor !== '0');
    return renamed;
  }

  onRemoteDelete(listener: (key: string) => void): void {
    this.deleteListeners.push(listener);
    if (this.subscriber) return;
    // A subscribed connection can do nothing else, hence a second one. It may queue:
    // its only command is SUBSCRIBE, which ioredis repeats after every reconnect.
    const subscriber = this.redis.duplicate({
      lazyConnect: false,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
    });
    subscriber.on('error', () => undefined); // the main connection reports outages
    subscriber.on('message', (_channel: string, message: string) => this.remoteDelete(message));
    subscriber.subscribe(this.forgetChannel).catch((error: Error) => this.markUnreachable(error));
    this.subscriber = subscriber;
  }

  async close(): Promise<void> {
    for (const connection of [this.subscriber, this.redis]) {
      if (!connection) continue;
      try {
        await connection.quit();
      } catch {
        // Not connected: nothing to say goodbye to.
        connection.disconnect();
      }
    }
  }

  private remoteDelete(message: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    if (!isRecord(parsed) || parsed.from === this.instance || typeof parsed.key !== 'string') return;
    for (const listener of this.deleteListeners) listener(parsed.key);
  }

  private markUnreachable(error: unknown): void {
    if (!this.reachable) return;
    this.reachable = false;
    this.logger.warn(
      { code: 'store_unavailable', store: 'redis', err: errorName(error) },
      'session store unreachable; retrying',
    );
  }
}
