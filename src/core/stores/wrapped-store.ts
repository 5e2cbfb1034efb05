import type { SessionData, SessionRecord, SessionStore } from '../session-store.js';

/** Passes every call to the inner store; each wrapper overrides only what it changes. */
export abstract class WrappedSessionStore implements SessionStore {
  constructor(protected readonly inner: SessionStore) {}

  get(key: string): Promise<SessionRecord | null> {
    return this.inner.get(key);
  }

  put(key: string, data: SessionData, expectedVersion: number | null, ttlSeconds: number): Promise<number | null> {
    return this.inner.put(key, data, expectedVersion, ttlSeconds);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  onRemoteDelete(listener: (key: string) => void): void {
    this.inner.onRemoteDelete?.(listener);
  }
}
