/** Callback queries and the cadence rule's writes, for callback-nudges and the summaries. */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { daysBetween, isoWeekKey, localDay, type Day } from '../../src/domain/calendar.ts';
import { tierClass, type Tier } from '../../src/domain/customers/rules.ts';
import type { Models } from '../../src/persistence/models/index.ts';
import { op } from '../../src/persistence/scope.ts';

export interface DueCallback {
  id: string;
  ownerId: string;
  customerId: string;
  customerName: string;
  dueDay: Day;
  note: string;
  status: string;
}

/** Open and snoozed callbacks of these owners due on or before `until` (index {ownerId, status, dueDay}). */
export async function dueCallbacks(models: Models, ownerIds: string[], until: Day): Promise<DueCallback[]> {
  if (ownerIds.length === 0) return [];
  const rows = await models.Callback.find(
    { ownerId: op({ $in: ownerIds.map((id) => new Types.ObjectId(id)) }), status: op({ $in: ['open', 'snoozed'] as Array<'open' | 'snoozed'> }), dueDay: op({ $lte: until }) },
    { ownerId: 1, customerId: 1, customerName: 1, dueDay: 1, note: 1, status: 1 },
  )
    .sort({ dueDay: 1, _id: 1 })
    .lean();
  return rows.map((r) => ({
    id: String(r._id),
    ownerId: String(r.ownerId),
    customerId: String(r.customerId),
    customerName: r.customerName,
    dueDay: r.dueDay,
    note: r.note ?? '',
    status: r.status,
  }));
}

/** A stable ObjectId from text: the same lapse always names the same callback, so it is created once. */
export function stableObjectId(text: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(text).digest().subarray(0, 12));
}

export interface Lapse {
  customerId: string;
  customerName: string;
  ownerId: string;
  tier: Tier;
  /** The last visit day (or the day the account was created) the lapse is measured from. */
  since: Day;
  days: number;
}

/**
 * Active accounts of these owners with no visit within their tier's cadence (index {ownerId, status}); `today`
 * and `zone` are each owner's.
 */
export async function cadenceLapses(
  models: Models,
  owners: Array<{ id: string; today: Day; zone: string }>,
  cadenceDays: Record<'A' | 'B' | 'C' | 'D', number>,
): Promise<Lapse[]> {
  if (owners.length === 0) return [];
  const byOwner = new Map(owners.map((o) => [o.id, o]));
  const rows = await models.Customer.find(
    { ownerId: op({ $in: owners.map((o) => new Types.ObjectId(o.id)) }), status: 'active' },
    { name: 1, ownerId: 1, tier: 1, lastVisitDay: 1, createdAt: 1 },
  ).lean();
  const out: Lapse[] = [];
  for (const c of rows) {
    const cls = tierClass((c.tier ?? null) as Tier | null);
    const owner = byOwner.get(String(c.ownerId));
    if (!cls || !owner) continue;
    const since = c.lastVisitDay ?? (c.createdAt ? localDay(c.createdAt as Date, owner.zone) : null);
    if (!since) continue;
    const days = daysBetween(since, owner.today);
    if (days >= cadenceDays[cls]) out.push({ customerId: String(c._id), customerName: c.name, ownerId: String(c.ownerId), tier: c.tier as Tier, since, days });
  }
  return out;
}

/**
 * Creates one cadence callback per lapse, due today, unless the account already has an open one (index
 * {customerId, status}). The `_id` derives from the lapse, so a second run — or a concurrent one — inserts
 * nothing; `cadenceKey` records the day the lapse was measured from.
 */
export async function createCadenceCallbacks(
  models: Models,
  lapses: Lapse[],
  owners: Map<string, { today: Day; teamId: string; note: (l: Lapse) => string }>,
): Promise<number> {
  if (lapses.length === 0) return 0;
  const open = await models.Callback.find(
    { customerId: op({ $in: lapses.map((l) => new Types.ObjectId(l.customerId)) }), status: op({ $in: ['open', 'snoozed'] as Array<'open' | 'snoozed'> }) },
    { customerId: 1 },
  ).lean();
  const followed = new Set(open.map((o) => String(o.customerId)));
  const docs = lapses
    .filter((l) => !followed.has(l.customerId))
    .flatMap((l) => {
      const owner = owners.get(l.ownerId);
      if (!owner) return [];
      return [
        {
          _id: stableObjectId(`cadence:${l.customerId}:${l.since}`),
          customerId: new Types.ObjectId(l.customerId),
          customerName: l.customerName,
          ownerId: new Types.ObjectId(l.ownerId),
          teamId: new Types.ObjectId(owner.teamId),
          dueDay: owner.today,
          week: isoWeekKey(owner.today),
          status: 'open',
          origin: 'cadence',
          note: owner.note(l).slice(0, 1000),
          cadenceKey: l.since,
        },
      ];
    });
  if (docs.length === 0) return 0;
  try {
    const res = await models.Callback.insertMany(docs, { ordered: false });
    return res.length;
  } catch (error) {
    const e = error as { writeErrors?: unknown[]; insertedDocs?: unknown[]; code?: number };
    const errs = (e.writeErrors ?? []) as Array<{ code?: number; err?: { code?: number } }>;
    if (!(errs.length > 0 && errs.every((w) => (w.code ?? w.err?.code) === 11000)) && e.code !== 11000) throw error;
    return e.insertedDocs?.length ?? docs.length - errs.length;
  }
}

/** Open/snoozed callbacks past due, per owner, for a team (index {teamId, status, dueDay}). */
export async function overdueCallbackCounts(models: Models, teamId: string, before: Day): Promise<Map<string, number>> {
  const rows = await models.Callback.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { teamId: new Types.ObjectId(teamId), status: { $in: ['open', 'snoozed'] }, dueDay: { $lt: before } } },
    { $group: { _id: '$ownerId', n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((r) => [String(r._id), r.n]));
}
