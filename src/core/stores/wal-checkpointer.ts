import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Plain CommonJS run by the thread itself: no loader is needed, from src/ (tsx) or from dist/ alike.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
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
 * milliseconds (benchmark "store-disk"): on the connection that answers the platforms it stopped
 * every conversation for that long. That connection sets `wal_autocheckpoint = 0` while this runs
 * and asks for a checkpoint as often as SQLite would have run one itself.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private alive = true;
  private copying = false;

  /** `onStop` runs once if the thread ends before `close`, so its connection checkpoints for itself again. */
  constructor(file: string, onStop: () => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { driver, file } });
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

  /** Copies what it can of the log into the file without waiting for readers or writers; one at a time. */
  copy(): void {
    if (!this.alive || this.copying) return;
    this.copying = true;
    this.request('PASSIVE')
      .catch(() => undefined)
      .finally(() => {
        this.copying = false;
      });
  }

  /**
   * Copies the whole log into the file and empties it, off the event loop: after a deletion, so the
   * old copies of a row are gone from disk when it resolves. If another process is reading, SQLite
   * finishes the job at its next checkpoint.
   */
  truncate(): Promise<void> {
    return this.request('TRUNCATE');
  }

  private request(mode: 'PASSIVE' | 'TRUNCATE'): Promise<void> {
    if (!this.alive) return Promise.reject(new Error('the checkpoint thread stopped'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, mode });
    });
  }

  async close(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
