import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * `npx tsx bench/experiments/sqlite-layout.ts`: bytes on disk per session and
 * put/get time for the sessions table as src/core/stores/sqlite-store.ts
 * created it in schema 1 (WITHOUT ROWID) and creates it now (schema 2, an
 * ordinary rowid table), for session rows
 * of the sizes the bench sees. In a WITHOUT ROWID table a row longer than about
 * 1 000 bytes (4 KiB pages) moves to overflow pages of its own.
 */
const ROWS = 5000;
const SIZES = [
  ['plain seed session (704 B JSON)', 704],
  ['same, encrypted (AES-GCM, base64)', 1060],
  ['Teams session with its conversation reference, plain', 1500],
  ['Teams session, encrypted', 2100],
] as const;

const layouts = {
  'WITHOUT ROWID (schema 1)':
    'CREATE TABLE sessions (key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID',
  'rowid table (schema 2, current)':
    'CREATE TABLE sessions (key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL, expires_at INTEGER NOT NULL)',
};

for (const [label, size] of SIZES) {
  for (const [layout, ddl] of Object.entries(layouts)) {
    const dir = mkdtempSync(join(tmpdir(), 'overturn-layout-'));
    const file = join(dir, 'sessions.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    db.exec(ddl);
    db.exec('CREATE INDEX sessions_expires_at ON sessions (expires_at)');
    const empty = statSync(file).size;
    const upsert = db.prepare(
      'INSERT INTO sessions (key, version, data, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET version = excluded.version, data = excluded.data, expires_at = excluded.expires_at',
    );
    const select = db.prepare('SELECT version, data FROM sessions WHERE key = ? AND expires_at > ?');
    const payload = (i: number) =>
      JSON.stringify({
        n: i,
        d: randomBytes(Math.ceil(size * 0.75))
          .toString('base64')
          .slice(0, size - 20),
      });
    const key = (i: number) => `slack:T0BENCH0001:U${String(i).padStart(10, '0')}`;
    let start = performance.now();
    for (let i = 0; i < ROWS; i += 1)
      db.transaction(() => upsert.run(key(i), i, payload(i), Date.now() + 1e9)).immediate();
    const putUs = ((performance.now() - start) / ROWS) * 1000;
    start = performance.now();
    for (let i = 0; i < ROWS; i += 1) select.get(key((i * 7919) % ROWS), Date.now());
    const getUs = ((performance.now() - start) / ROWS) * 1000;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const perRow = (statSync(file).size - empty) / ROWS;
    console.log(
      `${label.padEnd(54)} ${layout.padEnd(22)} ${perRow.toFixed(0).padStart(6)} B/session  put ${putUs.toFixed(1)} µs  get ${getUs.toFixed(1)} µs`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
}
