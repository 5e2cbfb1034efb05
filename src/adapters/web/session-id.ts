import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys that sign session ids: `current` signs new ones, `previous` still verify (a changed secret). */
export interface SessionIdKeys {
  current: Buffer;
  previous: Buffer[];
}

const ID = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/;

function signature(key: Buffer, id: string): Buffer {
  return createHmac('sha256', key).update(`overturn web session ${id}`, 'utf8').digest();
}

/**
 * Web session ids the server issued: 256 random bits and an HMAC of them
 * (`<id>.<signature>`). A made-up or altered value does not verify, so a client
 * cannot mint sessions (or rate-limit buckets) of its own.
 */
export class SessionIds {
  constructor(private readonly keys: SessionIdKeys) {}

  /** A new id, and the cookie value that carries it with its signature. */
  issue(): { id: string; cookie: string } {
    const id = randomBytes(32).toString('base64url');
    return { id, cookie: `${id}.${signature(this.keys.current, id).toString('base64url')}` };
  }

  /** The session id inside a cookie value, or null when the server did not issue it. */
  verify(value: string): string | null {
    const [, id, sent] = ID.exec(value) ?? [];
    if (!id || !sent) return null;
    const given = Buffer.from(sent, 'base64url');
    for (const key of [this.keys.current, ...this.keys.previous]) {
      const expected = signature(key, id);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return id;
    }
    return null;
  }
}
