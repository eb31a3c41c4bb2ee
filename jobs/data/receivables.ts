/** Receivable queries for overdue alerts and summaries; each `$match` leads with an indexed prefix. */
import { Types } from 'mongoose';
import type { Day } from '../../src/domain/calendar.ts';
import { outstanding, roundMoney } from '../../src/domain/receivables/rules.ts';
import type { Models } from '../../src/persistence/models/index.ts';
import { op } from '../../src/persistence/scope.ts';

export interface OpenReceivable {
  id: string;
  customerId: string;
  customerName: string;
  ownerId: string;
  invoiceNo: string;
  currency: string;
  dueDay: Day;
  promiseDay?: Day | undefined;
  outstanding: number;
}

const FIELDS = { customerId: 1, customerName: 1, ownerId: 1, invoiceNo: 1, amount: 1, paidAmount: 1, currency: 1, dueDay: 1, promiseDay: 1 };

type Row = { _id: Types.ObjectId; customerId: Types.ObjectId; customerName: string; ownerId: Types.ObjectId; invoiceNo: string; amount: number; paidAmount?: number | null; currency?: string | null; dueDay: string; promiseDay?: string | null };

function toOpen(r: Row): OpenReceivable {
  return {
    id: String(r._id),
    customerId: String(r.customerId),
    customerName: r.customerName,
    ownerId: String(r.ownerId),
    invoiceNo: r.invoiceNo,
    currency: r.currency ?? 'CNY',
    dueDay: r.dueDay,
    promiseDay: r.promiseDay ?? undefined,
    outstanding: outstanding({ amount: r.amount, paidAmount: r.paidAmount ?? 0 }),
  };
}

/** Open receivables of these owners due before `before` (index {ownerId, status, dueDay}). */
export async function overdueOfOwners(models: Models, ownerIds: string[], before: Day): Promise<OpenReceivable[]> {
  if (ownerIds.length === 0) return [];
  const rows = await models.Receivable.find(
    { ownerId: op({ $in: ownerIds.map((id) => new Types.ObjectId(id)) }), status: 'open', dueDay: op({ $lt: before }) },
    FIELDS,
  ).lean();
  return (rows as Row[]).map(toOpen).filter((r) => r.outstanding > 0);
}

/** Open receivables of a team due before `before` (index {teamId, status, dueDay}). */
export async function overdueOfTeam(models: Models, teamId: string, before: Day): Promise<OpenReceivable[]> {
  const rows = await models.Receivable.find({ teamId: new Types.ObjectId(teamId), status: 'open', dueDay: op({ $lt: before }) }, FIELDS).lean();
  return (rows as Row[]).map(toOpen).filter((r) => r.outstanding > 0);
}

/**
 * Outstanding per customer over a team's open receivables (index {teamId, status, dueDay}). Two pipelines: FerretDB
 * 1.24 computes only the first accumulator of a `$group`.
 */
export async function outstandingByCustomer(models: Models, teamId: string): Promise<Map<string, number>> {
  const match = { $match: { teamId: new Types.ObjectId(teamId), status: 'open' } };
  const [billed, paid] = await Promise.all([
    models.Receivable.aggregate<{ _id: Types.ObjectId; t: number }>([match, { $group: { _id: '$customerId', t: { $sum: '$amount' } } }]),
    models.Receivable.aggregate<{ _id: Types.ObjectId; t: number }>([match, { $group: { _id: '$customerId', t: { $sum: '$paidAmount' } } }]),
  ]);
  const paidBy = new Map(paid.map((p) => [String(p._id), p.t]));
  return new Map(billed.map((b) => [String(b._id), Math.max(0, roundMoney(b.t - (paidBy.get(String(b._id)) ?? 0)))]));
}

export interface CreditCustomer {
  id: string;
  name: string;
  ownerId: string;
  creditLimit: number;
}

export async function customersWithLimits(models: Models, ids: string[]): Promise<CreditCustomer[]> {
  if (ids.length === 0) return [];
  const rows = await models.Customer.find({ _id: op({ $in: ids.map((id) => new Types.ObjectId(id)) }) }, { name: 1, ownerId: 1, creditLimit: 1 }).lean();
  return rows.flatMap((r) => (typeof r.creditLimit === 'number' ? [{ id: String(r._id), name: r.name, ownerId: String(r.ownerId), creditLimit: r.creditLimit }] : []));
}
