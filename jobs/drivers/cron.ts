/**
 * The single-process driver (no REDIS_URL): node-cron fires the same ticks as the BullMQ schedulers, and each
 * tick plans, claims and sends in this process through the same ledger. At start it sends what an earlier
 * process claimed but did not finish; every few minutes it picks up team and zone changes.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { ChatPort, Platform } from '../../src/core/messages.ts';
import type { JobDefinition, JobEnv } from '../context.ts';
import { PLATFORM_LIMITS, type PlatformLimits } from '../delivery/limits.ts';
import { memoryPacer } from '../delivery/pacer.ts';
import { deliverAll } from '../delivery/runner.ts';
import type { SendDeps } from '../delivery/send.ts';
import { loadTeams } from '../people.ts';
import { runOnce } from '../run-once.ts';
import { desiredTicks, type Tick } from '../schedule/ticks.ts';
import type { JobName } from '../types.ts';

export interface CronOptions {
  definitions: Record<JobName, JobDefinition>;
  ports: ReadonlyMap<Platform, ChatPort>;
  limits?: PlatformLimits;
  concurrency?: number;
  resyncMs?: number;
}

export interface CronDriver {
  sync(): Promise<number>;
  /** Ticks currently scheduled, by id. */
  scheduled(): string[];
  close(): Promise<void>;
}

export async function startCronDriver(env: JobEnv, opts: CronOptions): Promise<CronDriver> {
  const log = env.logger.child({ driver: 'node-cron' });
  const send: SendDeps = { ledger: env.ledger, ports: opts.ports, pacer: memoryPacer(opts.limits ?? PLATFORM_LIMITS), leaseMs: 60_000, observe: env.observeDelivery };
  const runner = { concurrency: opts.concurrency ?? 4, attempts: 5, backoffMs: 2_000 };
  const tasks = new Map<string, { tick: Tick; task: ScheduledTask }>();
  const running = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const tracked = p.catch((err) => log.error({ err }, 'tick failed')).finally(() => running.delete(tracked));
    running.add(tracked);
  };

  async function fire(tick: Tick, scheduled: Date) {
    const def = opts.definitions[tick.job];
    const teams = await loadTeams(env.models, env.people, tick.teamId);
    // Plan for the minute the tick was due, not the moment the process got to it.
    const at = new Date(Math.floor(scheduled.getTime() / 60_000) * 60_000);
    // What this tick claimed; what an earlier one left unsent was resumed at start (another process, started
    // by mistake beside this one, may be sending it: single-process mode means one process).
    const reports = await runOnce(env, send, runner, def, teams, at, { onlyClaimed: true });
    log.info({ tick: tick.id, reports }, 'tick done');
  }

  async function sync(): Promise<number> {
    const wanted = await desiredTicks(env, Object.values(opts.definitions));
    const ids = new Set(wanted.map((t) => t.id));
    for (const [id, { tick, task }] of tasks) {
      const now = wanted.find((t) => t.id === id);
      if (!ids.has(id) || now?.pattern !== tick.pattern) {
        await task.destroy();
        tasks.delete(id);
      }
    }
    for (const tick of wanted) {
      if (tasks.has(tick.id)) continue;
      const task = cron.schedule(tick.pattern, (ctx) => track(fire(tick, ctx.date)), { timezone: tick.zone, name: tick.id, noOverlap: true });
      tasks.set(tick.id, { tick, task });
    }
    return tasks.size;
  }

  const owed = await env.ledger.resumable(new Date(Date.now() - 86_400_000), 100_000);
  if (owed.length) track(deliverAll(owed, send, { ...runner, logger: env.logger }).then((stats) => log.info({ stats }, 'resumed unsent deliveries')));
  log.info({ ticks: await sync() }, 'cron ticks scheduled');
  const timer = setInterval(() => void sync().catch((err) => log.error({ err }, 'tick sync failed')), opts.resyncMs ?? 10 * 60_000);
  timer.unref();

  return {
    sync,
    scheduled: () => [...tasks.keys()],
    async close() {
      clearInterval(timer);
      for (const { task } of tasks.values()) await task.destroy();
      tasks.clear();
      await Promise.allSettled([...running]);
    },
  };
}
