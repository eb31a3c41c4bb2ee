/**
 * The composition root: the only module that wires the store, the core, the adapters and the jobs together.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/env.ts';
import type { HandledEvent } from './core/bot.ts';
import type { Clock } from './core/clock.ts';
import { createI18n } from './core/i18n.ts';
import { languageFromLocale } from './core/identity.ts';
import type { Logger } from './core/logger.ts';
import { openStore, type Store } from './persistence/connection.ts';
import { provisionMongo, type ProvisionedMongo } from './services/provision.ts';
import { ConsoleChat } from '../adapters/console/chat.ts';
import { renderReply } from '../adapters/console/render.ts';
import { createSlackAdapter, startSlackPlatform } from '../adapters/slack/index.ts';
import { createFeishuAdapter, startFeishuPlatform } from '../adapters/feishu/index.ts';
import { feishuSettings } from '../adapters/feishu/settings.ts';
import { Redis } from 'ioredis';
import { createHttpServer } from './http/server.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
// Scheduled jobs (jobs/): reminders, nudges, alerts, summaries.
import type { ChatPort, MessageHandler, Platform } from './core/messages.ts';
import { CoreThread } from './host/core-thread.ts';
import { ConsolePort } from '../adapters/console/port.ts';
import { createJobEnv, startScheduler, type SchedulerHandle } from '../jobs/scheduler.ts';
import { deliveryLog, listSchedules, runJobCommand } from '../jobs/commands.ts';
import type { DeliveryEvent } from '../jobs/context.ts';
import { findCjkFont } from './ops/fonts.ts';

import { buildCore, type Core } from './assemble.ts';
import path from 'node:path';
import { systemClock } from './core/clock.ts';
import { Intake } from './inbox/intake.ts';
import { pingRedis } from './services/ports.ts';
import { Spool } from './inbox/spool.ts';
import { mongoInboxStore } from './persistence/inbox.ts';
import { mongoEventLedger } from './persistence/event-ledger.ts';

export { buildCore, suggestCustomers, type Core, type CoreOptions } from './assemble.ts';

export interface Runtime {
  store: Store;
  mongo: ProvisionedMongo;
  core: Core;
  close(): Promise<void>;
}

/** Provisions (or connects to) the database and builds the core. */
export async function openRuntime(config: Config, logger: Logger, clock?: Clock, observe?: (event: HandledEvent) => void, opts: { supervise?: boolean } = {}): Promise<Runtime> {
  const mongo = await provisionMongo({
    mongodbUri: config.env.MONGODB_URI,
    dataDir: config.dataDir,
    cacheDir: config.env.KAM_CACHE_DIR,
    progress: (line) => process.stderr.write(`${line}\n`),
    // A long-running process restarts the embedded database when it dies (never a MONGODB_URI server).
    supervise: opts.supervise
      ? (event, details) => (event === 'restarted' ? logger.warn : logger.error).call(logger, { ...details, event }, `embedded database ${event}`)
      : undefined,
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
    observe,
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
  await runServer(config, logger, 'bot');
}

/**
 * The long-running process. `bot`: receives Slack/Feishu on one HTTP server (PORT) with /healthz, /readyz and
 * /metrics, and runs the scheduler; `worker` (`kam worker`, needs REDIS_URL): only the scheduler's workers,
 * sending through the platforms without receiving. SIGTERM/SIGINT: stop taking work, let in-flight messages
 * and deliveries finish (bounded), close connections, exit 0; a second signal exits at once.
 */
export async function runServer(config: Config, logger: Logger, mode: 'bot' | 'worker'): Promise<void> {
  const { slack, feishu } = config.platforms;
  if (mode === 'worker' && !config.env.REDIS_URL) {
    throw new Error('kam worker needs REDIS_URL: without Redis the scheduler runs inside `kam start`');
  }
  const metrics = createMetrics();
  const runtime = await openRuntime(config, logger, undefined, metrics.observeMessage, { supervise: true });
  const http = createHttpServer({ metrics: metrics.registry });
  http.addReadinessCheck('mongodb', async () => {
    await runtime.store.connection.db!.admin().ping();
  });
  const stops: Array<() => Promise<void>> = [];
  const ports: ChatPort[] = [];
  // A bot process handles messages in its core thread, so acknowledgements never wait behind the core's CPU.
  const thread =
    mode === 'bot'
      ? await CoreThread.start({
          mongoUri: runtime.mongo.uri,
          dbName: config.env.MONGODB_DB,
          defaults: { language: config.env.DEFAULT_LOCALE, timeZone: config.env.DEFAULT_TIMEZONE },
          admins: config.env.KAM_ADMINS,
          logLevel: config.env.LOG_LEVEL,
          prettyLogs: Boolean(process.stderr.isTTY),
          logger,
          observe: metrics.observeMessage,
        })
      : null;
  const bot: MessageHandler = thread ?? runtime.core.bot;
  // Every platform request is stored before it is acknowledged; this process and its peers answer it.
  const intake = mode === 'bot' ? await openIntake(config, runtime, logger) : null;
  const admission = intake ?? undefined;
  if (slack) {
    if (mode === 'bot' && thread) {
      const running = await startSlackPlatform(config, { core: { bot } }, logger, {
        http,
        // Typeahead of the customer field in Slack modals: the customers the user may see.
        suggestCustomers: (who, query) => thread.suggestCustomers(who, query),
        // App Home: the user's dashboard, through the core like any command.
        homeFor: (who) =>
          bot.handle({
            eventId: `home:${who.platformUserId}:${randomUUID()}`,
            platform: 'slack',
            kind: 'text',
            conversation: { platform: 'slack', tenantId: who.tenantId, channelId: who.platformUserId, direct: true },
            sender: who,
            text: '/home',
          }),
        admission,
      });
      stops.push(() => running.stop());
      ports.push(running.port);
    } else {
      ports.push(sendOnlySlackPort(config, runtime, logger));
    }
  }
  if (feishu) {
    if (mode === 'bot') {
      const running = await startFeishuPlatform(config, { core: { bot } }, logger, { http, admission });
      stops.push(() => running.stop());
      ports.push(running.port);
    } else {
      ports.push(createFeishuAdapter(feishuSettings(config), bot, logger).port);
    }
  }
  if (ports.length === 0) ports.push(new ConsolePort(process.stdout));
  const byPlatform = new Map(ports.map((p) => [p.platform, p] as const));
  const jobsLogger = logger.child({ area: 'jobs' });
  const jobEnv = await jobEnvFor(config, runtime, jobsLogger, byPlatform, deliveryObserver(metrics, jobsLogger));
  // The scheduler needs Redis when REDIS_URL is set; commands do not. The server answers at once and the
  // scheduler attaches whenever Redis does (/readyz names what is missing meanwhile).
  const scheduling = attachScheduler(config, logger, () =>
    startScheduler(jobEnv, { ports: byPlatform, redisUrl: config.env.REDIS_URL, prefix: config.env.QUEUE_PREFIX }),
  );
  if (config.env.REDIS_URL) {
    const redis = new Redis(config.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    redis.on('error', () => undefined);
    http.addReadinessCheck('redis', async () => {
      if (redis.status !== 'ready') await redis.connect().catch(() => undefined);
      await redis.ping();
    });
    stops.push(async () => redis.disconnect());
  }
  metrics.setQueueDepthSource(() => scheduling.current?.queueDepth() ?? Promise.resolve([]));
  http.addReadinessCheck('scheduler', async () => {
    if (!scheduling.current) throw new Error('not started yet: waiting for Redis');
  });
  const port = await http.listen(config.env.PORT);
  intake?.start();
  logger.info({ mode, port, platforms: [...byPlatform.keys()] }, 'KAM Bot is running');

  await new Promise<void>((resolve) => {
    const first = (signal: string) => {
      logger.info({ signal }, 'shutting down: finishing work in hand (a second signal exits at once)');
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.once('SIGINT', () => first('SIGINT'));
    process.once('SIGTERM', () => first('SIGTERM'));
  });
  // Stop acknowledging (503: the platforms retry, elsewhere or later), hand back what has not reached the
  // core, finish what has within the bound; anything left is taken over by a peer or the next start.
  http.refuseNewWork();
  const handed = await intake?.drain(10_000);
  if (handed) logger.info({ handedBack: handed.handedBack, finished: handed.finished }, 'inbox drained');
  const drained = await (thread ?? runtime.core.bot).drain(handed?.finished === false ? 1_000 : 10_000);
  if (!drained) logger.warn({}, 'some messages were still being handled after 10 s');
  await http.close();
  for (const stop of stops) await stop().catch((err: unknown) => logger.warn({ err }, 'stop failed'));
  await scheduling.close();
  await thread?.close();
  await runtime.close();
  process.exitCode = 0;
}

async function openIntake(config: Config, runtime: Runtime, logger: Logger): Promise<Intake> {
  const ledger = mongoEventLedger(runtime.store.models);
  return new Intake({
    store: mongoInboxStore(runtime.store.models),
    spool: new Spool(path.join(config.dataDir, 'inbox-spool')),
    clock: systemClock,
    logger: logger.child({ area: 'inbox' }),
    i18n: await createI18n(config.env.DEFAULT_LOCALE),
    defaultLanguage: config.env.DEFAULT_LOCALE,
    retentionMs: config.env.INBOX_RETENTION_DAYS * 24 * 3600_000,
    purges: [{ name: 'processedEvents', purge: (before) => ledger.purge(before) }],
  });
}

/** A scheduler started as soon as its dependencies answer, retried with back-off until then (or until closed). */
function attachScheduler(config: Config, logger: Logger, start: () => Promise<SchedulerHandle>): { current: SchedulerHandle | null; close(): Promise<void> } {
  const state: { current: SchedulerHandle | null; closed: boolean; close(): Promise<void> } = {
    current: null,
    closed: false,
    async close() {
      state.closed = true;
      await attached;
      await state.current?.close();
    },
  };
  const attached = (async () => {
    for (let attempt = 0; !state.closed; attempt++) {
      if (config.env.REDIS_URL && !(await pingRedis(config.env.REDIS_URL, 2_000))) {
        if (attempt === 0) logger.warn({}, 'Redis does not answer: serving commands now; the scheduler starts when Redis is back');
        await new Promise((r) => setTimeout(r, Math.min(5_000, 500 * 2 ** Math.min(attempt, 4))));
        continue;
      }
      try {
        state.current = await start();
        logger.info({ scheduler: state.current.mode }, 'scheduler started');
        return;
      } catch (err) {
        logger.warn({ err }, 'the scheduler could not start; retrying');
        await new Promise((r) => setTimeout(r, 5_000));
      }
    }
  })();
  return state;
}

function sendOnlySlackPort(config: Config, runtime: Runtime, logger: Logger): ChatPort {
  return createSlackAdapter({
    botToken: config.env.SLACK_BOT_TOKEN ?? '',
    connection: config.env.SLACK_APP_TOKEN ? { mode: 'socket', appToken: config.env.SLACK_APP_TOKEN } : { mode: 'http', signingSecret: config.env.SLACK_SIGNING_SECRET ?? '' },
    apiUrl: config.env.SLACK_API_URL,
    bot: runtime.core.bot,
    logger,
  }).port;
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

/** Each send attempt of a delivery: counted for /metrics and logged as one line (never the text). */
function deliveryObserver(metrics: Metrics, logger: Logger): (event: DeliveryEvent) => void {
  return (e) => {
    metrics.observeDelivery(e);
    const line = { correlationId: e.key, job: e.job, platform: e.platform, userId: e.recipient, result: e.result, ms: e.ms };
    if (e.result === 'error' || e.result === 'undeliverable') logger.warn(line, 'delivery');
    else logger.info(line, 'delivery');
  };
}

function jobEnvFor(config: Config, runtime: Runtime, logger: Logger, ports: ReadonlyMap<Platform, ChatPort>, observeDelivery?: (event: DeliveryEvent) => void) {
  const font = findCjkFont(config.env.CHART_FONT_FILE);
  return createJobEnv({
    models: runtime.store.models,
    language: config.env.DEFAULT_LOCALE,
    timeZone: config.env.DEFAULT_TIMEZONE,
    platforms: [...ports.keys()],
    schedules: scheduleSettings(config),
    chartFont: font.ok ? font.file : undefined,
    logger,
    observeDelivery,
  });
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
