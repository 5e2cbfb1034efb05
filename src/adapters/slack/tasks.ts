/**
 * Work that runs after Slack has been acknowledged (Slack wants an answer
 * within 3 seconds; a turn may take longer). Kept so shutdown and tests can
 * wait for it.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  /** Starts `work` now; `onError` sees its failure (the task itself never rejects). */
  run(work: () => Promise<void>, onError: (error: unknown) => void): void {
    const task = work().catch(onError);
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  /** Resolves once every task, including ones started meanwhile, has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
