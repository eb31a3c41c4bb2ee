/**
 * Work done after Feishu has been answered. Tasks of one chat run one after another, so replies keep
 * the order the messages were written in; every task is tracked, so tests and shutdown can wait for
 * the adapter to fall idle.
 */
export class WorkQueue {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after the earlier tasks of `key`; the result is the task's own. */
  enqueue<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    this.track(settled);
    return result;
  }

  /** Tracks work that belongs to no chat queue (e.g. what follows an answered card callback). */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  /** Resolves when no work is left, including work started by work that was running. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

export { within } from '../../src/core/deadline.ts';
