/**
 * Runs work one at a time per key, in the order it was handed in: one
 * conversation's turns (and, in the adapters, the posting of their replies)
 * never overtake each other, while other conversations run alongside.
 */
export class OrderedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every key's work, including work queued meanwhile, has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}

/**
 * Work started in the background (after a platform was acknowledged), kept so
 * shutdown and tests can wait for it. A failure goes to `onError`; the
 * tracked task itself never rejects.
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  run(work: () => Promise<unknown>, onError: (error: unknown) => void): void {
    const task: Promise<void> = work()
      .then(() => undefined, onError)
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves once every task, including ones started meanwhile, has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
