import type { SessionData, SessionRecord, SessionStore } from '../../src/core/session-store.js';

/** Wraps a store and fails on demand, like a database that stops answering. */
export class FaultyStore implements SessionStore {
  /** Every call fails. */
  down = false;
  /** The next write reaches the store, but the caller is told it failed (a lost reply). */
  loseNextPutReply = false;
  /** Deletes fail. */
  failDeletes = false;

  constructor(readonly inner: SessionStore) {}

  async get(key: string): Promise<SessionRecord | null> {
    this.check();
    return this.inner.get(key);
  }

  async put(
    key: string,
    data: SessionData,
    expectedVersion: number | null,
    ttlSeconds: number,
  ): Promise<number | null> {
    this.check();
    const version = await this.inner.put(key, data, expectedVersion, ttlSeconds);
    if (this.loseNextPutReply) {
      this.loseNextPutReply = false;
      throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
    }
    return version;
  }

  async delete(key: string): Promise<void> {
    this.check();
    if (this.failDeletes) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
    await this.inner.delete(key);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private check(): void {
    if (this.down) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' });
  }
}
