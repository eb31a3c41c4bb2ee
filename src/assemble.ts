/**
 * The message-handling core, assembled from the store: the services over MongoDB and the bot with its
 * registry. Built in the main thread (console, tests, `kam admin`) or in the core thread of `kam start`
 * (src/host/core-thread.ts); it imports no adapter and no job, so the thread loads only what it runs.
 */
import { Bot, type HandledEvent } from './core/bot.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { createI18n } from './core/i18n.ts';
import type { PlatformIdentity } from './core/identity.ts';
import type { Logger } from './core/logger.ts';
import { buildRegistry } from './domain/commands.ts';
import { DEFAULT_TIER_THRESHOLDS } from './domain/customers/rules.ts';
import type { DomainServices } from './domain/ports.ts';
import { scopeFor } from './domain/scope.ts';
import { visitFallback } from './domain/visits/commands.ts';
import { mongoCallbacks } from './persistence/callbacks.ts';
import { mongoChangeLog } from './persistence/changes.ts';
import { isStoreUnavailable, type Store } from './persistence/connection.ts';
import { mongoCustomers } from './persistence/customers.ts';
import { mongoEventLedger } from './persistence/event-ledger.ts';
import { mongoPendingNotes } from './persistence/pending.ts';
import { mongoReceivables } from './persistence/receivables.ts';
import { mongoReports } from './persistence/reports.ts';
import { mongoTeams } from './persistence/teams.ts';
import { mongoUsers } from './persistence/users.ts';
import { mongoVisits } from './persistence/visits.ts';

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

/** Typeahead of a customer field (Slack modals): the customers the user may see whose name starts like `query`. */
export async function suggestCustomers(core: Core, who: PlatformIdentity, query: string): Promise<Array<{ value: string; label: string }>> {
  const scope = await scopeFor(await core.bot.users.resolve(who), core.services.teams);
  return (await core.services.customers.search(scope, query, 20)).map((c) => ({ value: c.name, label: c.name }));
}

