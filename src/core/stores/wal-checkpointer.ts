import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the thread copies the log into the database file. */
const DEFAULT_EVERY_MS = 1_000;

// Plain CommonJS run by the thread itself: no loader is needed, from src/ (tsx) or from dist/ alike.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
const timer = setInterval(() => { try { checkpoint('PASSIVE'); } catch {} }, workerData.everyMs);
parentPort.on('message', ({ id, mode }) => {
  try { checkpoint(mode); parentPort.postMessage({ id }); }
  catch (error) { parentPort.postMessage({ id, error: String(error && error.code || 'error') }); }
});
`;

interface Reply {
  id: number;
  error?: string;
}

/**
 * Copies a WAL-mode SQLite file's log into the file from a thread of its own. A checkpoint ends
 * with an fsync, and on a disk other processes are writing to that can take hundreds of
 * milliseconds (benchmark "stores"): on the connection that answers the platforms it stopped every
 * conversation for that long. That connection sets `wal_autocheckpoint = 0` while this runs.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private alive = true;

  /** `onStop` runs once if the thread ends before `close`, so its connection checkpoints for itself again. */
  constructor(file: string, onStop: () => void, everyMs = DEFAULT_EVERY_MS) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { driver, file, everyMs } });
    // It must never keep a finished process alive.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error !== undefined) waiter?.reject(new Error(`checkpoint failed (${reply.error})`));
      else waiter?.resolve();
    });
    const stopped = () => {
      if (!this.alive) return;
      this.alive = false;
      for (const waiter of this.waiting.values()) waiter.reject(new Error('the checkpoint thread stopped'));
      this.waiting.clear();
      onStop();
    };
    this.worker.on('error', stopped);
    this.worker.on('exit', stopped);
  }

  get running(): boolean {
    return this.alive;
  }

  /**
   * Copies the whole log into the file and empties it, off the event loop: after a deletion, so the
   * old copies of a row are gone from disk when it resolves. If another process is reading, SQLite
   * finishes the job at its next checkpoint.
   */
  truncate(): Promise<void> {
    if (!this.alive) return Promise.reject(new Error('the checkpoint thread stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, mode: 'TRUNCATE' });
    });
  }

  async close(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
