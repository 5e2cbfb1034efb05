/**
 * Where sessions live. Values are plain JSON objects; each write carries the
 * version it read, so two replicas writing the same conversation cannot
 * silently overwrite each other (optimistic concurrency).
 */
export type SessionData = Record<string, unknown>;

export interface SessionRecord {
  data: SessionData;
  /** Increases by one on every successful write. */
  version: number;
}

export interface SessionStore {
  get(key: string): Promise<SessionRecord | null>;
  /**
   * Writes `data` if the stored version is still `expectedVersion` (`null`: the key must not exist).
   * Returns the new version, or `null` when another writer got there first.
   * `ttlSeconds` restarts the inactivity expiry.
   */
  put(key: string, data: SessionData, expectedVersion: number | null, ttlSeconds: number): Promise<number | null>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** Sessions in this process's memory: tests, the terminal chat, and benchmarks. */
export class MemorySessionStore implements SessionStore {
  private readonly items = new Map<string, { json: string; version: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<SessionRecord | null> {
    const item = this.items.get(key);
    if (!item) return null;
    if (item.expiresAt <= this.now()) {
      this.items.delete(key);
      return null;
    }
    // Stored as JSON so callers never share mutable objects with the store.
    return { data: JSON.parse(item.json) as SessionData, version: item.version };
  }

  async put(key: string, data: SessionData, expectedVersion: number | null, ttlSeconds: number): Promise<number | null> {
    const current = await this.get(key);
    if ((current?.version ?? null) !== expectedVersion) return null;
    const version = (current?.version ?? 0) + 1;
    this.items.set(key, { json: JSON.stringify(data), version, expiresAt: this.now() + ttlSeconds * 1000 });
    return version;
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
}
