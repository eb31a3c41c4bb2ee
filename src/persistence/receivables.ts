/**
 * Receivables (应收账款) in MongoDB. Payments are ledger entries (see payments.ts): `$inc` + `$push` in one
 * update under a filter that only matches while the payment still fits the amount, so on MongoDB two concurrent
 * payments can never together exceed the invoice; on FerretDB 1.24 the per-document queue guarantees it. The
 * undo of a payment removes that entry and subtracts exactly its amount.
 */
import { KamError } from '../core/errors.ts';
import type { ReceivableRepository, UndoStep, Written } from '../domain/ports.ts';
import type { ReceivableRecord } from '../domain/records.ts';
import { invoiceKey, roundMoney } from '../domain/receivables/rules.ts';
import { toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
import { paymentEntry } from './payments.ts';
import { patchWithInverse } from './revertible.ts';
import { documentKey, perDocument } from './serial.ts';
import { oid, scopeFilter } from './scope.ts';

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
      perDocument(documentKey(collection, id), async () => {
        const current = await Receivable.collection.findOne({ _id: oid(id) }, { projection: { amount: 1 } });
        if (!current) throw new Error(`receivable ${id} vanished`);
        const amount = roundMoney(payment.amount);
        const limit = roundMoney(Number(current['amount']) - amount) + FLOAT_SLACK;
        const entry = paymentEntry({ ...payment, amount, source: 'chat' });
        // One atomic update: the ledger entry and its amount together, only while the payment still fits.
        const pushed = await Receivable.collection.updateOne(
          { _id: oid(id), status: 'open', paidAmount: { $lte: limit } },
          { $inc: { paidAmount: amount }, $push: { payments: entry as never }, $set: { updatedAt: payment.at } },
        );
        // The domain checked the amount against what it read; a miss here means another write came first.
        if (pushed.modifiedCount !== 1) throw new KamError('ar.changed');
        const billed = Number(current['amount']);
        // Settle exactly (no float leftovers) and stamp the day it was fully paid — only if it still is.
        await Receivable.collection.updateOne(
          { _id: oid(id), status: 'open', paidAmount: { $gte: billed - FLOAT_SLACK } },
          { $set: { status: 'paid', paidDay: payment.day, paidAmount: billed } },
        );
        return written(id, { op: 'unpay', collection, id, entry });
      }),

    async setPromise(id, day) {
      // Only the promise goes back on undo, so a payment booked in between survives it.
      const undo = await patchWithInverse(Receivable, id, { promiseDay: day }, true);
      return written(id, undo ?? { op: 'set', collection, id, fields: {} });
    },
  };
}
