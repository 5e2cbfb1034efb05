import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MemoryJobStore, type JobStore } from '../../src/core/jobs/job-store.js';
import { RedisJobStore } from '../../src/core/stores/redis-jobs.js';
import { SqliteJobStore } from '../../src/core/stores/sqlite-jobs.js';
import { jobStoreContract } from './job-store-contract.js';
import { deleteByPrefix, rawRedis, REDIS_URL, uniquePrefix } from './redis-helpers.js';

const root = mkdtempSync(join(tmpdir(), 'overturn-jobs-'));
let counter = 0;
const raw = rawRedis();

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await raw.quit();
});

jobStoreContract('memory', async () => {
  const store = new MemoryJobStore();
  return { store, another: async () => store, close: () => store.close() };
});

jobStoreContract('sqlite', async () => {
  counter += 1;
  const file = join(root, `run-${counter}`, 'sessions.db');
  const open: JobStore[] = [new SqliteJobStore({ file })];
  return {
    store: open[0]!,
    another: async () => open[open.push(new SqliteJobStore({ file })) - 1]!,
    reopen: async () => {
      await open[0]!.close();
      open[0] = new SqliteJobStore({ file });
      return open[0];
    },
    close: async () => {
      for (const store of open) await store.close();
    },
  };
});

jobStoreContract('redis', async () => {
  const prefix = uniquePrefix('jobs');
  const connect = async () => {
    const store = new RedisJobStore({ url: REDIS_URL, keyPrefix: prefix });
    await store.connect();
    return store;
  };
  const open: JobStore[] = [await connect()];
  return {
    store: open[0]!,
    another: async () => open[open.push(await connect()) - 1]!,
    reopen: async () => {
      await open[0]!.close();
      open[0] = await connect();
      return open[0];
    },
    close: async () => {
      for (const store of open) await store.close();
      await deleteByPrefix(raw, prefix);
    },
  };
});
