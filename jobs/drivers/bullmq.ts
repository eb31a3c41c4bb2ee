/**
 * The BullMQ driver (REDIS_URL set). Job Schedulers on the `jobs` queue fire the ticks (ticks.ts), synced with
 * the teams at start and every few minutes (schedulers of deleted teams are removed). A tick's worker plans and
 * claims, then fans out: one delivery job per unsent ledger entry on its platform's queue, with the delivery
 * key as job id, so duplicates collapse; a freshly claimed entry's job carries what to send, so its first
 * sender reads nothing from the ledger (see DeliveryLedger.begin). Delivery workers send with concurrency and the platform's limits; a
 * platform's "too fast" waits its delay without spending an attempt. A killed worker's jobs come back through
 * BullMQ's stalled-job recovery, and the ledger makes their second run resume instead of repeat.
 */
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { ChatPort, Platform } from '../../src/core/messages.ts';
import type { CarriedEntry, DeliveryRef } from '../../src/persistence/deliveries.ts';
import type { JobDefinition, JobEnv } from '../context.ts';
import { PLATFORM_LIMITS, rateLimitDelay, type PlatformLimits } from '../delivery/limits.ts';
import { redisPacer } from '../delivery/pacer.ts';
import { sendDelivery, Undeliverable } from '../delivery/send.ts';
import { loadTeams } from '../people.ts';
import { planAndClaim } from '../run.ts';
import { desiredTicks } from '../schedule/ticks.ts';
import type { JobName } from '../types.ts';

export interface BullOptions {
  redisUrl: string;
  prefix: string;
  definitions: Record<JobName, JobDefinition>;
  ports: ReadonlyMap<Platform, ChatPort>;
  limits?: PlatformLimits;
  /** Delivery jobs each process runs at once, per platform. */
  concurrency?: number;
  attempts?: number;
  backoffMs?: number;
  /** BullMQ lock; a killed worker's jobs are recovered after it (the ledger lease matches it). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Keep the schedulers in sync (false in a process that only works off queues, e.g. tests). */
  schedule?: boolean;
  resyncMs?: number;
  /** Run the workers (false for a process that only schedules). */
  work?: boolean;
}

export interface TickData {
  teamId: string;
  job: JobName;
  zone?: string;
  /** Set for a manual run: the instant to plan for (else the scheduled time of the tick). */
  at?: string;
  force?: boolean;
}

export interface DeliveryData {
  key: string;
  /** What to send, for a freshly claimed entry: its first sender needs no ledger read (see DeliveryLedger.begin). */
  carried?: CarriedEntry;
}

export const TICK_QUEUE = 'jobs';
export const deliveryQueueName = (platform: Platform) => `deliver-${platform}`;
/** BullMQ reserves `:` in custom job ids; the ledger key keeps its `job:recipient:period[:step]` shape. */
export const bullJobId = (key: string) => key.replaceAll(':', '~');

export interface BullDriver {
  ticks: Queue<TickData>;
  deliveries: Map<Platform, Queue<DeliveryData>>;
  /** Upserts the schedulers the teams need and removes the others; returns how many are active. */
  sync(): Promise<number>;
  /** Enqueues a tick now (support, tests): it plans for `at`. */
  runNow(data: TickData): Promise<void>;
  close(): Promise<void>;
}

export async function startBullDriver(env: JobEnv, opts: BullOptions): Promise<BullDriver> {
  const limits = opts.limits ?? PLATFORM_LIMITS;
  const attempts = opts.attempts ?? 5;
  const lockDuration = opts.lockDurationMs ?? 30_000;
  const connection = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  const base = { connection, prefix: opts.prefix };
  // BullMQ leaves connections it was given open: every one made here is closed in close().
  const extra: Redis[] = [];
  const own = () => {
    const c = connection.duplicate();
    extra.push(c);
    return c;
  };
  const log = env.logger.child({ driver: 'bullmq' });
  // BullMQ reads an option that is present but undefined as a value: leave unset ones out.
  const stalled = opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {};
  const platforms = [...opts.ports.keys()];

  const ticks = new Queue<TickData>(TICK_QUEUE, { ...base, defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: 1000, removeOnFail: 5000 } });
  const deliveries = new Map(
    platforms.map((p) => [
      p,
      new Queue<DeliveryData>(deliveryQueueName(p), {
        ...base,
        defaultJobOptions: { attempts, backoff: { type: 'exponential', delay: opts.backoffMs ?? 2_000 }, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 30 * 86_400 } },
      }),
    ]),
  );
  for (const q of [ticks, ...deliveries.values()]) q.on('error', (err) => log.error({ err, queue: q.name }, 'queue error'));

  async function enqueue(refs: DeliveryRef[]): Promise<number> {
    let n = 0;
    for (const p of platforms) {
      const mine = refs.filter((r) => r.platform === p);
      for (let i = 0; i < mine.length; i += 500) {
        await deliveries.get(p)?.addBulk(mine.slice(i, i + 500).map((r) => ({ name: 'deliver', data: r.carried ? { key: r.key, carried: r.carried } : { key: r.key }, opts: { jobId: bullJobId(r.key) } })));
      }
      n += mine.length;
    }
    const stranded = refs.filter((r) => !deliveries.has(r.platform));
    if (stranded.length) log.warn({ count: stranded.length, platforms: [...new Set(stranded.map((r) => r.platform))] }, 'deliveries for platforms this process cannot send to');
    return n;
  }

  async function tick(job: Job<TickData>) {
    const { teamId, job: name, at, force } = job.data;
    const def = opts.definitions[name];
    // The scheduled instant, not the moment a busy worker got to it, decides who is due.
    const now = at ? new Date(at) : new Date(job.opts.prevMillis ?? job.timestamp);
    if (!at && Date.now() - now.getTime() > env.rules.graceMinutes * 60_000) {
      log.warn({ job: name, teamId, scheduledFor: now.toISOString() }, 'stale tick skipped');
      return { skipped: true };
    }
    const [team] = await loadTeams(env.models, env.people, teamId);
    if (!def || !team) return { skipped: true };
    const plan = await planAndClaim(env, def, team, now, { force });
    return { planned: plan.planned.length, enqueued: await enqueue(plan.unsent) };
  }

  const workers: Worker[] = [];
  if (opts.work !== false) {
    const tickWorker = new Worker<TickData>(TICK_QUEUE, tick, { ...base, connection: own(), concurrency: 2, lockDuration, ...stalled, maxStalledCount: 5 });
    workers.push(tickWorker);
    const pacer = redisPacer(connection, opts.prefix, limits);
    for (const platform of platforms) {
      const perApp = limits[platform].perApp;
      const worker: Worker<DeliveryData> = new Worker<DeliveryData>(
        deliveryQueueName(platform),
        async (job, token) => {
          try {
            const outcome = await sendDelivery(job.data.key, { ledger: env.ledger, ports: opts.ports, pacer, leaseMs: lockDuration, observe: env.observeDelivery }, job.data.carried);
            if (outcome === 'busy') {
              // Another sender holds the entry (a stalled copy still running): look again when its lease is over.
              await job.moveToDelayed(Date.now() + lockDuration, token);
              throw new DelayedError();
            }
            return outcome;
          } catch (error) {
            if (error instanceof DelayedError) throw error;
            const delay = rateLimitDelay(error);
            if (delay !== null) {
              // The whole platform queue waits the platform's delay; the job goes back without spending an attempt.
              await worker.rateLimit(delay);
              throw Worker.RateLimitError();
            }
            if (error instanceof Undeliverable) throw new UnrecoverableError(error.message);
            await env.ledger.failed(job.data.key, String((error as Error)?.message ?? error), job.attemptsMade + 1 >= attempts);
            throw error;
          }
        },
        {
          ...base,
          connection: own(),
          concurrency: opts.concurrency ?? 10,
          ...(perApp ? { limiter: { max: perApp.max, duration: perApp.durationMs } } : {}),
          lockDuration,
          ...stalled,
          maxStalledCount: 5,
        },
      );
      workers.push(worker);
    }
    for (const w of workers) {
      w.on('error', (err) => log.error({ err, queue: w.name }, 'worker error'));
      w.on('failed', (job, err) => {
        if (err instanceof DelayedError || err?.message === 'bullmq:rateLimitExceeded') return;
        log.warn({ queue: w.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err }, 'job attempt failed');
      });
    }
  }

  async function sync(): Promise<number> {
    const wanted = await desiredTicks(env, Object.values(opts.definitions));
    const ids = new Set(wanted.map((t) => t.id));
    for (const t of wanted) {
      await ticks.upsertJobScheduler(t.id, { pattern: t.pattern, tz: t.zone }, { name: t.job, data: { teamId: t.teamId, job: t.job, zone: t.zone } });
    }
    for (const existing of await ticks.getJobSchedulers(0, -1)) {
      const id = existing.key ?? existing.id;
      if (id && !ids.has(id)) await ticks.removeJobScheduler(id);
    }
    return wanted.length;
  }

  // What a previous process claimed but did not get to send (enqueue is idempotent by job id). In the
  // background: the scan reads every claim of the last day, which after a large fan-out takes minutes on
  // FerretDB, and the process must start (and answer /healthz) meanwhile.
  let closed = false;
  const resume = (why: string) =>
    void env.ledger
      .resumable(new Date(Date.now() - 86_400_000), 100_000)
      .then(async (owed) => {
        if (owed.length && !closed) log.info({ count: await enqueue(owed), why }, 'resuming unsent deliveries');
      })
      .catch((err: unknown) => closed || log.error({ err }, 'resuming unsent deliveries failed'));
  resume('start');

  let timer: NodeJS.Timeout | undefined;
  if (opts.schedule !== false) {
    log.info({ schedulers: await sync() }, 'job schedulers synced');
    timer = setInterval(() => void sync().catch((err) => log.error({ err }, 'scheduler sync failed')), opts.resyncMs ?? 10 * 60_000);
    timer.unref();
  }

  // Redis came back after an outage, perhaps empty (restarted without its data): register the schedulers
  // again and re-queue what is owed now, not at the next periodic sync or the next process start. Both are
  // idempotent, so a Redis that kept its data loses nothing by it.
  let wasDown = false;
  connection.on('close', () => (wasDown = !closed));
  connection.on('ready', () => {
    if (!wasDown || closed) return;
    wasDown = false;
    log.info({}, 'Redis is back: re-syncing schedulers and owed deliveries');
    if (opts.schedule !== false) void sync().catch((err: unknown) => log.error({ err }, 'scheduler sync failed'));
    resume('redis back');
  });

  return {
    ticks,
    deliveries,
    sync,
    async runNow(data) {
      await ticks.add(data.job, data, { jobId: bullJobId(`manual~${data.teamId}~${data.job}~${data.at ?? Date.now()}`) });
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      // Workers first: each finishes the job it is sending, so nothing is left half-marked.
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([ticks, ...deliveries.values()].map((q) => q.close()));
      await Promise.all([...extra, connection].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
