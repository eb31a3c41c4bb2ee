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
  throw new Error('Slack and Feishu adapters are not built yet');
}
