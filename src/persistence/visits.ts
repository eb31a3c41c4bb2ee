import type { VisitRepository } from '../domain/ports.ts';
import type { VisitRecord } from '../domain/records.ts';
import { toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
import { asObjectId, oid, scopeFilter } from './scope.ts';

export function mongoVisits(models: Models): VisitRepository {
  const { Visit } = models;
  const collection = Visit.collection.collectionName;
  return {
    async create(input) {
      const doc = await Visit.create(input);
      const record = toRecord<VisitRecord>(doc.toObject());
      return { record, undo: { op: 'delete', collection, id: record.id } };
    },
    async get(scope, id) {
      const _id = asObjectId(id);
      if (!_id) return null;
      const doc = await Visit.findOne({ $and: [{ _id }, scopeFilter(scope)] }).lean();
      return doc ? toRecord<VisitRecord>(doc) : null;
    },
    async update(id, patch) {
      const before = await Visit.collection.findOne({ _id: oid(id) });
      if (!before) throw new Error(`visit ${id} vanished`);
      // A key present with `undefined` (or callbackId null) means "clear it"; absent keys stay as they are.
      const set: Record<string, unknown> = {};
      const unset: Record<string, 1> = {};
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null) unset[k] = 1;
        else set[k] = k === 'callbackId' ? oid(v as string) : v;
      }
      await Visit.updateOne({ _id: oid(id) }, { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) });
      const doc = await Visit.findById(id).lean();
      return { record: toRecord<VisitRecord>(doc), undo: { op: 'restore', collection, id, before } };
    },
    async recent(scope, filter, limit) {
      const extra: Record<string, unknown> = {};
      if (filter.customerId) extra['customerId'] = oid(filter.customerId);
      if (filter.ownerId) extra['ownerId'] = oid(filter.ownerId);
      const docs = await Visit.find({ $and: [scopeFilter(scope), extra] }).sort({ visitDay: -1, visitedAt: -1 }).limit(limit).lean();
      return docs.map((d) => toRecord<VisitRecord>(d));
    },
  };
}
