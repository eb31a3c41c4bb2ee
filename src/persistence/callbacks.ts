import type { CallbackRepository } from '../domain/ports.ts';
import type { CallbackRecord } from '../domain/records.ts';
import { toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
import { patchWithInverse } from './revertible.ts';
import { asObjectId, oid, op, scopeFilter } from './scope.ts';

export function mongoCallbacks(models: Models): CallbackRepository {
  const { Callback } = models;
  const collection = Callback.collection.collectionName;
  return {
    async create(input) {
      const doc = await Callback.create({ ...input, status: input.status ?? 'open' });
      const record = toRecord<CallbackRecord>(doc.toObject());
      return { record, undo: { op: 'delete', collection, id: record.id } };
    },
    async get(scope, id) {
      const _id = asObjectId(id);
      if (!_id) return null;
      const doc = await Callback.findOne({ $and: [{ _id }, scopeFilter(scope)] }).lean();
      return doc ? toRecord<CallbackRecord>(doc) : null;
    },
    async listOpen(scope, filter, limit) {
      const extra: Record<string, unknown> = { status: op({ $in: ['open', 'snoozed'] }) };
      if (filter.ownerId) extra['ownerId'] = oid(filter.ownerId);
      if (filter.customerId) extra['customerId'] = oid(filter.customerId);
      if (filter.dueOnOrBefore) extra['dueDay'] = op({ $lte: filter.dueOnOrBefore });
      const docs = await Callback.find({ $and: [scopeFilter(scope), extra] }).sort({ dueDay: 1, _id: 1 }).limit(limit).lean();
      return docs.map((d) => toRecord<CallbackRecord>(d));
    },
    async update(id, patch) {
      // null clears a field, undefined leaves it; the undo puts back only the fields this write changed.
      const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const undo = await patchWithInverse(Callback, id, given, true);
      const doc = await Callback.findById(id).lean();
      return { record: toRecord<CallbackRecord>(doc), undo: undo ?? { op: 'set', collection, id, fields: {} } };
    },
  };
}
