/**
 * Weekly reports (周报) and the figures they are pre-filled with. The figures stay in the FerretDB 1.24
 * subset: `$match` + `$group` with one `$sum` (no `$lookup`, `$facet`, `$addToSet`), on the period keys
 * the records carry, each `$match` led by the fields of an existing index.
 */
import type { Model, PipelineStage, Types } from 'mongoose';
import { addDays, startOfDay, weekStart, type Day } from '../domain/calendar.ts';
import type { ReportRepository, UndoStep, WeekActivity } from '../domain/ports.ts';
import type { WeeklyReportRecord } from '../domain/records.ts';
import { roundMoney } from '../domain/receivables/rules.ts';
import { isDuplicateKeyError } from './connection.ts';
import { toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
import { patchWithInverse } from './revertible.ts';
import { asObjectId, oid, op } from './scope.ts';

type SaveInput = Parameters<ReportRepository['save']>[0];
type PipelineModel = Pick<Model<any>, 'aggregate'>;

const EDITABLE = ['highlights', 'problems', 'plan', 'status', 'submittedAt'] as const;

/**
 * `defaultTimeZone` is the zone of a user with neither an own nor a team zone; the port's `activity` takes
 * no zone, so the week's instants (for new customers) are computed in the zone stored for the user.
 */
export function mongoReports(models: Models, defaultTimeZone = 'Asia/Shanghai'): ReportRepository {
  const { WeeklyReport } = models;
  const collection = WeeklyReport.collection.collectionName;

  /**
   * Creates the week's report, or writes the given fields of the existing one. The undo deletes a report this
   * save created, else puts back only the fields this save changed (and refuses once they changed again).
   */
  async function write(filter: { userId: Types.ObjectId; week: string }, set: Record<string, unknown>): Promise<{ id: string; undo: UndoStep }> {
    const existing = await WeeklyReport.findOne(filter, { _id: 1 }).lean();
    if (!existing) {
      try {
        const doc = await WeeklyReport.create({ ...filter, ...set });
        return { id: String(doc._id), undo: { op: 'delete', collection, id: String(doc._id) } };
      } catch (error) {
        // Two first saves raced on the unique index: the loser updates the winner's report.
        if (!isDuplicateKeyError(error)) throw error;
        return write(filter, set);
      }
    }
    const id = String(existing._id);
    const undo = await patchWithInverse(WeeklyReport, id, set, true);
    return { id, undo: undo ?? { op: 'set', collection, id, fields: {} } };
  }

  return {
    async get(userId, week) {
      const id = asObjectId(userId);
      if (!id) return null;
      const doc = await WeeklyReport.findOne({ userId: id, week: String(week) }).lean();
      return doc ? toRecord<WeeklyReportRecord>(doc) : null;
    },
    async save(input: SaveInput) {
      const filter = { userId: oid(input.userId), week: String(input.week) };
      const set: Record<string, unknown> = { stats: input.stats };
      if (input.teamId) set['teamId'] = oid(input.teamId);
      for (const key of EDITABLE) if (input[key] !== undefined) set[key] = input[key];
      const { id, undo } = await write(filter, set);
      const doc = await WeeklyReport.findById(id).lean();
      if (!doc) throw new Error(`weekly report ${input.userId}/${input.week} vanished after saving`);
      return { record: toRecord<WeeklyReportRecord>(doc), undo };
    },
    async listForUsers(userIds, week) {
      const ids = userIds.map(asObjectId).filter((id): id is Types.ObjectId => id !== null);
      if (ids.length === 0) return [];
      const docs = await WeeklyReport.find({ userId: op({ $in: ids }), week: String(week) }).lean();
      return docs.map((d) => toRecord<WeeklyReportRecord>(d));
    },
    async activity(userId, week, today) {
      const owner = asObjectId(userId);
      if (!owner) return emptyActivity();
      const zone = await zoneOf(models, owner, defaultTimeZone);
      return weekActivity(models, owner, String(week), today, zone);
    },
  };
}

function emptyActivity(): WeekActivity {
  return {
    visits: 0,
    customersTouched: 0,
    newCustomers: 0,
    callbacksDone: 0,
    callbacksOverdue: 0,
    paymentsReceived: 0,
    overdueReceivables: 0,
    overdueAmount: 0,
  };
}

async function zoneOf(models: Models, userId: Types.ObjectId, fallback: string): Promise<string> {
  const user = await models.User.findById(userId, { timeZone: 1, teamId: 1 }).lean();
  if (user?.timeZone) return user.timeZone;
  const team = user?.teamId ? await models.Team.findById(user.teamId, { timeZone: 1 }).lean() : null;
  return team?.timeZone ?? fallback;
}

/**
 * One total per pipeline: FerretDB 1.24 computes only the first accumulator of a `$group` (the others come
 * back as 0), so a `$group` here never carries two.
 */
async function total(model: PipelineModel, match: Record<string, unknown>, sum: 1 | `$${string}`, between: PipelineStage[] = []): Promise<number> {
  const rows = await model.aggregate<{ t: number }>([{ $match: match }, ...between, { $group: { _id: null, t: { $sum: sum } } }]);
  return rows[0]?.t ?? 0;
}

async function weekActivity(models: Models, owner: Types.ObjectId, week: string, today: Day, zone: string): Promise<WeekActivity> {
  const { Visit, Customer, Callback, Receivable } = models;
  const monday = weekStart(week);
  const overdue = { ownerId: owner, status: 'open', dueDay: { $lt: today } };
  const [perCustomer, newCustomers, callbacksDone, callbacksOverdue, paymentsReceived, overdueCount, overdueBilled, overduePaid] = await Promise.all([
    // Index {ownerId, visitDay}: the week's days bound the scan; `week` is the key the visit was filed under.
    // One row per customer visited (a rep's week holds a handful), so the groups are counted here.
    Visit.aggregate<{ n: number }>([
      { $match: { ownerId: owner, visitDay: { $gte: monday, $lte: addDays(monday, 6) }, week } },
      { $group: { _id: '$customerId', n: { $sum: 1 } } },
    ]),
    // Index {ownerId, status}: customers carry no period key, so the week is an interval of instants.
    total(Customer, { ownerId: owner, createdAt: { $gte: startOfDay(monday, zone), $lt: startOfDay(addDays(monday, 7), zone) } }, 1),
    // Index {ownerId, doneWeek}.
    total(Callback, { ownerId: owner, doneWeek: week, status: 'done' }, 1),
    // Index {ownerId, status, dueDay}.
    total(Callback, { ownerId: owner, status: { $in: ['open', 'snoozed'] }, dueDay: { $lt: today } }, 1),
    // Index {payments.week}; a receivable may hold payments of other weeks, hence the second $match.
    total(Receivable, { 'payments.week': week, ownerId: owner }, '$payments.amount', [{ $unwind: '$payments' }, { $match: { 'payments.week': week } }]),
    // Index {ownerId, status, dueDay}.
    total(Receivable, overdue, 1),
    total(Receivable, overdue, '$amount'),
    total(Receivable, overdue, '$paidAmount'),
  ]);
  return {
    visits: perCustomer.reduce((sum, c) => sum + c.n, 0),
    customersTouched: perCustomer.length,
    newCustomers,
    callbacksDone,
    callbacksOverdue,
    paymentsReceived: roundMoney(paymentsReceived),
    overdueReceivables: overdueCount,
    overdueAmount: Math.max(0, roundMoney(overdueBilled - overduePaid)),
  };
}
