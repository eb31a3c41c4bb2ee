/**
 * Work that runs after Slack has been acknowledged. It is tracked so a shutdown (and a test) can wait for it
 * before the store closes, and its failures are logged here because nobody awaits them for a result.
 */
import type { Logger } from '../../src/core/logger.ts';

export class BackgroundTasks {
  private readonly live = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /**
   * Runs `work` on the next turn of the event loop; resolves when it is done, never rejects. Node writes an
   * HTTP response (the ack) on a process tick after the microtasks, so work started in the same turn would
   * hold the ack back until it first waits for I/O.
   */
  run(label: string, work: () => Promise<void>): Promise<void> {
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => this.logger.error({ err, task: label }, 'Slack work after the acknowledgement failed'))
      .finally(() => this.live.delete(task));
    this.live.add(task);
    return task;
  }

  /** Resolves when every task started so far, and any they started in turn, has finished. */
  async drain(): Promise<void> {
    while (this.live.size > 0) await Promise.allSettled([...this.live]);
  }
}
