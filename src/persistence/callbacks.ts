import type { CallbackRepository } from '../domain/ports.ts';
import type { CallbackRecord } from '../domain/records.ts';
import { toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
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
      const before = await Callback.collection.findOne({ _id: oid(id) });
      if (!before) throw new Error(`callback ${id} vanished`);
      const set: Record<string, unknown> = {};
      const unset: Record<string, 1> = {};
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) unset[k] = 1;
        else if (v !== undefined) set[k] = v;
      }
      await Callback.updateOne({ _id: oid(id) }, { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) });
      const doc = await Callback.findById(id).lean();
      return { record: toRecord<CallbackRecord>(doc), undo: { op: 'restore', collection, id, before } };
    },
  };
}
