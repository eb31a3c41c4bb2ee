/** A team's month for the roll-up: revenue by account, collection by rep, visit plan by rep (`$match` + `$group`). */
import { Types, type PipelineStage } from 'mongoose';
import { DateTime } from 'luxon';
import type { Day } from '../../src/domain/calendar.ts';
import { roundMoney } from '../../src/domain/receivables/rules.ts';
import type { Models } from '../../src/persistence/models/index.ts';

type Row = { _id: unknown; n: number };

export function monthDays(month: string): { first: Day; last: Day; yearAgo: Day } {
  const start = DateTime.fromISO(`${month}-01`, { zone: 'UTC' });
  return { first: start.toISODate() as Day, last: start.endOf('month').toISODate() as Day, yearAgo: start.minus({ months: 11 }).toISODate() as Day };
}

export function rollupPipelines(teamId: string, month: string): Array<{ name: string; model: 'Receivable' | 'Callback'; pipeline: PipelineStage[] }> {
  const team = new Types.ObjectId(teamId);
  const { first, last, yearAgo } = monthDays(month);
  const all = { $in: ['open', 'paid', 'written_off'] };
  // `dueMonth` is the due day's month key (written with dueDay): the range again, as an equality FerretDB's
  // PostgreSQL backend can filter on (MongoDB keeps the dueDay bounds of its index).
  const dueInMonth = { $match: { teamId: team, dueMonth: month, status: all, dueDay: { $gte: first, $lte: last } } };
  return [
    // Index {teamId, status, dueDay}: invoiced amounts of the twelve months to `month`, per account.
    { name: 'revenue', model: 'Receivable', pipeline: [{ $match: { teamId: team, status: all, dueDay: { $gte: yearAgo, $lte: last } } }, { $group: { _id: '$customerId', n: { $sum: '$amount' } } }] },
    { name: 'dueInMonth', model: 'Receivable', pipeline: [dueInMonth, { $group: { _id: '$ownerId', n: { $sum: '$amount' } } }] },
    { name: 'collectedInMonth', model: 'Receivable', pipeline: [dueInMonth, { $group: { _id: '$ownerId', n: { $sum: '$paidAmount' } } }] },
    // Index {teamId, status, dueDay}: the visit plan is the callbacks due in the month.
    {
      name: 'plan',
      model: 'Callback',
      pipeline: [{ $match: { teamId: team, status: { $in: ['open', 'snoozed', 'done'] }, dueDay: { $gte: first, $lte: last } } }, { $group: { _id: { o: '$ownerId', s: '$status' }, n: { $sum: 1 } } }],
    },
  ];
}

export interface MonthFigures {
  revenue: Array<{ customerId: string; amount: number }>;
  due: Map<string, number>;
  collected: Map<string, number>;
  planned: Map<string, number>;
  plannedDone: Map<string, number>;
}

export async function monthFigures(models: Models, teamId: string, month: string): Promise<MonthFigures> {
  const results = await Promise.all(rollupPipelines(teamId, month).map((p) => (models[p.model] as unknown as { aggregate<T>(p: PipelineStage[]): Promise<T[]> }).aggregate<Row>(p.pipeline)));
  const [revenue, due, collected, plan] = results as [Row[], Row[], Row[], Row[]];
  const planned = new Map<string, number>();
  const plannedDone = new Map<string, number>();
  for (const r of plan) {
    const { o, s } = r._id as { o: unknown; s: string };
    planned.set(String(o), (planned.get(String(o)) ?? 0) + r.n);
    if (s === 'done') plannedDone.set(String(o), (plannedDone.get(String(o)) ?? 0) + r.n);
  }
  return {
    revenue: revenue.map((r) => ({ customerId: String(r._id), amount: roundMoney(r.n) })).sort((a, b) => b.amount - a.amount),
    due: new Map(due.map((r) => [String(r._id), roundMoney(r.n)])),
    collected: new Map(collected.map((r) => [String(r._id), roundMoney(r.n)])),
    planned,
    plannedDone,
  };
}

/** ABC classes by cumulative revenue share: A up to 80 %, B up to 95 %, C the rest (an account crossing a line keeps the better class). */
export function abcClasses(revenue: Array<{ customerId: string; amount: number }>): Map<string, 'A' | 'B' | 'C'> {
  const total = revenue.reduce((s, r) => s + r.amount, 0);
  const out = new Map<string, 'A' | 'B' | 'C'>();
  let before = 0;
  for (const r of revenue) {
    const share = total === 0 ? 1 : before / total;
    out.set(r.customerId, share < 0.8 ? 'A' : share < 0.95 ? 'B' : 'C');
    before += r.amount;
  }
  return out;
}
