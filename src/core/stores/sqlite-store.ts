import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyMigratable } from './key-hash.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { parseStoredJson, type SessionData, type SessionRecord, type SessionStore } from '../session-store.js';

export interface SqliteStoreOptions {
  /** The database file, e.g. `./data/sessions.db`. */
  file: string;
  now?: () => number;
  /** How often expired rows are purged even if nobody reads them; 0 turns the timer off. */
  purgeEveryMs?: number;
  /**
   * Where the log is copied into the file: `thread` (default), a thread of its own started with the
   * first write, so the fsync that ends a checkpoint does not stop the event loop; `inline`, SQLite's
   * own automatic checkpoints on this connection (the benchmark's "before").
   */
  checkpoints?: 'thread' | 'inline';
}

const SCHEMA_VERSION = 2;
/**
 * Writes between two checkpoints: a session write adds about four pages to the log, so this is about the
 * 1,000 pages at which SQLite checkpoints by itself. More often would mean more fsyncs, each of
 * which can hold up other writes to the disk, the event loop's among them.
 */
const WRITES_PER_CHECKPOINT = 250;

/**
 * Sessions in one SQLite file: the zero-configuration default. WAL mode lets
 * several processes on one machine share the file; each write is one
 * immediate transaction that checks the version it read.
 */
export class SqliteSessionStore implements SessionStore, KeyMigratable {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly selectOne;
  private readonly selectAny;
  private readonly nextVersion;
  private readonly upsert;
  private readonly deleteKey;
  private readonly deleteExpired;
  private readonly deleteExpiredKey;
  private readonly putTx;
  private readonly file: string;
  private readonly checkpointsInThread: boolean;
  private checkpointer: WalCheckpointer | null = null;
  private writesSinceCheckpoint = 0;

  constructor(options: SqliteStoreOptions) {
    this.now = options.now ?? Date.now;
    this.file = options.file;
    this.checkpointsInThread = (options.checkpoints ?? 'thread') === 'thread';
    mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    this.db = new Database(options.file);
    // Health data: only the owner may read the file.
    chmodSync(options.file, 0o600);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // Freed pages are zeroed, so a forgotten or expired session leaves no readable remains in the file.
    this.db.pragma('secure_delete = ON');
    this.migrate();

    this.selectOne = this.db.prepare<[string], { version: number; data: string; expires_at: number }>(
      'SELECT version, data, expires_at FROM sessions WHERE key = ?',
    );
    this.selectAny = this.db.prepare<[string], { version: number; expires_at: number }>(
      'SELECT version, expires_at FROM sessions WHERE key = ?',
    );
    this.nextVersion = this.db.prepare<[], { value: number }>(
      "UPDATE store_meta SET value = value + 1 WHERE name = 'last_version' RETURNING value",
    );
    this.upsert = this.db.prepare<[string, number, string, number]>(
      `INSERT INTO sessions (key, version, data, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET version = excluded.version, data = excluded.data, expires_at = excluded.expires_at`,
    );
    this.deleteKey = this.db.prepare<[string]>('DELETE FROM sessions WHERE key = ?');
    this.deleteExpired = this.db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?');
    this.deleteExpiredKey = this.db.prepare<[string, number]>('DELETE FROM sessions WHERE key = ? AND expires_at <= ?');
    this.putTx = this.db.transaction(
      (key: string, json: string, expected: number | null, expiresAt: number): number | null => {
        const row = this.selectAny.get(key);
        const current = row && row.expires_at > this.now() ? row.version : null;
        if (current !== expected) return null;
        const next = this.nextVersion.get();
        if (!next) throw new Error('the store_meta version row is missing');
        const version = next.value;
        this.upsert.run(key, version, json, expiresAt);
        return version;
      },
    );

    const every = options.purgeEveryMs ?? 60 * 60 * 1000;
    if (every > 0) {
      this.timer = setInterval(() => this.purgeExpired(), every);
      this.timer.unref();
    }
  }

  async get(key: string): Promise<SessionRecord | null> {
    const now = this.now();
    const row = this.selectOne.get(key);
    if (!row) return null;
    if (row.expires_at <= now) {
      if (this.deleteExpiredKey.run(key, now).changes > 0) await this.flushWal();
      return null;
    }
    return { data: parseStoredJson(row.data, row.version), version: row.version };
  }

  async put(
    key: string,
    data: SessionData,
    expectedVersion: number | null,
    ttlSeconds: number,
  ): Promise<number | null> {
    const expiresAt = this.now() + Math.ceil(ttlSeconds * 1000);
    this.startCheckpoints();
    // IMMEDIATE takes the write lock before reading, so no other process can slip in between the check and the write.
    const version = this.putTx.immediate(key, JSON.stringify(data), expectedVersion, expiresAt);
    this.writesSinceCheckpoint += 1;
    if (this.writesSinceCheckpoint >= WRITES_PER_CHECKPOINT && this.checkpointer?.running) {
      this.writesSinceCheckpoint = 0;
      this.checkpointer.copy();
    }
    return version;
  }

  async delete(key: string): Promise<void> {
    this.deleteKey.run(key);
    await this.flushWal();
  }

  /**
   * Renames rows in place (`rename` returns the new key, or null to leave a row
   * as it is). Where the new key already exists the old row is the stale one and
   * is deleted. The log is emptied afterwards so no old key stays on disk.
   */
  async renameKeys(rename: (key: string) => string | null): Promise<number> {
    const keys = this.db.prepare<[], { key: string }>('SELECT key FROM sessions').all();
    const move = this.db.prepare<[string, string]>('UPDATE OR IGNORE sessions SET key = ? WHERE key = ?');
    const renamed = this.db.transaction(() => {
      let count = 0;
      for (const { key } of keys) {
        const next = rename(key);
        if (next === null || next === key) continue;
        if (move.run(next, key).changes === 0) this.deleteKey.run(key);
        count += 1;
      }
      return count;
    })();
    if (renamed > 0) await this.flushWal();
    return renamed;
  }

  /** Removes every expired session from the file; returns how many. */
  purgeExpired(): number {
    const removed = this.deleteExpired.run(this.now()).changes;
    if (removed > 0) void this.flushWal().catch(() => undefined);
    return removed;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checkpointer?.close();
    this.checkpointer = null;
    // Closing may wait for the disk: nothing else is left to answer.
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  /**
   * Old copies of a row stay in the write-ahead log until a checkpoint; after
   * a deletion we checkpoint and truncate it so the data is gone from disk now.
   * If another process is reading, SQLite finishes the job at its next checkpoint.
   */
  private async flushWal(): Promise<void> {
    this.startCheckpoints();
    if (this.checkpointer?.running) {
      try {
        return await this.checkpointer.truncate();
      } catch {
        // The thread stopped meanwhile: this connection does it, as it now does every checkpoint.
      }
    }
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Hands the checkpoints to their thread, once; if it ever stops, SQLite's own come back. */
  private startCheckpoints(): void {
    if (!this.checkpointsInThread || this.checkpointer || !this.db.open) return;
    this.db.pragma('wal_autocheckpoint = 0');
    this.checkpointer = new WalCheckpointer(this.file, () => {
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    });
  }

  private migrate(): void {
    const current = () => Number(this.db.pragma('user_version', { simple: true }));
    if (current() >= SCHEMA_VERSION) return;
    const columns = 'key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL, expires_at INTEGER NOT NULL';
    this.db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have migrated while this one waited for the lock.
      const version = current();
      if (version < 1) {
        this.db.exec(`
          CREATE TABLE sessions (${columns});
          CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
          INSERT OR IGNORE INTO store_meta (name, value) VALUES ('last_version', 0);
        `);
      } else if (version < 2) {
        // Version 1 was a WITHOUT ROWID table, which moves every row over about 1 KB
        // (encrypted or Teams sessions) to overflow pages of its own: 3x the disk, slower reads.
        this.db.exec(`
          CREATE TABLE sessions_v2 (${columns});
          INSERT INTO sessions_v2 (key, version, data, expires_at) SELECT key, version, data, expires_at FROM sessions;
          DROP TABLE sessions;
          ALTER TABLE sessions_v2 RENAME TO sessions;
        `);
      }
      this.db.exec(`
        CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
        PRAGMA user_version = ${SCHEMA_VERSION};
        COMMIT;
      `);
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
