/**
 * A customer's contacts are added with atomic array operators: each new name is pushed under a filter that
 * matches only while no contact of that name is on file (`$nor` of the equality — FerretDB 1.24 gets `$ne`,
 * `$nin` and `$not` wrong on paths into arrays of documents, `$nor` right), so concurrent visits naming new
 * contacts all land and none twice. On FerretDB 1.24 the per-document queue keeps the pushes from overwriting
 * each other. The undo removes exactly the items this call added.
 */
import type { Model } from 'mongoose';
import type { UndoStep } from '../domain/ports.ts';
import type { Contact } from '../domain/records.ts';
import { oid } from './scope.ts';
import { documentKey, perDocument } from './serial.ts';

/** The limits of the contact schema (models/customers.ts). */
const NAME_MAX = 100;
const PHONE_MAX = 50;

/** The contact as stored, in the schema's field order and without empty fields (it is pulled by value). */
function stored(c: Contact): Record<string, string> {
  const title = c.title?.trim().slice(0, NAME_MAX);
  const phone = c.phone?.trim().slice(0, PHONE_MAX);
  return { name: c.name.trim().slice(0, NAME_MAX), ...(title ? { title } : {}), ...(phone ? { phone } : {}) };
}

export function addContacts(model: Model<any>, id: string, contacts: Contact[]): Promise<UndoStep | null> {
  const collection = model.collection.collectionName;
  const unique = new Map<string, Record<string, string>>();
  for (const c of contacts) {
    const doc = stored(c);
    if (doc['name'] && !unique.has(doc['name'])) unique.set(doc['name'], doc);
  }
  if (unique.size === 0) return Promise.resolve(null);
  return perDocument(documentKey(collection, id), async () => {
    const added: Array<Record<string, string>> = [];
    for (const [name, doc] of unique) {
      const res = await model.collection.updateOne({ _id: oid(id), $nor: [{ 'contacts.name': name }] }, { $push: { contacts: doc } } as never);
      if (res.modifiedCount === 1) added.push(doc);
    }
    return added.length ? { op: 'pull', collection, id, field: 'contacts', items: added } : null;
  });
}
