/**
 * A team's week for the manager summary, per rep, as `$match` + `$group` (`$sum` only, one accumulator per
 * pipeline: FerretDB 1.24 computes only the first) on the period keys the records carry; every `$match` leads
 * with the fields of an index (named at each query).
 */
import { Types, type PipelineStage } from 'mongoose';
import { addDays, startOfDay, weekStart, type Day } from '../../src/domain/calendar.ts';
import { roundMoney } from '../../src/domain/receivables/rules.ts';
import type { Models } from '../../src/persistence/models/index.ts';

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
    // Index {teamId, status, dueDay}: the visit plan is the callbacks due in the week.
    {
      name: 'plan',
      model: 'Callback',
      pipeline: [{ $match: { teamId: team, status: { $in: ['open', 'snoozed', 'done'] }, dueDay: { $gte: monday, $lte: sunday } } }, { $group: { _id: { o: '$ownerId', s: '$status' }, n: { $sum: 1 } } }],
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

export function overduePipelines(teamId: string, today: Day): Array<{ name: string; pipeline: PipelineStage[] }> {
  // Index {teamId, status, dueDay}; grouped by due day (a few hundred rows) so the buckets need no per-invoice load.
  const match = { $match: { teamId: new Types.ObjectId(teamId), status: 'open', dueDay: { $lt: today } } };
  return [
    { name: 'overdueAmountByDay', pipeline: [match, { $group: { _id: '$dueDay', n: { $sum: '$amount' } } }] },
    { name: 'overduePaidByDay', pipeline: [match, { $group: { _id: '$dueDay', n: { $sum: '$paidAmount' } } }] },
    { name: 'overdueCountByDay', pipeline: [match, { $group: { _id: '$dueDay', n: { $sum: 1 } } }] },
    { name: 'overdueAmountByCustomer', pipeline: [match, { $group: { _id: '$customerId', n: { $sum: '$amount' } } }] },
    { name: 'overduePaidByCustomer', pipeline: [match, { $group: { _id: '$customerId', n: { $sum: '$paidAmount' } } }] },
    { name: 'overdueOldestByCustomer', pipeline: [match, { $group: { _id: { c: '$customerId', d: '$dueDay' }, n: { $sum: 1 } } }] },
  ];
}

export async function overdueSummary(models: Models, teamId: string, today: Day, bucketOf: (dueDay: Day) => string, topN = 5): Promise<OverdueSummary> {
  const [amount, paid, count, custAmount, custPaid, custDays] = (await Promise.all(overduePipelines(teamId, today).map((p) => models.Receivable.aggregate<Row>(p.pipeline)))) as Row[][] as [Row[], Row[], Row[], Row[], Row[], Row[]];
  const paidBy = new Map(paid.map((r) => [key(r._id), r.n]));
  const byBucket: Record<string, number> = {};
  let outstanding = 0;
  for (const r of amount) {
    const owed = Math.max(0, r.n - (paidBy.get(key(r._id)) ?? 0));
    const bucket = bucketOf(key(r._id));
    byBucket[bucket] = roundMoney((byBucket[bucket] ?? 0) + owed);
    outstanding += owed;
  }
  const custPaidBy = new Map(custPaid.map((r) => [key(r._id), r.n]));
  const oldest = new Map<string, Day>();
  for (const r of custDays) {
    const { c, d } = r._id as { c: unknown; d: string };
    const k = key(c);
    if (!oldest.has(k) || d < (oldest.get(k) as string)) oldest.set(k, d);
  }
  const top = custAmount
    .map((r) => ({ customerId: key(r._id), outstanding: roundMoney(Math.max(0, r.n - (custPaidBy.get(key(r._id)) ?? 0))), oldestDueDay: oldest.get(key(r._id)) ?? today }))
    .filter((r) => r.outstanding > 0)
    .sort((a, b) => b.outstanding - a.outstanding)
    .slice(0, topN);
  return { count: count.reduce((s, r) => s + r.n, 0), outstanding: roundMoney(outstanding), byBucket, top };
}
