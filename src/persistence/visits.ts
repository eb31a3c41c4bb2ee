import type { VisitRepository } from '../domain/ports.ts';
import type { VisitRecord } from '../domain/records.ts';
import { toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
import { patchWithInverse } from './revertible.ts';
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
      // A key present with `undefined` (or callbackId null) means "clear it"; absent keys stay as they are.
      // The undo puts back only the fields this edit changed, and refuses once someone changed them again.
      const undo = await patchWithInverse(Visit, id, patch, true);
      const doc = await Visit.findById(id).lean();
      return { record: toRecord<VisitRecord>(doc), undo: undo ?? { op: 'set', collection, id, fields: {} } };
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
