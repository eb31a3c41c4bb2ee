/**
 * Field writes that know their own inverse. A write changes some fields of one document; its undo step holds
 * the earlier values of only the fields it changed, and the values it wrote as the condition of the reversal,
 * so undoing it never touches another field and never overwrites what someone wrote since.
 */
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import { KamError } from '../core/errors.ts';
import type { UndoStep } from '../domain/ports.ts';
import { documentKey, perDocument } from './serial.ts';

/** Field → new value; `null` or `undefined` clears the field. */
export type FieldPatch = Record<string, unknown>;

function canonical(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Types.ObjectId) return { $oid: value.toHexString() };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** Whether two stored values are the same (ObjectIds, dates and nested documents by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The values as MongoDB stores them (ids as ObjectIds, dates as Dates), cast by the model's schema. */
function castValues(model: Model<any>, patch: FieldPatch): Record<string, unknown> {
  const present = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== null));
  const cast = model.castObject(present) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(patch).map((k) => [k, cast[k] ?? null]));
}

export function setOrUnset(values: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(values);
  const set = Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined));
  const unset = Object.fromEntries(entries.filter(([, v]) => v === null || v === undefined).map(([k]) => [k, 1]));
  return { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) };
}

/**
 * Writes `patch` to the document `id` and returns the inverse step, or null when nothing changed. The write is
 * conditional on the fields it changes still holding what was read (so a concurrent writer on MongoDB makes it
 * fail with `changedMeanwhile` instead of being overwritten); on FerretDB 1.24 the per-document queue does that.
 * `strict` reversals refuse when those fields changed since; others (derived fields) are then skipped.
 */
export function patchWithInverse(model: Model<any>, id: string, patch: FieldPatch, strict: boolean): Promise<UndoStep | null> {
  const collection = model.collection.collectionName;
  const _id = new Types.ObjectId(id);
  return perDocument(documentKey(collection, id), async () => {
    const keys = Object.keys(patch);
    const before = await model.collection.findOne({ _id }, { projection: Object.fromEntries(keys.map((k) => [k, 1])) });
    if (!before) throw new Error(`${collection} ${id} vanished`);
    const after = castValues(model, patch);
    const changed = keys.filter((k) => !sameValue(before[k], after[k]));
    if (changed.length === 0) return null;
    const earlier = Object.fromEntries(changed.map((k) => [k, before[k] ?? null]));
    const wrote = Object.fromEntries(changed.map((k) => [k, after[k]]));
    const stamp = model.schema.get('timestamps') ? { updatedAt: new Date() } : {};
    const res = await model.collection.updateOne({ _id, ...earlier }, setOrUnset({ ...wrote, ...stamp }));
    if (res.matchedCount !== 1) throw new KamError('changedMeanwhile');
    return { op: 'set', collection, id, fields: earlier, expect: wrote, strict };
  });
}
