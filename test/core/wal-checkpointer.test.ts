import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteSessionStore } from '../../src/core/stores/sqlite-store.js';
import { WalCheckpointer } from '../../src/core/stores/wal-checkpointer.js';

const root = mkdtempSync(join(tmpdir(), 'overturn-checkpoints-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sizeOf = (file: string) => statSync(file).size;

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('checkpoints off the event loop', () => {
  it('copies the log into the file from its own thread, not on the event loop, as often as SQLite would', async () => {
    const file = join(root, 'copied', 'sessions.db');
    const store = new SqliteSessionStore({ file, purgeEveryMs: 0 });
    const empty = sizeOf(file);
    // A write adds at least 4 pages to the log (the row, two indexes, the version counter): by the 250th,
    // SQLite would have checkpointed on this connection, and the file would have grown before put returned.
    for (let i = 0; i < 250; i += 1) {
      await store.put(`slack:T1:U${i}`, { notes: ['x'.repeat(1_000)] }, null, 3600);
      expect(sizeOf(file)).toBe(empty);
    }
    expect(await until(() => sizeOf(file) > empty + 250_000)).toBe(true);
    // Every session is readable from the file alone once the store is closed.
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 250 });
    db.close();
  });

  it('tells its store when its thread stops, so the store checkpoints for itself again', async () => {
    let stopped = 0;
    const checkpointer = new WalCheckpointer(join(root, 'missing', 'sessions.db'), () => {
      stopped += 1;
    });
    expect(await until(() => stopped === 1)).toBe(true);
    expect(checkpointer.running).toBe(false);
    await expect(checkpointer.truncate()).rejects.toThrow('stopped');
    await checkpointer.close();
    expect(stopped).toBe(1);
  });
});
