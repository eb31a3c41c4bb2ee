/** A domain Scope as a MongoDB filter on `ownerId` / `teamId` (both indexed on every scoped collection). */
import { trusted, Types } from 'mongoose';
import type { Scope } from '../domain/records.ts';

export const oid = (id: string) => new Types.ObjectId(id);

/**
 * Marks an operator object we wrote ourselves (`{ $in: … }`, `{ $lt: … }`) as trusted: `sanitizeFilter` is
 * on, so any operator not marked this way is turned into a literal `$eq` — which is what stops user input.
 */
export const op = <T extends object>(operator: T): T => trusted(operator);

/** Valid ObjectId text only: a hostile or malformed id is a miss, never an error or an operator. */
export function asObjectId(id: string): Types.ObjectId | null {
  return typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null;
}

export function scopeFilter(scope: Scope): Record<string, unknown> {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'own':
      return { ownerId: oid(scope.userId) };
    case 'teams':
      return { $or: [{ ownerId: oid(scope.userId) }, { teamId: op({ $in: scope.teamIds.map(oid) }) }] };
  }
}
