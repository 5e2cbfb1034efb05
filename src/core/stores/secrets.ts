import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { OverturnError } from '../errors.js';
import { errnoCode } from './data-dir.js';
import { parseSessionKey } from './encrypted-store.js';

/** Where the server secret comes from, in order of preference. */
export type SecretSource = 'SESSION_SECRET' | 'SESSION_ENCRYPTION_KEY' | 'generated';

/**
 * Two keys derived from one server secret: one keys the hash of stored
 * conversation keys, the other signs web session ids. `previous` are the
 * keys of secrets that may still have been used (an encryption key before a
 * rotation, a generated secret before SESSION_SECRET was set): still accepted, never used to write.
 */
export interface ServerSecrets {
  source: SecretSource;
  /** First 8 hex digits of the current secret's SHA-256: safe to log. */
  id: string;
  keyHash: { current: Buffer; previous: Buffer[] };
  sessionId: { current: Buffer; previous: Buffer[] };
}

export interface SecretSettings {
  dataDir: string;
  redisUrl?: string;
  /** SESSION_SECRET: at least 32 characters. */
  secret?: string;
  encryptionKeys?: { current: string; previous: string[] };
}

export const GENERATED_SECRET_FILE = 'session-secret';
export const MIN_SECRET_LENGTH = 32;

function derive(root: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', root, 'overturn', purpose, 32));
}

function readGenerated(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 32) {
    throw new OverturnError('config_invalid', `${file} is damaged: delete it to make a new one, or set SESSION_SECRET`);
  }
  return bytes;
}

/**
 * A secret made on first start and kept beside the sessions, so a laptop needs
 * no setting. Created exclusively: two processes starting together agree on one.
 */
function generatedSecret(dataDir: string, create: boolean): Buffer | null {
  const file = join(dataDir, GENERATED_SECRET_FILE);
  const existing = readGenerated(file);
  if (existing || !create) return existing;
  const secret = randomBytes(32);
  // Written aside, then linked into place: another process never reads a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return readGenerated(file);
    throw error;
  } finally {
    unlinkSync(draft);
  }
  return secret;
}

/**
 * The server secret: SESSION_SECRET, else derived from SESSION_ENCRYPTION_KEY,
 * else generated in DATA_DIR. With Redis the processes must share it, and a
 * file per process would not be shared, so one of the two settings is required.
 * Call after DATA_DIR exists (the store creates it).
 */
export function serverSecrets(settings: SecretSettings): ServerSecrets {
  const roots: Array<{ source: SecretSource; bytes: Buffer }> = [];
  if (settings.secret) roots.push({ source: 'SESSION_SECRET', bytes: Buffer.from(settings.secret, 'utf8') });
  if (settings.encryptionKeys) {
    const { current, previous } = settings.encryptionKeys;
    for (const key of [current, ...previous])
      roots.push({ source: 'SESSION_ENCRYPTION_KEY', bytes: parseSessionKey(key).bytes });
  }
  if (roots.length === 0 && settings.redisUrl) {
    throw new OverturnError(
      'config_invalid',
      'REDIS_URL is set but SESSION_SECRET is not: every process sharing Redis needs the same secret ' +
        '(openssl rand -base64 32), or set SESSION_ENCRYPTION_KEY',
    );
  }
  if (!settings.redisUrl) {
    const generated = generatedSecret(settings.dataDir, roots.length === 0);
    if (generated) roots.push({ source: 'generated', bytes: generated });
  }
  const [current, ...previous] = roots;
  if (!current) throw new OverturnError('config_invalid', 'no server secret: set SESSION_SECRET');
  return {
    source: current.source,
    id: createHash('sha256').update(current.bytes).digest('hex').slice(0, 8),
    keyHash: {
      current: derive(current.bytes, 'stored conversation keys'),
      previous: previous.map((root) => derive(root.bytes, 'stored conversation keys')),
    },
    sessionId: {
      current: derive(current.bytes, 'web session ids'),
      previous: previous.map((root) => derive(root.bytes, 'web session ids')),
    },
  };
}

/** Secrets for one process only (tests, a bench): nothing is written anywhere. */
export function ephemeralSecrets(): ServerSecrets {
  return serverSecrets({ dataDir: '', redisUrl: 'none', secret: randomBytes(32).toString('base64') });
}
