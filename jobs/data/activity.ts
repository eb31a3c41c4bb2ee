/**
 * A team's week for the manager summary, per rep, as `$match` + `$group` (`$sum` only, one accumulator per
 * pipeline: FerretDB 1.24 computes only the first) on the period keys the records carry; every `$match` leads
 * with the fields of an index (named at each query).
 *
 * FerretDB 1.24 hands a filter to its backend only as top-level equalities (on PostgreSQL; on SQLite nothing
 * but `_id`), never ranges or `$in`: where a record carries the period key of a range, the `$match` states the
 * key as an equality too, redundant for MongoDB (its index bounds come from the range) but what lets PostgreSQL
 * drop the other weeks' rows before FerretDB sees them.
 */
import { Types, type PipelineStage } from 'mongoose';
import { addDays, startOfDay, weekStart, type Day } from '../../src/domain/calendar.ts';
import { roundMoney } from '../../src/domain/receivables/rules.ts';
import type { Models } from '../../src/persistence/models/index.ts';
import { op } from '../../src/persistence/scope.ts';

export interface RepWeek {
  visits: number;
  customersTouched: number;
  newCustomers: number;
  callbacksDone: number;
  paymentsReceived: number;
  /** Callbacks (the visit plan) due in the week, and how many of them are done. */
  planned: number;
  plannedDone: number;
}

export const emptyWeek = (): RepWeek => ({ visits: 0, customersTouched: 0, newCustomers: 0, callbacksDone: 0, paymentsReceived: 0, planned: 0, plannedDone: 0 });

type Row = { _id: unknown; n: number };
const key = (v: unknown) => String(v);

export interface TeamWeekQueries {
  /** The pipelines run, by name, for `explain` in the benchmark. */
  pipelines: Array<{ name: string; model: keyof Models; pipeline: PipelineStage[] }>;
}

export function teamWeekPipelines(teamId: string, repIds: string[], week: string, zone: string): TeamWeekQueries['pipelines'] {
  const team = new Types.ObjectId(teamId);
  const reps = repIds.map((id) => new Types.ObjectId(id));
  const monday = weekStart(week);
  const sunday = addDays(monday, 6);
  return [
    // Index {teamId, week}: one row per rep and customer.
    { name: 'visits', model: 'Visit', pipeline: [{ $match: { teamId: team, week } }, { $group: { _id: { o: '$ownerId', c: '$customerId' }, n: { $sum: 1 } } }] },
    // Index {teamId, status}: customers carry no period key, so the week is an interval of instants.
    {
      name: 'newCustomers',
      model: 'Customer',
      pipeline: [{ $match: { teamId: team, createdAt: { $gte: startOfDay(monday, zone), $lt: startOfDay(addDays(monday, 7), zone) } } }, { $group: { _id: '$ownerId', n: { $sum: 1 } } }],
    },
    // Index {ownerId, doneWeek}.
    { name: 'callbacksDone', model: 'Callback', pipeline: [{ $match: { ownerId: { $in: reps }, doneWeek: week, status: 'done' } }, { $group: { _id: '$ownerId', n: { $sum: 1 } } }] },
    // Index {teamId, status, dueDay}: the visit plan is the callbacks due in the week. `week` is the due day's
    // week key (kept with dueDay): the same condition, as an equality FerretDB can push down.
    {
      name: 'plan',
      model: 'Callback',
      pipeline: [{ $match: { teamId: team, week, status: { $in: ['open', 'snoozed', 'done'] }, dueDay: { $gte: monday, $lte: sunday } } }, { $group: { _id: { o: '$ownerId', s: '$status' }, n: { $sum: 1 } } }],
    },
  ];
}

export async function teamWeek(models: Models, teamId: string, repIds: string[], week: string, zone: string): Promise<Map<string, RepWeek>> {
  const pipelines = teamWeekPipelines(teamId, repIds, week, zone);
  const results = await Promise.all(pipelines.map((p) => (models[p.model] as unknown as { aggregate<T>(p: PipelineStage[]): Promise<T[]> }).aggregate<Row>(p.pipeline)));
  const out = new Map(repIds.map((id) => [id, emptyWeek()]));
  const at = (id: unknown) => out.get(key(id));
  const [visits, fresh, done, plan] = results as [Row[], Row[], Row[], Row[]];
  // Index {payments.week}. Read, not grouped: FerretDB 1.24 loses the other fields after `$unwind`, and a week's
  // paying receivables are few.
  const paying = await models.Receivable.find({ 'payments.week': week, teamId: new Types.ObjectId(teamId) }, { ownerId: 1, payments: 1 }).lean();
  const payments: Row[] = paying.map((r) => ({ _id: r.ownerId, n: (r.payments ?? []).filter((p) => p.week === week).reduce((s, p) => s + p.amount, 0) }));
  for (const r of visits) {
    const w = at((r._id as { o: unknown }).o);
    if (w) {
      w.visits += r.n;
      w.customersTouched += 1;
    }
  }
  for (const r of fresh) if (at(r._id)) (at(r._id) as RepWeek).newCustomers = r.n;
  for (const r of done) if (at(r._id)) (at(r._id) as RepWeek).callbacksDone = r.n;
  for (const r of payments) if (at(r._id)) (at(r._id) as RepWeek).paymentsReceived = roundMoney((at(r._id) as RepWeek).paymentsReceived + r.n);
  for (const r of plan) {
    const { o, s } = r._id as { o: unknown; s: string };
    const w = at(o);
    if (!w) continue;
    w.planned += r.n;
    if (s === 'done') w.plannedDone += r.n;
  }
  return out;
}

export interface OverdueSummary {
  count: number;
  outstanding: number;
  /** Outstanding by aging bucket (days overdue on `today`). */
  byBucket: Record<string, number>;
  /** The customers owing the most overdue money. */
  top: Array<{ customerId: string; outstanding: number; oldestDueDay: Day }>;
}

/**
 * A team's open receivables due before `today` (index {teamId, status, dueDay}), only the fields the summary adds
 * up: one read, summed here. (Six `$group` pipelines, one per sum, each read the same receivables again: FerretDB
 * 1.24 computes one accumulator per `$group`, and runs each pipeline over every open receivable of the team.)
 */
export function overdueQuery(teamId: string, today: Day) {
  return {
    filter: { teamId: new Types.ObjectId(teamId), status: 'open' as const, dueDay: op({ $lt: today }) },
    fields: { _id: 0, customerId: 1, dueDay: 1, amount: 1, paidAmount: 1 },
  };
}

type Sums = { billed: number; paid: number };

export async function overdueSummary(models: Models, teamId: string, today: Day, bucketOf: (dueDay: Day) => string, topN = 5): Promise<OverdueSummary> {
  const q = overdueQuery(teamId, today);
  const rows = (await models.Receivable.find(q.filter, q.fields).lean()) as unknown as Array<{ customerId: unknown; dueDay: Day; amount: number; paidAmount?: number | null }>;
  // Billed and paid per due day and per customer; what is owed is their difference, never below zero.
  const byDay = new Map<Day, Sums>();
  const byCustomer = new Map<string, Sums>();
  const oldest = new Map<string, Day>();
  const add = <K>(m: Map<K, Sums>, k: K, billed: number, paid: number) => {
    const s = m.get(k) ?? { billed: 0, paid: 0 };
    s.billed += billed;
    s.paid += paid;
    m.set(k, s);
  };
  for (const r of rows) {
    const c = key(r.customerId);
    add(byDay, r.dueDay, r.amount, r.paidAmount ?? 0);
    add(byCustomer, c, r.amount, r.paidAmount ?? 0);
    if (!oldest.has(c) || r.dueDay < (oldest.get(c) as Day)) oldest.set(c, r.dueDay);
  }
  const byBucket: Record<string, number> = {};
  let outstanding = 0;
  for (const [day, s] of byDay) {
    const owed = Math.max(0, s.billed - s.paid);
    const bucket = bucketOf(day);
    byBucket[bucket] = roundMoney((byBucket[bucket] ?? 0) + owed);
    outstanding += owed;
  }
  const top = [...byCustomer]
    .map(([customerId, s]) => ({ customerId, outstanding: roundMoney(Math.max(0, s.billed - s.paid)), oldestDueDay: oldest.get(customerId) ?? today }))
    .filter((r) => r.outstanding > 0)
    .sort((a, b) => b.outstanding - a.outstanding)
    .slice(0, topN);
  return { count: rows.length, outstanding: roundMoney(outstanding), byBucket, top };
}
