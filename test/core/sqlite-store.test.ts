import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableSessionError } from '../../src/core/session-store.js';
import { SqliteSessionStore } from '../../src/core/stores/sqlite-store.js';
import { notesEngine, text, textsOf } from './notes-flow.js';
import { manualClock, sessionStoreContract } from './store-contract.js';

const root = mkdtempSync(join(tmpdir(), 'overturn-sqlite-'));
let counter = 0;
const freshFile = () => {
  counter += 1;
  return join(root, `run-${counter}`, 'sessions.db');
};

afterAll(() => rmSync(root, { recursive: true, force: true }));

sessionStoreContract('sqlite', async () => {
  const clock = manualClock();
  const store = new SqliteSessionStore({ file: freshFile(), now: clock.now, purgeEveryMs: 0 });
  return { store, elapse: clock.elapse, close: () => store.close() };
});

/** Every byte SQLite has on disk for this database: the file, its WAL and shared memory. */
function bytesOnDisk(file: string): Buffer {
  const dir = join(file, '..');
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}

describe('SqliteSessionStore', () => {
  it('keeps sessions across a close and reopen of the file', async () => {
    const file = freshFile();
    const first = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    const version = await first.put('slack:T1:U1', { step: 'drug' }, null, 3600);
    await first.close();
    const second = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    expect(await second.get('slack:T1:U1')).toEqual({ data: { step: 'drug' }, version });
    const next = await second.put('slack:T1:U1', { step: 'reason' }, version, 3600);
    expect(next).not.toBeNull();
    expect(next).not.toBe(version);
    await second.close();
  });

  it('upgrades a file written by schema version 1 (WITHOUT ROWID) in place, keeping its sessions', async () => {
    const file = freshFile();
    const first = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    await first.close();
    // Recreate the version 1 layout by hand, as an older release left it.
    const old = new Database(file);
    old.exec(`
      DROP TABLE sessions;
      CREATE TABLE sessions (key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO sessions VALUES ('web:local:u1', 7, '{"step":"plan"}', ${Date.now() + 3_600_000});
      UPDATE store_meta SET value = 7 WHERE name = 'last_version';
      PRAGMA user_version = 1;
    `);
    old.close();
    const upgraded = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    expect(await upgraded.get('web:local:u1')).toEqual({ data: { step: 'plan' }, version: 7 });
    expect(await upgraded.put('web:local:u1', { step: 'stage' }, 7, 3600)).toBe(8);
    await upgraded.close();
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(2);
    const ddl = check.prepare("SELECT sql FROM sqlite_master WHERE name = 'sessions'").get() as { sql: string };
    expect(ddl.sql).not.toMatch(/WITHOUT ROWID/i);
    check.close();
  });

  it('creates the data directory and file readable by the owner only', async () => {
    const file = freshFile();
    const store = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    await store.close();
  });

  it('purges expired rows from the file even if nobody reads them again', async () => {
    const file = freshFile();
    const clock = manualClock();
    const store = new SqliteSessionStore({ file, now: clock.now, purgeEveryMs: 0 });
    await store.put('old', { n: 1 }, null, 60);
    await store.put('young', { n: 2 }, null, 3600);
    await clock.elapse(120);
    expect(store.purgeExpired()).toBe(1);
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT key FROM sessions').all()).toEqual([{ key: 'young' }]);
    db.close();
    await store.close();
  });

  it('leaves no readable trace of a forgotten session in the file or its log', async () => {
    const file = freshFile();
    const store = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    let version: number | null = null;
    for (let turn = 0; turn < 5; turn += 1) {
      version = await store.put('slack:T1:U1', { drug: 'FORGET-ME-MARKER-ocrevus', turn }, version, 3600);
    }
    await store.put('slack:T1:U2', { drug: 'kept' }, null, 3600);
    expect(bytesOnDisk(file).includes('FORGET-ME-MARKER')).toBe(true);
    await store.delete('slack:T1:U1');
    expect(bytesOnDisk(file).includes('FORGET-ME-MARKER')).toBe(false);
    expect((await store.get('slack:T1:U2'))?.data).toEqual({ drug: 'kept' });
    await store.close();
  });

  it('lets two processes share one file without lost updates', async () => {
    const file = freshFile();
    const a = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    const b = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    const v1 = (await a.put('k', { by: 'a' }, null, 3600))!;
    expect(await b.put('k', { by: 'b' }, v1, 3600)).not.toBeNull();
    expect(await a.put('k', { by: 'a again' }, v1, 3600)).toBeNull();
    expect((await a.get('k'))?.data).toEqual({ by: 'b' });
    await a.close();
    await b.close();
  });

  it('reports a damaged row as unreadable, so the user starts over instead of being stuck', async () => {
    const file = freshFile();
    const store = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    const version = (await store.put('slack:T1:U1', { n: 1 }, null, 3600))!;
    const db = new Database(file);
    db.prepare('UPDATE sessions SET data = ? WHERE key = ?').run('{"flow":"notes", truncated', 'slack:T1:U1');
    db.close();
    const error = await store.get('slack:T1:U1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableSessionError);
    expect((error as UnreadableSessionError).version).toBe(version);
    const replies = textsOf(await notesEngine(store).handle(text('slack:T1:U1', 'cigna')));
    expect(replies).toEqual([expect.stringMatching(/let's start over/), '#1:cigna']);
    await store.close();
  });
});
