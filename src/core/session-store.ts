import { isRecord } from './json.js';
import { OverturnError } from './errors.js';

/**
 * Where sessions live. Values are plain JSON objects; each write carries the
 * version it read, so two replicas writing the same conversation cannot
 * silently overwrite each other (optimistic concurrency).
 */
export type SessionData = Record<string, unknown>;

export interface SessionRecord {
  data: SessionData;
  /**
   * Changes on every successful write and is never reused for a key, even
   * after `delete`: a writer that read a conversation before "forget me"
   * can therefore never overwrite the conversation that starts after it.
   */
  version: number;
}

export interface SessionStore {
  get(key: string): Promise<SessionRecord | null>;
  /**
   * Writes `data` if the stored version is still `expectedVersion` (`null`: the key must not exist).
   * Returns the new version, or `null` when another writer got there first.
   * `ttlSeconds` restarts the inactivity expiry (fractions of a second are allowed).
   */
  put(key: string, data: SessionData, expectedVersion: number | null, ttlSeconds: number): Promise<number | null>;
  /** Removes the session now (the "forget me" path); deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Stores shared by several processes tell each process when another one
   * deleted a session, so it can drop what it keeps in memory (letters waiting
   * for download, kept inputs). Stores used by one process leave this out.
   */
  onRemoteDelete?(listener: (key: string) => void): void;
}

/**
 * A stored session exists but cannot be read (e.g. it fails decryption).
 * Carries the version so the engine can start over in its place.
 */
export class UnreadableSessionError extends OverturnError {
  constructor(
    message: string,
    readonly version: number,
    options?: { cause?: unknown },
  ) {
    super('session_unreadable', message, options);
    this.name = 'UnreadableSessionError';
  }
}

/** Parses a stored JSON value; damaged JSON is an unreadable session, not a store outage. */
export function parseStoredJson(json: string, version: number): SessionData {
  try {
    const data: unknown = JSON.parse(json);
    if (isRecord(data)) return data;
  } catch (cause) {
    throw new UnreadableSessionError('stored session is not valid JSON', version, { cause });
  }
  throw new UnreadableSessionError('stored session is not a JSON object', version);
}

/** Sessions in this process's memory: tests, the terminal chat, and benchmarks. */
export class MemorySessionStore implements SessionStore {
  private readonly items = new Map<string, { json: string; version: number; expiresAt: number }>();
  /** Store-wide, so a re-created key never gets a version an old reader holds. */
  private lastVersion = 0;
  private writesSinceSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<SessionRecord | null> {
    const item = this.live(key);
    // Stored as JSON so callers never share mutable objects with the store.
    return item ? { data: parseStoredJson(item.json, item.version), version: item.version } : null;
  }

  async put(
    key: string,
    data: SessionData,
    expectedVersion: number | null,
    ttlSeconds: number,
  ): Promise<number | null> {
    const current = this.live(key);
    if ((current?.version ?? null) !== expectedVersion) return null;
    this.lastVersion += 1;
    this.sweepNowAndThen();
    this.items.set(key, {
      json: JSON.stringify(data),
      version: this.lastVersion,
      expiresAt: this.now() + ttlSeconds * 1000,
    });
    return this.lastVersion;
  }

  async delete(key: string): Promise<void> {
    this.items.delete(key);
  }

  async close(): Promise<void> {
    this.items.clear();
  }

  get size(): number {
    return this.items.size;
  }

  /** Expired sessions hold health data too: drop them even if nobody reads them again. */
  private sweepNowAndThen(): void {
    this.writesSinceSweep += 1;
    if (this.writesSinceSweep < 256) return;
    this.writesSinceSweep = 0;
    const now = this.now();
    for (const [key, item] of this.items) if (item.expiresAt <= now) this.items.delete(key);
  }

  private live(key: string): { json: string; version: number; expiresAt: number } | undefined {
    const item = this.items.get(key);
    if (item && item.expiresAt <= this.now()) {
      this.items.delete(key);
      return undefined;
    }
    return item;
  }
}
