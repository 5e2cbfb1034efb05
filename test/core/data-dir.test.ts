import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { createSessionStore, storeConfigFromEnv } from '../../src/core/stores/index.js';

const root = mkdtempSync(join(tmpdir(), 'overturn-datadir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const open = (dataDir: string) => createSessionStore(storeConfigFromEnv({ DATA_DIR: dataDir }), silentLogger);

describe('DATA_DIR problems stop start-up with the setting and the path named', () => {
  it('a file where the directory should be', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(open(file)).rejects.toThrow(`DATA_DIR (${file}) is a file, not a directory`);
    await expect(open(join(file, 'below'))).rejects.toThrow(/DATA_DIR \(.*a-file\/below\) cannot be created/);
  });

  it('a path under /proc fails at once instead of hanging', async () => {
    await expect(open('/proc/self/overturn')).rejects.toThrow(
      /DATA_DIR \(\/proc\/self\/overturn\) is on a system file system/,
    );
    await expect(open('/proc/1')).rejects.toThrow(/DATA_DIR \(\/proc\/1\)/);
  });

  it('a database file SQLite cannot open', async () => {
    const dir = join(root, 'blocked');
    mkdirSync(join(dir, 'sessions.db'), { recursive: true });
    await expect(open(dir)).rejects.toThrow(`DATA_DIR (${dir}): cannot open sessions.db`);
  });

  it.skipIf(process.getuid?.() === 0)('a directory this process may not write', async () => {
    const dir = join(root, 'read-only');
    mkdirSync(dir, { mode: 0o500 });
    await expect(open(dir)).rejects.toThrow(`DATA_DIR (${dir}) is not writable by this process`);
  });
});
