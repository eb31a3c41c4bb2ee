/**
 * Feishu allows a bot 50 messages a second in all and 5 a second into one chat (or to one user). The
 * limiter spaces sends within this process so the platform rarely has to say no; its "no" (230020,
 * 429) is still handled by the retry. One process only: several bot processes would need a shared
 * (Redis) window.
 */
export interface SendLimits {
  perApp: number;
  perTarget: number;
  windowMs: number;
}

export const FEISHU_SEND_LIMITS: SendLimits = { perApp: 50, perTarget: 5, windowMs: 1000 };

export class SendLimiter {
  private readonly app: number[] = [];
  private readonly targets = new Map<string, number[]>();

  constructor(
    private readonly limits: SendLimits = FEISHU_SEND_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when one more send to `target` fits in both windows, and books it. */
  async acquire(target: string): Promise<void> {
    for (;;) {
      const now = this.now();
      if (this.targets.size > 1000) this.sweep(now);
      const times = this.targets.get(target) ?? [];
      this.prune(this.app, now);
      this.prune(times, now);
      const wait = Math.max(this.waitFor(this.app, this.limits.perApp, now), this.waitFor(times, this.limits.perTarget, now));
      if (wait <= 0) {
        // Checked and booked in the same tick, so concurrent callers never overbook a window.
        this.app.push(now);
        times.push(now);
        this.targets.set(target, times);
        return;
      }
      if (times.length === 0) this.targets.delete(target);
      await this.sleep(wait);
    }
  }

  /** Forgets targets whose window has passed, so a long-running bot does not keep every chat it saw. */
  private sweep(now: number): void {
    for (const [target, times] of this.targets) {
      this.prune(times, now);
      if (times.length === 0) this.targets.delete(target);
    }
  }

  private prune(times: number[], now: number): void {
    while (times.length > 0 && (times[0] as number) <= now - this.limits.windowMs) times.shift();
  }

  private waitFor(times: readonly number[], limit: number, now: number): number {
    if (times.length < limit) return 0;
    return (times[times.length - limit] as number) + this.limits.windowMs - now;
  }
}
