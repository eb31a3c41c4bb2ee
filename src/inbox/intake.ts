/**
 * The intake: what stands between a platform's acknowledgement and the core. An adapter offers each request
 * (`accept`) before it acknowledges it; the request is then in the database (or, while the database does not
 * answer, in this machine's spool), so nothing acknowledged lives only in memory.
 *
 * - A process works on what it accepted while it has room (`maxInHand`, and nothing in hand waiting longer than
 *   `maxWaitMs`); beyond that it stores the entry for whichever process has room and the adapter tells the user
 *   it is queued — memory stays bounded whatever the burst.
 * - Every process sweeps: it renews the leases of what it holds, moves spooled entries into the database, and
 *   takes over entries whose lease ran out (their process died, or nobody had room), one takeover per entry
 *   across processes (an insert on a unique id).
 * - Shutdown (`drain`): stop taking over, let the work in hand finish within the bound, hand back what has not
 *   reached the core, so another process (or the next start) answers it.
 * - Maintenance: entries and the event ledger are purged after the retention period.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Clock } from '../core/clock.ts';
import type { I18n } from '../core/i18n.ts';
import { languageFromLocale, type Language } from '../core/identity.ts';
import { withDeadline } from '../core/deadline.ts';
import type { Logger } from '../core/logger.ts';
import type { Spool } from './spool.ts';
import type { AcceptResult, Admission, InboxEntry, InboxProcessor, InboxStore, NoticeKey, ProcessOutcome } from './types.ts';

export interface IntakeOptions {
  store: InboxStore;
  spool: Spool;
  /** Leases are about processes being alive: the system clock in production, a controllable one in tests. */
  clock: Clock;
  logger: Logger;
  i18n: I18n;
  defaultLanguage: Language;
  /** How long the core may take before the user hears it is slow (default 7 s: answered within 10 s). */
  slowNoticeMs?: number;
  /** How long an owner's claim lasts without renewal (default 15 s); the sweep renews it. */
  leaseMs?: number;
  sweepMs?: number;
  /** Entries this process holds at most (queued and running); more are left for others (default 200). */
  maxInHand?: number;
  /** An entry held longer than this means the process is behind: new ones are queued (default 30 s). */
  maxWaitMs?: number;
  /** How long the database gets to take an entry before it is spooled (default 2 s; Slack allows 3 s). */
  acceptDeadlineMs?: number;
  /** Answers later than this after acceptance say so (default 15 s). */
  delayNoticeAfterMs?: number;
  /** Retention of handled entries and of the event ledger (default 7 days). */
  retentionMs?: number;
  maintenanceMs?: number;
  /** Purges run with the maintenance, each returning how many records went. */
  purges?: Array<{ name: string; purge: (before: Date) => Promise<number> }>;
}

interface Held {
  entry: InboxEntry;
  /** The adapter reached the core with it: it can no longer be handed to another process. */
  begun: boolean;
  /** Handed back at shutdown: the adapter must not start it. */
  handedOff: boolean;
}

const RETRY_BACKOFF_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

export class Intake implements Admission {
  readonly owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly processors = new Map<string, InboxProcessor>();
  private readonly held = new Map<string, Held>();
  private readonly retries = new Map<string, number>();
  private readonly unfinished = new Set<string>();
  private readonly idleWaiters: Array<() => void> = [];
  private timers: NodeJS.Timeout[] = [];
  private sweeping: Promise<void> | null = null;
  private stopping = false;
  private readonly o: Required<Omit<IntakeOptions, 'purges'>> & Pick<IntakeOptions, 'purges'>;
  readonly slowNoticeMs: number;

  constructor(opts: IntakeOptions) {
    this.o = {
      leaseMs: 15_000,
      sweepMs: 1_000,
      maxInHand: 200,
      maxWaitMs: 30_000,
      acceptDeadlineMs: 2_000,
      delayNoticeAfterMs: 15_000,
      retentionMs: 7 * 24 * 3600_000,
      maintenanceMs: 3600_000,
      slowNoticeMs: 7_000,
      ...opts,
    };
    this.slowNoticeMs = this.o.slowNoticeMs;
  }

  notice(key: NoticeKey, locale?: string): string {
    return this.o.i18n.t(languageFromLocale(locale) ?? this.o.defaultLanguage)(`inbox.${key}`);
  }

  register(platform: string, processor: InboxProcessor): void {
    this.processors.set(platform, processor);
  }

  /** How many entries this process holds now. */
  get inHand(): number {
    return this.held.size;
  }

  /** Starts the sweep and the maintenance timers (and runs one sweep at once: work a dead process left). */
  start(): void {
    const sweep = setInterval(() => void this.sweep(), this.o.sweepMs);
    const maintain = setInterval(() => void this.maintain().catch((err: unknown) => this.o.logger.warn({ err }, 'inbox maintenance failed')), this.o.maintenanceMs);
    sweep.unref();
    maintain.unref();
    this.timers = [sweep, maintain];
    void this.sweep();
  }

  /** Offers one request before the platform is acknowledged. Throws only when neither the database nor the disk took it. */
  async accept(platform: string, eventId: string, payload: unknown): Promise<AcceptResult> {
    const now = this.o.clock.now();
    const entry: InboxEntry = { id: `${platform}:${eventId}`, platform, payload, acceptedAt: now, attempts: 0 };
    if (this.held.has(entry.id)) return 'duplicate';
    const busy = this.stopping || this.isBusy(now);
    let inserted: boolean;
    try {
      inserted = await withDeadline(this.o.store.insert(entry, busy ? null : this.owner, busy ? now : this.leaseFrom(now)), this.o.acceptDeadlineMs);
    } catch (err) {
      this.o.logger.warn({ err, id: entry.id }, 'inbox: the database did not take a message in time; spooled on disk');
      this.o.spool.write(entry);
      return 'spooled';
    }
    if (!inserted) return 'duplicate';
    if (busy) return 'queued';
    this.run(entry);
    return 'accepted';
  }

  /**
   * Called by the adapter right before it hands an entry's message to the core; false when the entry was
   * handed to another process meanwhile (shutdown) and must not be started here.
   */
  begin(id: string): boolean {
    const held = this.held.get(id);
    if (!held || held.handedOff) return false;
    held.begun = true;
    return true;
  }

  /** One pass: renew, spool → database, finish what could not be marked, take over expired entries. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((err: unknown) => this.o.logger.warn({ err }, 'inbox sweep failed (the database may be away); trying again'))
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  /** Stops taking work, waits up to `timeoutMs` for what is in hand, hands back what has not begun. */
  async drain(timeoutMs: number): Promise<{ finished: boolean; handedBack: number }> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.sweeping;
    // Spooled while the database was slow: into the database now, where a peer or the next start finds them
    // (the spool file is only seen by processes sharing this machine's data folder).
    await this.o.spool
      .replay(async (entry) => {
        await this.o.store.insert(entry, null, this.o.clock.now());
      })
      .catch((err: unknown) => this.o.logger.warn({ err }, 'inbox: spooled messages stay on disk for the next start'));
    // Not begun yet: another process answers it sooner than we would.
    const notBegun = [...this.held.values()].filter((h) => !h.begun);
    for (const h of notBegun) h.handedOff = true;
    await this.o.store.release(notBegun.map((h) => h.entry.id), this.o.clock.now()).catch((err: unknown) => {
      this.o.logger.warn({ err }, 'inbox: could not hand work back; it is taken over when its lease runs out');
    });
    for (const h of notBegun) this.held.delete(h.entry.id);
    const finished = await this.idle(timeoutMs);
    return { finished, handedBack: notBegun.length };
  }

  /** Resolves true when nothing is held (or false after `timeoutMs`). */
  idle(timeoutMs = 60_000): Promise<boolean> {
    if (this.held.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Purges what is older than the retention period; returns the counts by name. */
  async maintain(): Promise<Record<string, number>> {
    const before = new Date(this.o.clock.now().getTime() - this.o.retentionMs);
    const counts: Record<string, number> = { inbox: await this.o.store.purge(before) };
    for (const p of this.o.purges ?? []) counts[p.name] = await p.purge(before);
    this.o.logger.info({ before, ...counts }, 'inbox maintenance: purged old entries');
    return counts;
  }

  private isBusy(now: Date): boolean {
    if (this.held.size >= this.o.maxInHand) return true;
    for (const h of this.held.values()) {
      if (!h.begun && now.getTime() - h.entry.acceptedAt.getTime() > this.o.maxWaitMs) return true;
    }
    return false;
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.o.leaseMs);
  }

  private run(entry: InboxEntry): void {
    this.held.set(entry.id, { entry, begun: false, handedOff: false });
    void this.process(entry).finally(() => {
      this.held.delete(entry.id);
      if (this.held.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    });
  }

  private async process(entry: InboxEntry): Promise<void> {
    const processor = this.processors.get(entry.platform);
    if (!processor) {
      this.o.logger.error({ id: entry.id }, 'inbox: no processor for this platform here; left for another process');
      await this.o.store.release([entry.id], this.leaseFrom(this.o.clock.now())).catch(() => undefined);
      return;
    }
    const waited = this.o.clock.now().getTime() - entry.acceptedAt.getTime();
    let outcome: ProcessOutcome;
    try {
      outcome = await processor(entry.payload, {
        id: entry.id,
        delayedSince: waited > this.o.delayNoticeAfterMs ? entry.acceptedAt : undefined,
        firstTry: !this.retries.has(entry.id) && entry.attempts <= 1,
      });
    } catch (err) {
      // The adapter answers its own failures; a processor that throws has nothing more to add.
      this.o.logger.error({ err, id: entry.id }, 'inbox: processing failed');
      outcome = 'done';
    }
    // Handed back at shutdown (and so no longer held): another process answers it; mark nothing here.
    const held = this.held.get(entry.id);
    if (!held || held.handedOff) return;
    if (outcome === 'retry') {
      const n = this.retries.get(entry.id) ?? 0;
      this.retries.set(entry.id, n + 1);
      const wait = RETRY_BACKOFF_MS[Math.min(n, RETRY_BACKOFF_MS.length - 1)]!;
      await this.o.store.release([entry.id], new Date(this.o.clock.now().getTime() + wait)).catch(() => undefined);
      return;
    }
    this.retries.delete(entry.id);
    await this.markDone(entry.id);
  }

  private async markDone(id: string): Promise<void> {
    try {
      await this.o.store.finish(id, this.o.clock.now());
      this.unfinished.delete(id);
    } catch {
      // Answered but not marked: keep trying at each sweep (a takeover would find the stored answer anyway).
      this.unfinished.add(id);
    }
  }

  private async sweepOnce(): Promise<void> {
    const now = this.o.clock.now();
    await this.o.spool.replay(async (entry) => {
      await this.o.store.insert(entry, null, now);
    });
    await this.o.store.renew([...this.held.keys()], this.leaseFrom(now));
    for (const id of [...this.unfinished]) await this.markDone(id);
    const room = this.o.maxInHand - this.held.size;
    if (this.stopping || room <= 0 || this.processors.size === 0) return;
    const expired = await this.o.store.expired(now, Math.min(room, 50), [...this.processors.keys()]);
    for (const entry of expired) {
      if (this.stopping || this.held.has(entry.id)) continue;
      if (await this.o.store.takeOver(entry, this.owner, now, this.leaseFrom(now))) this.run({ ...entry, attempts: entry.attempts + 1 });
    }
  }
}
