/**
 * The jobs' entry points for the composition root: the environment every run shares, and starting the scheduler
 * with the driver the configuration asks for — BullMQ with REDIS_URL, node-cron without.
 */
import { createI18n } from '../src/core/i18n.ts';
import type { Language } from '../src/core/identity.ts';
import type { Logger } from '../src/core/logger.ts';
import type { ChatPort, Platform } from '../src/core/messages.ts';
import { mongoDeliveries } from '../src/persistence/deliveries.ts';
import type { Models } from '../src/persistence/models/index.ts';
import { DEFAULT_RULES, type JobEnv } from './context.ts';
import { DEFINITIONS } from './definitions/index.ts';
import { startBullDriver } from './drivers/bullmq.ts';
import { startCronDriver } from './drivers/cron.ts';
import { DEFAULT_SCHEDULES } from './schedule/defaults.ts';

export interface JobEnvInput {
  models: Models;
  language: Language;
  timeZone: string;
  calendar?: 'cn' | 'plain';
  /** Platforms this process can send to, preferred first. */
  platforms: Platform[];
  /** Slot key → cron (from SCHEDULE_*); missing keys use the defaults. */
  schedules?: Record<string, string>;
  chartFont?: string | undefined;
  logger: Logger;
  observeDelivery?: JobEnv['observeDelivery'];
}

export async function createJobEnv(input: JobEnvInput): Promise<JobEnv> {
  return {
    models: input.models,
    ledger: mongoDeliveries(input.models),
    i18n: await createI18n(input.language),
    people: { language: input.language, timeZone: input.timeZone, calendar: input.calendar ?? 'cn', platforms: input.platforms },
    schedules: { ...DEFAULT_SCHEDULES, ...input.schedules },
    rules: DEFAULT_RULES,
    chartFont: input.chartFont,
    logger: input.logger,
    observeDelivery: input.observeDelivery,
  };
}

export interface SchedulerHandle {
  mode: 'bullmq' | 'node-cron';
  /** Jobs in each queue by state (BullMQ only; node-cron has no queue). */
  queueDepth(): Promise<Array<{ queue: string; state: string; count: number }>>;
  close(): Promise<void>;
}

export async function startScheduler(env: JobEnv, opts: { ports: ReadonlyMap<Platform, ChatPort>; redisUrl?: string | undefined; prefix: string; schedule?: boolean }): Promise<SchedulerHandle> {
  if (opts.redisUrl) {
    const driver = await startBullDriver(env, { redisUrl: opts.redisUrl, prefix: opts.prefix, definitions: DEFINITIONS, ports: opts.ports, schedule: opts.schedule });
    const queues = [driver.ticks, ...driver.deliveries.values()];
    return {
      mode: 'bullmq',
      async queueDepth() {
        const rows = await Promise.all(
          queues.map(async (q) => Object.entries(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed')).map(([state, count]) => ({ queue: q.name, state, count }))),
        );
        return rows.flat();
      },
      close: () => driver.close(),
    };
  }
  const driver = await startCronDriver(env, { definitions: DEFINITIONS, ports: opts.ports });
  return { mode: 'node-cron', queueDepth: async () => [], close: () => driver.close() };
}

/** Closes the scheduler on SIGTERM/SIGINT (workers finish the message in hand), then runs `after`. */
export function closeOnSignals(handle: SchedulerHandle, logger: Logger, after: () => Promise<void> = async () => undefined): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'stopping the scheduler');
    void handle
      .close()
      .then(after)
      .then(
        () => (process.exitCode = process.exitCode ?? 0),
        (err: unknown) => {
          logger.error({ err }, 'scheduler shutdown failed');
          process.exitCode = 1;
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
