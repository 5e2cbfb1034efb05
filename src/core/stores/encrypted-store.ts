import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { OverturnError } from '../errors.js';
import {
  parseStoredJson,
  UnreadableSessionError,
  type SessionData,
  type SessionRecord,
  type SessionStore,
} from '../session-store.js';

/** A 256-bit key and its id (the first 8 hex digits of its SHA-256: safe to store and log). */
export interface SessionKey {
  id: string;
  bytes: Buffer;
}

export interface Keyring {
  /** Encrypts every write. */
  current: SessionKey;
  /** Still decrypt sessions written before a rotation; never used to write. */
  previous: SessionKey[];
}

const BLOB_MARK = '$overturn-enc';
const ALGORITHM = 'aes-256-gcm';

/** How an encrypted session is stored: nothing in it but ids and ciphertext. */
interface EncryptedBlob {
  [BLOB_MARK]: 1;
  alg: 'A256GCM';
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

/** Reads a key given as 64 hex digits or base64 of 32 bytes (`openssl rand -base64 32`). */
export function parseSessionKey(text: string): SessionKey {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : null;
  if (bytes?.length !== 32) {
    throw new OverturnError(
      'config_invalid',
      'an encryption key must be 32 bytes, as base64 (openssl rand -base64 32) or 64 hex digits',
    );
  }
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export function isEncryptedBlob(data: SessionData): data is SessionData & EncryptedBlob {
  return (
    data[BLOB_MARK] === 1 &&
    data.alg === 'A256GCM' &&
    typeof data.kid === 'string' &&
    typeof data.iv === 'string' &&
    typeof data.tag === 'string' &&
    typeof data.ct === 'string'
  );
}

/** Passes every call to the inner store; the wrappers below override only what they change. */
abstract class WrappedSessionStore implements SessionStore {
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

/**
 * Encrypts each session with AES-256-GCM before it reaches the inner store,
 * whatever that store is. The conversation key is authenticated with the data,
 * so a blob copied to another conversation does not decrypt. Sessions saved
 * before encryption was turned on are still read, and encrypted on their next write.
 */
export class EncryptedSessionStore extends WrappedSessionStore {
  private readonly keys: Map<string, SessionKey>;

  constructor(
    inner: SessionStore,
    private readonly keyring: Keyring,
  ) {
    super(inner);
    this.keys = new Map([keyring.current, ...keyring.previous].map((k) => [k.id, k]));
  }

  override async get(key: string): Promise<SessionRecord | null> {
    const record = await this.inner.get(key);
    if (!record || !isEncryptedBlob(record.data)) return record;
    return {
      data: this.decrypt(key, record.data, record.version),
      version: record.version,
    };
  }

  override put(
    key: string,
    data: SessionData,
    expectedVersion: number | null,
    ttlSeconds: number,
  ): Promise<number | null> {
    return this.inner.put(key, this.encrypt(key, data), expectedVersion, ttlSeconds);
  }

  private encrypt(key: string, data: SessionData): SessionData {
    const { current } = this.keyring;
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, current.bytes, iv);
    cipher.setAAD(Buffer.from(key, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    const blob: EncryptedBlob = {
      [BLOB_MARK]: 1,
      alg: 'A256GCM',
      kid: current.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ct: ct.toString('base64'),
    };
    return { ...blob };
  }

  private decrypt(key: string, blob: EncryptedBlob, version: number): SessionData {
    const secret = this.keys.get(blob.kid);
    if (!secret) {
      throw new OverturnError(
        'config_invalid',
        `a session is encrypted with key ${blob.kid}, which is not configured (known: ${[...this.keys.keys()].join(', ')}); ` +
          'after a rotation, put the old key in SESSION_ENCRYPTION_KEY_PREVIOUS',
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, secret.bytes, Buffer.from(blob.iv, 'base64'));
      decipher.setAAD(Buffer.from(key, 'utf8'));
      decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
      const json = Buffer.concat([decipher.update(Buffer.from(blob.ct, 'base64')), decipher.final()]).toString('utf8');
      return parseStoredJson(json, version);
    } catch (cause) {
      throw new UnreadableSessionError(`the session encrypted with key ${blob.kid} failed authentication`, version, {
        cause,
      });
    }
  }
}

/**
 * Used when no key is configured: if sessions were encrypted earlier, say so
 * plainly instead of treating them as garbage and overwriting them.
 */
export class PlaintextSessionStore extends WrappedSessionStore {
  override async get(key: string): Promise<SessionRecord | null> {
    const record = await this.inner.get(key);
    if (record && isEncryptedBlob(record.data)) {
      const kid = String(record.data.kid);
      throw new OverturnError(
        'config_invalid',
        `a session is encrypted with key ${kid}, but SESSION_ENCRYPTION_KEY is not set`,
      );
    }
    return record;
  }
}
