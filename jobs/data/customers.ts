/** Customer names by id (for summaries that grouped by customer). */
import { Types } from 'mongoose';
import type { Models } from '../../src/persistence/models/index.ts';
import { op } from '../../src/persistence/scope.ts';

export async function customerNames(models: Models, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await models.Customer.find({ _id: op({ $in: ids.map((id) => new Types.ObjectId(id)) }) }, { name: 1 }).lean();
  return new Map(rows.map((r) => [String(r._id), r.name]));
}
