import { KamError } from '../core/errors.ts';
import { naturalKey } from '../domain/customers/rules.ts';
import type { CustomerRepository } from '../domain/ports.ts';
import type { CustomerRecord } from '../domain/records.ts';
import { isDuplicateKeyError } from './connection.ts';
import { literalRegex, toRecord } from './mapping.ts';
import type { Models } from './models/index.ts';
import { addContacts } from './contacts.ts';
import { asObjectId, oid, op, scopeFilter } from './scope.ts';
import { documentKey, perDocument } from './serial.ts';

export function mongoCustomers(models: Models): CustomerRepository {
  const { Customer } = models;
  const collection = Customer.collection.collectionName;

  return {
    async candidates(scope) {
      const rows = await Customer.find(scopeFilter(scope), { name: 1, aliases: 1 }).lean();
      return rows.map((r) => ({ id: String(r._id), name: r.name, aliases: r.aliases ?? [] }));
    },
    async get(scope, id) {
      const _id = asObjectId(id);
      if (!_id) return null;
      const doc = await Customer.findOne({ $and: [{ _id }, scopeFilter(scope)] }).lean();
      return doc ? toRecord<CustomerRecord>(doc) : null;
    },
    async search(scope, query, limit) {
      const rx = literalRegex(query.normalize('NFKC').trim());
      const docs = await Customer.find({ $and: [scopeFilter(scope), { $or: [{ name: op({ $regex: rx }) }, { aliases: op({ $regex: rx }) }, { key: op({ $regex: rx }) }] }] })
        .sort({ name: 1 })
        .limit(limit)
        .lean();
      return docs.map((d) => toRecord<CustomerRecord>(d));
    },
    async list(scope, filter, limit) {
      const extra: Record<string, unknown> = {};
      if (filter.ownerId) extra['ownerId'] = oid(filter.ownerId);
      if (filter.status) extra['status'] = filter.status;
      const docs = await Customer.find({ $and: [scopeFilter(scope), extra] }).sort({ name: 1 }).limit(limit).lean();
      return docs.map((d) => toRecord<CustomerRecord>(d));
    },
    async create(input) {
      try {
        const fields = { ...input, key: naturalKey(input.name), aliases: input.aliases ?? [] };
        // Stamped with the caller's clock when it gives one (a demo or test at another date), else by mongoose.
        const doc = input.createdAt
          ? await new Customer({ ...fields, createdAt: input.createdAt, updatedAt: input.createdAt }).save({ timestamps: false })
          : await Customer.create(fields);
        const record = toRecord<CustomerRecord>(doc.toObject());
        return { record, undo: { op: 'delete', collection, id: record.id } };
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new KamError('customer.exists', { name: input.name.trim() });
        throw error;
      }
    },
    addContacts: (id, contacts) => addContacts(Customer, id, contacts),
    touchLastVisit: (id, day) =>
      perDocument(documentKey(collection, id), async () => {
        const current = await Customer.collection.findOne({ _id: oid(id) }, { projection: { lastVisitDay: 1 } });
        const earlier = (current?.['lastVisitDay'] as string | undefined) ?? null;
        if (!current || (earlier && earlier >= day)) return null;
        // Only forward, and only from the value read; its undo is skipped once a later visit moved it again.
        const res = await Customer.collection.updateOne({ _id: oid(id), lastVisitDay: earlier }, { $set: { lastVisitDay: day } });
        if (res.modifiedCount !== 1) return null;
        return { op: 'set', collection, id, fields: { lastVisitDay: earlier }, expect: { lastVisitDay: day }, strict: false };
      }),
  };
}
