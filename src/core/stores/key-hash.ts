import { createHmac } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { SessionData, SessionRecord, SessionStore } from '../session-store.js';
import { WrappedSessionStore } from './wrapped-store.js';

/** Stored keys look like `k1.<43 base64url characters>`; a raw conversation key always holds `:`. */
const HASHED_PREFIX = 'k1.';

export function isHashedKey(key: string): boolean {
  return key.startsWith(HASHED_PREFIX) && !key.includes(':');
}

/** HMAC-SHA256 of a conversation key: what the stores hold instead of the raw ids. */
export function hashKey(secret: Buffer, key: string): string {
  return HASHED_PREFIX + createHmac('sha256', secret).update(key, 'utf8').digest('base64url');
}

/** A store that can rename its existing rows in place (SQLite, Redis); returns how many it renamed. */
export interface KeyMigratable {
  renameKeys(rename: (key: string) => string | null): Promise<number>;
}

export interface HashedKeyOptions {
  secrets: { current: Buffer; previous: Buffer[] };
  /** The session expiry, for a session found under a previous secret's hash and moved to the current one. */
  ttlSeconds: number;
  /** Raw keys remembered for translating other processes' "forget me" (hash → raw). */
  rememberKeys?: number;
}

/**
 * Stores sessions under a keyed hash of the conversation key, so a copy of the
 * file, a backup or Redis read access reveals neither the web cookie nor the
 * platform user ids. The raw key lives only in this process's memory: the hash
 * alone cannot be reversed, so "forget me" announced by another process (by
 * hash) is translated back through the keys this process has seen lately.
 *
 * Sits inside the encryption wrapper: the raw key stays the ciphertext's
 * associated data, so rows keep decrypting after they are renamed.
 */
export class HashedKeySessionStore extends WrappedSessionStore {
  private readonly rawKeys: LRUCache<string, string>;

  constructor(
    inner: SessionStore,
    private readonly options: HashedKeyOptions,
  ) {
    super(inner);
    this.rawKeys = new LRUCache({ max: options.rememberKeys ?? 50_000 });
  }

  /** Renames rows that still carry a raw conversation key (written before hashing); returns how many. */
  static migrate(store: SessionStore & Partial<KeyMigratable>, secret: Buffer): Promise<number> {
    return store.renameKeys?.((key) => (isHashedKey(key) ? null : hashKey(secret, key))) ?? Promise.resolve(0);
  }

  override async get(key: string): Promise<SessionRecord | null> {
    const stored = this.hashed(key);
    const record = await this.inner.get(stored);
    if (record) return record;
    return this.moveFromPreviousSecret(key, stored);
  }

  override put(
    key: string,
    data: SessionData,
    expectedVersion: number | null,
    ttlSeconds: number,
  ): Promise<number | null> {
    return this.inner.put(this.hashed(key), data, expectedVersion, ttlSeconds);
  }

  /** Deletes under every hash the session may still be stored under: forgotten means gone. */
  override async delete(key: string): Promise<void> {
    await this.inner.delete(this.hashed(key));
    for (const secret of this.options.secrets.previous) await this.inner.delete(hashKey(secret, key));
  }

  override onRemoteDelete(listener: (key: string) => void): void {
    this.inner.onRemoteDelete?.((stored) => {
      const raw = this.rawKeys.get(stored);
      // Unknown here: this process holds nothing for that conversation.
      if (raw !== undefined) listener(raw);
    });
  }

  private hashed(key: string): string {
    const stored = hashKey(this.options.secrets.current, key);
    this.rawKeys.set(stored, key);
    return stored;
  }

  /** After a secret change (a rotated encryption key), a session is found under its old hash and moved. */
  private async moveFromPreviousSecret(key: string, stored: string): Promise<SessionRecord | null> {
    for (const secret of this.options.secrets.previous) {
      const old = hashKey(secret, key);
      const record = await this.inner.get(old);
      if (!record) continue;
      const version = await this.inner.put(stored, record.data, null, this.options.ttlSeconds);
      // Another process moved it first: read its copy.
      if (version === null) return this.inner.get(stored);
      await this.inner.delete(old);
      return { data: record.data, version };
    }
    return null;
  }
}
