/** A job-test world on the real database: a team, people with console identities, records, and a run helper. */
import { Types } from 'mongoose';
import { afterAll, beforeAll } from 'vitest';
import { openTestStore } from '../../support/store.ts';
import { createI18n } from '../../../src/core/i18n.ts';
import type { Language, Role } from '../../../src/core/identity.ts';
import { silentLogger } from '../../../src/core/logger.ts';
import type { Platform } from '../../../src/core/messages.ts';
import { isoWeekKey, monthKey } from '../../../src/domain/calendar.ts';
import { naturalKey } from '../../../src/domain/customers/rules.ts';
import type { Store } from '../../../src/persistence/connection.ts';
import { mongoDeliveries } from '../../../src/persistence/deliveries.ts';
import { DEFAULT_RULES, type JobEnv } from '../../../jobs/context.ts';
import { DEFINITIONS } from '../../../jobs/definitions/index.ts';
import { PLATFORM_LIMITS } from '../../../jobs/delivery/limits.ts';
import { memoryPacer } from '../../../jobs/delivery/pacer.ts';
import { loadTeams } from '../../../jobs/people.ts';
import { runOnce } from '../../../jobs/run-once.ts';
import { DEFAULT_SCHEDULES } from '../../../jobs/schedule/defaults.ts';
import type { JobName } from '../../../jobs/types.ts';
import { RecordingPort } from './ports.ts';

const oid = (id: string) => new Types.ObjectId(id);
let seq = 0;

export async function jobEnv(store: Store, opts: { platforms?: Platform[]; rules?: Partial<JobEnv['rules']>; chartFont?: string } = {}): Promise<JobEnv> {
  return {
    models: store.models,
    ledger: mongoDeliveries(store.models),
    i18n: await createI18n('zh-CN'),
    people: { language: 'zh-CN', timeZone: 'Asia/Shanghai', calendar: 'cn', platforms: opts.platforms ?? ['console'] },
    schedules: { ...DEFAULT_SCHEDULES },
    rules: { ...DEFAULT_RULES, ...opts.rules },
    chartFont: opts.chartFont,
    logger: silentLogger,
  };
}

export interface PersonSpec {
  name: string;
  role?: Role;
  zone?: string;
  language?: Language;
  email?: string;
  leave?: Array<{ from: string; to: string }>;
  reportsTo?: string;
  /** No identity: the person cannot be reached. */
  unreachable?: boolean;
}

export function world(store: Store) {
  const { Team, User, Identity, Customer, Callback, Receivable, WeeklyReport, Visit } = store.models;
  return {
    async team(name: string, t: { zone?: string; calendar?: 'cn' | 'plain'; schedules?: Record<string, string> } = {}) {
      const doc = await Team.create({ name, key: naturalKey(`${name}-${++seq}-${Date.now()}`), timeZone: t.zone ?? 'Asia/Shanghai', calendar: t.calendar ?? 'cn', schedules: t.schedules });
      return String(doc._id);
    },
    async person(teamId: string | undefined, p: PersonSpec) {
      const consoleId = `${p.name}-${++seq}`;
      const doc = await User.create({
        name: p.name,
        role: p.role ?? 'rep',
        teamId: teamId ? oid(teamId) : undefined,
        email: p.email ?? `${consoleId}@example.com`.toLowerCase(),
        timeZone: p.zone,
        language: p.language,
        leave: p.leave ?? [],
        reportsTo: p.reportsTo ? oid(p.reportsTo) : undefined,
        consoleId: p.unreachable ? undefined : consoleId,
      });
      if (!p.unreachable) await Identity.create({ _id: `console:${consoleId}`, platform: 'console', platformUserId: consoleId, userId: doc._id });
      return { id: String(doc._id), channel: consoleId };
    },
    async lead(teamId: string, roles: { supervisorId?: string; managerId?: string; summaryChannel?: { platform: Platform; channelId: string } }) {
      await Team.updateOne({ _id: oid(teamId) }, { $set: roles });
    },
    async customer(ownerId: string, teamId: string, c: { name: string; tier?: string; status?: string; lastVisitDay?: string; creditLimit?: number; createdAt?: Date; annualRevenue?: number }) {
      const doc = await new Customer({
        name: c.name,
        key: naturalKey(`${c.name}-${++seq}`),
        ownerId: oid(ownerId),
        teamId: oid(teamId),
        tier: c.tier,
        status: c.status ?? 'active',
        lastVisitDay: c.lastVisitDay,
        creditLimit: c.creditLimit,
        annualRevenue: c.annualRevenue,
        createdAt: c.createdAt ?? new Date('2026-01-05T02:00:00Z'),
      }).save({ timestamps: false });
      return String(doc._id);
    },
    async callback(ownerId: string, teamId: string, customerId: string, c: { dueDay: string; status?: 'open' | 'done' | 'snoozed' | 'cancelled'; note?: string; doneDay?: string }) {
      const doc = await Callback.create({
        customerId: oid(customerId),
        customerName: (await Customer.findById(customerId).lean())?.name ?? 'c',
        ownerId: oid(ownerId),
        teamId: oid(teamId),
        dueDay: c.dueDay,
        status: c.status ?? 'open',
        origin: 'manual',
        note: c.note ?? '',
        week: isoWeekKey(c.dueDay),
        doneDay: c.doneDay,
        doneWeek: c.doneDay ? isoWeekKey(c.doneDay) : undefined,
      });
      return String(doc._id);
    },
    async receivable(ownerId: string, teamId: string, customerId: string, r: { amount: number; dueDay: string; paid?: number; promiseDay?: string; status?: 'open' | 'paid' | 'written_off'; issuedDay?: string; payments?: Array<{ amount: number; day: string }> }) {
      const payments = (r.payments ?? []).map((p) => ({ amount: p.amount, day: p.day, at: new Date(`${p.day}T04:00:00Z`), week: isoWeekKey(p.day), month: monthKey(p.day) }));
      const invoiceNo = `INV-${++seq}`;
      const doc = await Receivable.create({
        customerId: oid(customerId),
        customerName: (await Customer.findById(customerId).lean())?.name ?? 'c',
        ownerId: oid(ownerId),
        teamId: oid(teamId),
        invoiceNo,
        key: invoiceNo.toLowerCase(),
        amount: r.amount,
        currency: 'CNY',
        issuedDay: r.issuedDay ?? r.dueDay,
        dueDay: r.dueDay,
        dueMonth: monthKey(r.dueDay),
        paidAmount: r.paid ?? payments.reduce((s, p) => s + p.amount, 0),
        payments,
        promiseDay: r.promiseDay,
        status: r.status ?? 'open',
      });
      return String(doc._id);
    },
    async report(userId: string, teamId: string, week: string, status: 'draft' | 'submitted' = 'submitted') {
      await WeeklyReport.create({ userId: oid(userId), teamId: oid(teamId), week, status, submittedAt: status === 'submitted' ? new Date() : undefined });
    },
    async visit(ownerId: string, teamId: string, customerId: string, day: string, planned = false) {
      await Visit.create({
        customerId: oid(customerId),
        customerName: 'c',
        ownerId: oid(ownerId),
        teamId: oid(teamId),
        channel: 'onsite',
        visitDay: day,
        visitedAt: new Date(`${day}T03:00:00Z`),
        timeZone: 'Asia/Shanghai',
        week: isoWeekKey(day),
        month: monthKey(day),
        planned,
      });
    },
  };
}

/** Runs a job once at `now` for one team through a recording port; returns the port and the report. */
export async function runJob(env: JobEnv, job: JobName, teamId: string, now: string, opts: { force?: boolean; port?: RecordingPort } = {}) {
  const port = opts.port ?? new RecordingPort('console');
  const teams = await loadTeams(env.models, env.people, teamId);
  const [report] = await runOnce(
    env,
    { ledger: env.ledger, ports: new Map([[port.platform, port]]), pacer: memoryPacer(PLATFORM_LIMITS), leaseMs: 30_000, observe: env.observeDelivery },
    { concurrency: 4, attempts: 3, backoffMs: 10 },
    DEFINITIONS[job],
    teams,
    new Date(now),
    opts,
  );
  if (!report) throw new Error(`team ${teamId} not found`);
  return { port, report };
}

export type JobTestStore = Awaited<ReturnType<typeof openTestStore>>;
export interface JobWorld {
  store: JobTestStore;
  env: JobEnv;
  w: ReturnType<typeof world>;
}

/** A job-test file's store, job environment and world: opened before its tests, dropped after them. */
export function useJobWorld(testFile: string, ready: (world: JobWorld) => void): void {
  let store: JobTestStore | undefined;
  beforeAll(async () => {
    store = await openTestStore(testFile);
    ready({ store, env: await jobEnv(store), w: world(store) });
  });
  afterAll(async () => {
    await store?.drop();
  });
}
