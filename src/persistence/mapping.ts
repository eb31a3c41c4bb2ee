/** Turns lean documents into domain records: ObjectIds become strings, `_id` becomes `id`, nulls vanish. */
import { Types } from 'mongoose';

type Plain = Record<string, unknown>;

function convert(value: unknown): unknown {
  if (value instanceof Types.ObjectId) return String(value);
  if (value instanceof Date || value === null || typeof value !== 'object') return value ?? undefined;
  if (Array.isArray(value)) return value.map(convert);
  const out: Plain = {};
  for (const [k, v] of Object.entries(value as Plain)) {
    if (v === null || v === undefined || k === '__v' || k === 'createdAt' || k === 'updatedAt') continue;
    out[k === '_id' ? 'id' : k] = convert(v);
  }
  return out;
}

export function toRecord<T>(doc: unknown): T {
  return convert(doc) as T;
}

/** Escapes text for a literal, case-insensitive `$regex` (FerretDB and MongoDB both support it). */
export function literalRegex(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}
