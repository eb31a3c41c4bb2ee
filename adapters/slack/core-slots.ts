/**
 * How many messages the core works on at once for Slack; the rest wait their turn (first come, first
 * served). The core's work is CPU and database: under a burst, a few at a time keeps the event loop free
 * to acknowledge Slack within its 3 seconds and keeps the database load steady. Only the core's work takes
 * a slot — Slack calls (profile lookups, replies, rate-limit waits) do not, so a 429 on one reply never
 * holds up everyone else's.
 */
export const DEFAULT_CORE_CONCURRENCY = 4;

export class CoreSlots {
  private readonly waiting: Array<() => void> = [];
  private busy = 0;

  constructor(private readonly size = DEFAULT_CORE_CONCURRENCY) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`core concurrency must be a positive integer, got ${size}`);
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.busy < this.size) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy--;
  }
}
