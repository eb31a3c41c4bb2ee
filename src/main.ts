/**
 * The composition root: the only module that wires the store, the core, the adapters and the jobs together.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/env.ts';
import { Bot, type HandledEvent } from './core/bot.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { createI18n } from './core/i18n.ts';
import { languageFromLocale } from './core/identity.ts';
import type { Logger } from './core/logger.ts';
import { buildRegistry } from './domain/commands.ts';
import { visitFallback } from './domain/visits/commands.ts';
import type { DomainServices } from './domain/ports.ts';
import { isStoreUnavailable, openStore, type Store } from './persistence/connection.ts';
import { mongoEventLedger } from './persistence/event-ledger.ts';
import { mongoTeams } from './persistence/teams.ts';
import { mongoUsers } from './persistence/users.ts';
import { mongoCustomers } from './persistence/customers.ts';
import { mongoVisits } from './persistence/visits.ts';
import { mongoCallbacks } from './persistence/callbacks.ts';
import { mongoReceivables } from './persistence/receivables.ts';
import { mongoReports } from './persistence/reports.ts';
import { mongoChangeLog } from './persistence/changes.ts';
import { mongoPendingNotes } from './persistence/pending.ts';
import { DEFAULT_TIER_THRESHOLDS } from './domain/customers/rules.ts';
import { provisionMongo, type ProvisionedMongo } from './services/provision.ts';
import { ConsoleChat } from '../adapters/console/chat.ts';
import { renderReply } from '../adapters/console/render.ts';
import { startSlackPlatform } from '../adapters/slack/index.ts';
import { startFeishuPlatform } from '../adapters/feishu/index.ts';
import { scopeFor } from './domain/scope.ts';
// Scheduled jobs (jobs/): reminders, nudges, alerts, summaries.
import type { ChatPort, Platform } from './core/messages.ts';
import { ConsolePort } from '../adapters/console/port.ts';
import { closeOnSignals, createJobEnv, startScheduler, type SchedulerHandle } from '../jobs/scheduler.ts';
import { deliveryLog, listSchedules, runJobCommand } from '../jobs/commands.ts';
import { findCjkFont } from './ops/fonts.ts';

export interface CoreOptions {
  store: Store;
  clock?: Clock;
  logger: Logger;
  defaults: { language: 'zh-CN' | 'en'; timeZone: string };
  /** Emails or platform ids that become admins on first contact (KAM_ADMINS). */
  admins?: readonly string[];
  /** Metrics hook, once per inbound message. */
  observe?: (event: HandledEvent) => void;
}

export interface Core {
  bot: Bot<DomainServices>;
  services: DomainServices;
}

export async function buildCore(opts: CoreOptions): Promise<Core> {
  const { models, connection } = opts.store;
  const users = mongoUsers(models, { admins: opts.admins });
  const services: DomainServices = {
    users,
    teams: mongoTeams(models),
    customers: mongoCustomers(models),
    visits: mongoVisits(models),
    callbacks: mongoCallbacks(models),
    receivables: mongoReceivables(models),
    reports: mongoReports(models, opts.defaults.timeZone),
    changes: mongoChangeLog(connection, models),
    pending: mongoPendingNotes(models),
    settings: { tierThresholds: DEFAULT_TIER_THRESHOLDS, defaultCalendar: 'cn' },
  };
  const bot = new Bot<DomainServices>({
    registry: buildRegistry(),
    i18n: await createI18n(opts.defaults.language),
    ledger: mongoEventLedger(opts.store.models),
    users,
    clock: opts.clock ?? systemClock,
    logger: opts.logger,
    services,
    defaults: opts.defaults,
    fallback: visitFallback,
    isUnavailable: isStoreUnavailable,
    observe: opts.observe,
  });
  return { bot, services };
}

export interface Runtime {
  store: Store;
  mongo: ProvisionedMongo;
  core: Core;
  close(): Promise<void>;
}

/** Provisions (or connects to) the database and builds the core. */
export async function openRuntime(config: Config, logger: Logger, clock?: Clock): Promise<Runtime> {
  const mongo = await provisionMongo({
    mongodbUri: config.env.MONGODB_URI,
    dataDir: config.dataDir,
    cacheDir: config.env.KAM_CACHE_DIR,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  let store: Store;
  try {
    store = await openStore(mongo.uri, config.env.MONGODB_DB);
  } catch (error) {
    await mongo.stop();
    throw error;
  }
  const core = await buildCore({
    store,
    logger,
    clock,
    defaults: { language: config.env.DEFAULT_LOCALE, timeZone: config.env.DEFAULT_TIMEZONE },
    admins: config.env.KAM_ADMINS,
  });
  return {
    store,
    mongo,
    core,
    async close() {
      await store.close();
      await mongo.stop();
    },
  };
}

export interface ChatOptions {
  userId: string;
  name?: string | undefined;
  lang?: string | undefined;
  timeZone?: string | undefined;
  clock?: Clock | undefined;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
}

export async function runConsoleChat(config: Config, logger: Logger, opts: ChatOptions): Promise<void> {
  const runtime = await openRuntime(config, logger, opts.clock);
  try {
    const chat = new ConsoleChat({
      bot: runtime.core.bot,
      userId: opts.userId,
      displayName: opts.name,
      locale: opts.lang,
      systemLocale: languageFromLocale(Intl.DateTimeFormat().resolvedOptions().locale),
      timeZone: opts.timeZone,
      input: opts.input as never,
      output: opts.output as never,
      interactive: opts.interactive,
      sessionId: randomUUID(),
    });
    if (opts.interactive) {
      const t = (await createI18n(config.env.DEFAULT_LOCALE)).t(languageFromLocale(opts.lang) ?? config.env.DEFAULT_LOCALE);
      opts.output.write(`KAM Bot — ${t('help.footer')}\n`);
    }
    await chat.run();
  } finally {
    await runtime.close();
  }
}

/** The operator's identity for `kam admin`: a console user who is always an admin. */
export const OPERATOR_ID = 'kam-operator';

/**
 * `kam admin "<command>"`: runs one bot command as the operator (an admin), for IT staff without a chat
 * platform — e.g. `kam admin "/user role alice@example.com supervisor"`. Prints the replies.
 */
export async function runAdminCommand(config: Config, logger: Logger, text: string, clock?: Clock): Promise<void> {
  const runtime = await openRuntime(config, logger, clock);
  try {
    const { bot, services } = runtime.core;
    const identity = { platform: 'console' as const, platformUserId: OPERATOR_ID, displayName: 'KAM operator' };
    const operator = await bot.users.resolve(identity);
    if (operator.role !== 'admin') await services.users.setRole(operator.id, 'admin');
    const replies = await bot.handle({
      eventId: `admin:${randomUUID()}`,
      platform: 'console',
      kind: 'text',
      conversation: { platform: 'console', channelId: OPERATOR_ID, direct: true },
      sender: { platformUserId: OPERATOR_ID, displayName: 'KAM operator' },
      locale: 'en',
      text,
    });
    for (const reply of replies) process.stdout.write(`${renderReply(reply).text}\n`);
  } finally {
    await runtime.close();
  }
}

/** `npm start`: every configured platform; the console chat when none is configured. */
export async function runStart(config: Config, logger: Logger): Promise<void> {
  const { slack, feishu } = config.platforms;
  if (!slack && !feishu) {
    logger.info({}, 'no Slack or Feishu credentials: starting the console chat on the embedded defaults');
    await runConsoleChat(config, logger, {
      userId: os.userInfo().username || 'console',
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY),
    });
    return;
  }
  const runtime = await openRuntime(config, logger);
  const stops: Array<() => Promise<void>> = [];
  if (slack) {
    const { services, bot } = runtime.core;
    const running = await startSlackPlatform(config, runtime, logger, {
      // Typeahead of the customer field in Slack modals: the customers the user may see.
      suggestCustomers: async (who, query) => {
        const scope = await scopeFor(await bot.users.resolve(who), services.teams);
        return (await services.customers.search(scope, query, 20)).map((c) => ({ value: c.name, label: c.name }));
      },
    });
    stops.push(() => running.stop());
  }
  if (feishu) {
    const running = await startFeishuPlatform(config, runtime, logger);
    stops.push(() => running.stop());
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  for (const stop of stops) await stop();
  await runtime.close();
}

// --- Scheduled jobs -------------------------------------------------------------------------------------------

/** SCHEDULE_* settings as the jobs' slot keys. */
function scheduleSettings(config: Config): Record<string, string> {
  const e = config.env;
  return {
    'weekly-report-reminder/first': e.SCHEDULE_WEEKLY_REPORT_REMINDER,
    'weekly-report-reminder/second': e.SCHEDULE_WEEKLY_REPORT_SECOND_REMINDER,
    'callback-nudges': e.SCHEDULE_CALLBACK_NUDGES,
    'overdue-alerts': e.SCHEDULE_OVERDUE_ALERTS,
    'manager-summary': e.SCHEDULE_MANAGER_SUMMARY,
    'monthly-rollup': e.SCHEDULE_MONTHLY_ROLLUP,
  };
}

function jobEnvFor(config: Config, runtime: Runtime, logger: Logger, ports: ReadonlyMap<Platform, ChatPort>) {
  const font = findCjkFont(config.env.CHART_FONT_FILE);
  return createJobEnv({
    models: runtime.store.models,
    language: config.env.DEFAULT_LOCALE,
    timeZone: config.env.DEFAULT_TIMEZONE,
    platforms: [...ports.keys()],
    schedules: scheduleSettings(config),
    chartFont: font.ok ? font.file : undefined,
    logger,
  });
}

/**
 * Starts the scheduler with the chat ports of the running platforms (preferred in the order given): BullMQ
 * schedulers and workers with REDIS_URL, node-cron in this process without. Closes on SIGTERM/SIGINT.
 */
export async function startJobs(config: Config, runtime: Runtime, logger: Logger, ports: ChatPort[]): Promise<SchedulerHandle> {
  const byPlatform = new Map(ports.map((p) => [p.platform, p] as const));
  const env = await jobEnvFor(config, runtime, logger.child({ area: 'jobs' }), byPlatform);
  const handle = await startScheduler(env, { ports: byPlatform, redisUrl: config.env.REDIS_URL, prefix: config.env.QUEUE_PREFIX });
  logger.info({ mode: handle.mode, platforms: [...byPlatform.keys()] }, 'scheduler started');
  closeOnSignals(handle, logger);
  return handle;
}

export type JobsCommand = { kind: 'list'; team?: string | undefined; now: Date } | { kind: 'run'; job: string; team?: string | undefined; now: Date; force: boolean };

/** `kam jobs list|run`: runs in this process; the console port prints what console users receive. */
export async function runJobsCommand(config: Config, logger: Logger, command: JobsCommand, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const runtime = await openRuntime(config, logger);
  try {
    const ports = new Map<Platform, ChatPort>([['console', new ConsolePort(out as never)]]);
    const env = await jobEnvFor(config, runtime, logger, ports);
    const text = command.kind === 'list' ? await listSchedules(env, command.now, command.team) : await runJobCommand(env, ports, command.job, command);
    out.write(`${text}\n`);
  } finally {
    await runtime.close();
  }
}

/** `kam export deliveries`: the delivery log, JSON or CSV, on `out`. */
export async function exportDeliveries(config: Config, logger: Logger, format: 'json' | 'csv', out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const runtime = await openRuntime(config, logger);
  try {
    out.write(await deliveryLog(await jobEnvFor(config, runtime, logger, new Map()), format));
  } finally {
    await runtime.close();
  }
}
