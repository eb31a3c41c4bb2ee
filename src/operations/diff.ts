/**
 * What an imported row changes on a stored document. Only real differences are written, so an unchanged
 * row issues no update at all and its `updatedAt` stays where it was.
 */
import { Types } from 'mongoose';

/** The field must be removed (e.g. a customer whose new owner has no team loses its teamId). */
export const UNSET = Symbol('unset');

/** Field → wanted value; `undefined` leaves the stored value alone (a blank cell never erases). */
export type Desired = Record<string, unknown>;

export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, 1>;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Types.ObjectId || b instanceof Types.ObjectId) return a != null && b != null && String(a) === String(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  return a === b;
}

/** The update that turns `stored` into `desired`, or null when nothing differs. */
export function changes(stored: Record<string, unknown>, desired: Desired): Update | null {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [field, want] of Object.entries(desired)) {
    if (want === undefined) continue;
    const have = stored[field];
    if (want === UNSET) {
      if (have !== undefined && have !== null) $unset[field] = 1;
    } else if (!same(have, want)) {
      $set[field] = want;
    }
  }
  const update: Update = {};
  if (Object.keys($set).length > 0) update.$set = $set;
  if (Object.keys($unset).length > 0) update.$unset = $unset;
  return update.$set || update.$unset ? update : null;
}

/** The fields a new document starts with: everything given, nothing unset. */
export function initial(desired: Desired): Record<string, unknown> {
  return Object.fromEntries(Object.entries(desired).filter(([, v]) => v !== undefined && v !== UNSET));
}
