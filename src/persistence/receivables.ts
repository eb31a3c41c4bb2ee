/**
 * Receivables (应收账款) in MongoDB. Payments are `$inc` + `$push` under a filter that only matches while the
 * payment still fits the amount, so on MongoDB two concurrent payments can never together exceed the invoice.
 */
import { KamError } from '../core/errors.ts';
import type { ReceivableRepository, UndoStep, Written } from '../domain/ports.ts';
import type { ReceivableRecord } from '../domain/records.ts';
import { invoiceKey, outstanding, roundMoney } from '../domain/receivables/rules.ts';
import { toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
import { oneAtATime } from './serial.ts';
import { oid, op, scopeFilter } from './scope.ts';

/** Longer than any invoice number the schema accepts: not worth a query. */
const MAX_INVOICE_LENGTH = 100;
/**
 * `$inc` adds binary floats (0.1 + 0.2 = 0.30000000000000004); a tolerance far below one cent keeps an
 * exact final payment from being refused by that noise.
 */
const FLOAT_SLACK = 0.001;

export function mongoReceivables(models: Models): ReceivableRepository {
  const { Receivable } = models;
  const collection = Receivable.collection.collectionName;
  const serial = oneAtATime();

  async function snapshot(id: string) {
    const before = await Receivable.collection.findOne({ _id: oid(id) });
    if (!before) throw new Error(`receivable ${id} vanished`);
    return before;
  }

  async function written(id: string, undo: UndoStep): Promise<Written<ReceivableRecord>> {
    const doc = await Receivable.findById(id).lean();
    return { record: toRecord<ReceivableRecord>(doc), undo };
  }

  return {
    async listOpen(scope, filter) {
      const extra: Record<string, unknown> = { status: 'open' };
      if (filter.ownerId) extra['ownerId'] = oid(filter.ownerId);
      if (filter.customerId) extra['customerId'] = oid(filter.customerId);
      const docs = await Receivable.find({ $and: [scopeFilter(scope), extra] }).sort({ dueDay: 1, invoiceNo: 1 }).lean();
      return docs.map((d) => toRecord<ReceivableRecord>(d));
    },

    async findByInvoice(scope, invoiceNo) {
      if (typeof invoiceNo !== 'string') return null;
      const key = invoiceKey(invoiceNo);
      if (!key || key.length > MAX_INVOICE_LENGTH) return null;
      const doc = await Receivable.findOne({ $and: [{ key }, scopeFilter(scope)] }).lean();
      return doc ? toRecord<ReceivableRecord>(doc) : null;
    },

    recordPayment: (id, payment) =>
      serial(id, async () => {
        const before = await snapshot(id);
        const amount = roundMoney(payment.amount);
        const limit = roundMoney(Number(before['amount']) - amount) + FLOAT_SLACK;
        const pushed = await Receivable.updateOne(
          { _id: oid(id), status: 'open', paidAmount: op({ $lte: limit }) },
          {
            $inc: { paidAmount: amount },
            $push: { payments: { amount, day: payment.day, at: payment.at, byUserId: oid(payment.byUserId), week: payment.week, month: payment.month } },
          },
        );
        // The domain checked the amount against what it read; a miss here means another write came first.
        if (pushed.modifiedCount !== 1) throw new KamError('ar.changed');
        const after = await Receivable.findById(id, { amount: 1, paidAmount: 1 }).lean();
        if (after && outstanding(after) === 0) {
          // Settle exactly (no float leftovers) and stamp the day it was fully paid.
          await Receivable.updateOne({ _id: oid(id), status: 'open' }, { $set: { status: 'paid', paidDay: payment.day, paidAmount: after.amount } });
        }
        return written(id, { op: 'restore', collection, id, before });
      }),

    setPromise: (id, day) =>
      serial(id, async () => {
        const before = await snapshot(id);
        await Receivable.updateOne({ _id: oid(id) }, day === null ? { $unset: { promiseDay: 1 } } : { $set: { promiseDay: day } });
        // Only the promise goes back on undo, so a payment booked in between survives it.
        return written(id, { op: 'set', collection, id, fields: { promiseDay: before['promiseDay'] ?? null } });
      }),
  };
}
