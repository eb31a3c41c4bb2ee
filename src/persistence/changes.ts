/**
 * The undo log and the compensation of half-done use cases. Without transactions (FerretDB 1.24 has none),
 * a use case writes its records, then the change; a failure midway reverts the steps written so far.
 * Every step is an inverse (see UndoStep): each applies as one atomic, conditional update of one document,
 * queued per document in this process (FerretDB 1.24, see serial.ts).
 */
import type { Collection, Connection } from 'mongoose';
import type { ChangeLog, UndoOutcome, UndoStep } from '../domain/ports.ts';
import type { Models } from './models/index.ts';
import { setOrUnset } from './revertible.ts';
import { asObjectId } from './scope.ts';
import { documentKey, oneAtATime, perDocument } from './serial.ts';

function idValue(id: string): unknown {
  return asObjectId(id) ?? id;
}

/** Applies one step; false when its condition no longer holds (nothing written). */
function applyStep(conn: Connection, step: UndoStep): Promise<boolean> {
  const collection = conn.collection(step.collection);
  return perDocument(documentKey(step.collection, step.id), () => applyNow(collection, step));
}

async function applyNow(collection: Collection, step: UndoStep): Promise<boolean> {
  const _id = idValue(step.id);
  switch (step.op) {
    case 'delete':
      await collection.deleteOne({ _id } as never);
      return true;
    case 'set': {
      const update = setOrUnset(step.fields ?? {});
      if (Object.keys(update).length === 0) return true;
      const res = await collection.updateOne({ _id, ...(step.expect ?? {}) } as never, update);
      return res.matchedCount === 1;
    }
    case 'pull':
      return pullItems(collection, _id, step);
    case 'unpay':
      return unpay(collection, _id, step);
    case 'restore':
      // A whole earlier document would wipe everything written since: never applied (see UndoStep).
      return false;
  }
}

async function pullItems(collection: Collection, _id: unknown, step: UndoStep): Promise<boolean> {
  if (!step.field) return true;
  // FerretDB 1.24's $pull/$pullAll match exact items only, which is what the step holds.
  if (step.items?.length) await collection.updateOne({ _id } as never, { $pullAll: { [step.field]: step.items } } as never);
  // Older records name the items instead (MongoDB applies this; FerretDB 1.24 ignores the condition).
  else if (step.names?.length) await collection.updateOne({ _id } as never, { $pull: { [step.field]: { name: { $in: step.names } } } } as never);
  return true;
}

/** Removes exactly one payment and its amount; a payment already gone is left alone. */
async function unpay(collection: Collection, _id: unknown, step: UndoStep): Promise<boolean> {
  const entry = step.entry;
  if (!entry) return true;
  const doc = await collection.findOne({ _id, 'payments.id': entry.id } as never, { projection: { status: 1 } });
  if (!doc) return true;
  // Taking a payment off a settled invoice reopens it; a written-off one stays written off.
  const reopen = doc['status'] === 'paid' ? { $set: { status: 'open' }, $unset: { paidDay: 1 } } : {};
  await collection.updateOne(
    { _id, status: doc['status'], 'payments.id': entry.id } as never,
    { $pull: { payments: entry }, $inc: { paidAmount: -entry.amount }, ...reopen } as never,
  );
  return true;
}

/** The step that puts back what `step` reversed (a strict `set` only), for rolling back a refused undo. */
function forward(step: UndoStep): UndoStep {
  return { ...step, fields: step.expect ?? {}, expect: step.fields ?? {} };
}

export function mongoChangeLog(conn: Connection, models: Models): ChangeLog {
  const { Change } = models;
  const serial = oneAtATime();

  /** Reverses the steps, strict ones first; none is kept when one of them no longer holds. */
  async function reverse(steps: UndoStep[]): Promise<boolean> {
    const newestFirst = [...steps].reverse();
    if (newestFirst.some((s) => s.op === 'restore')) return false;
    const strict = newestFirst.filter((s) => s.op === 'set' && s.strict);
    const applied: UndoStep[] = [];
    for (const step of strict) {
      if (await applyStep(conn, step)) {
        applied.push(step);
        continue;
      }
      for (const done of applied.reverse()) await applyStep(conn, forward(done));
      return false;
    }
    for (const step of newestFirst.filter((s) => !strict.includes(s))) await applyStep(conn, step);
    return true;
  }

  async function undoOnce(userId: string, ref: string | undefined): Promise<UndoOutcome> {
    const filter = ref === undefined ? { userId, undone: false } : { userId, ref, undone: false };
    const change = await Change.findOne(filter).sort({ at: -1, _id: -1 }).lean();
    if (!change) return { status: 'none' };
    // Claim it first, so two Undo clicks cannot both reverse it (the second finds nothing to claim).
    const claimed = await Change.updateOne({ _id: change._id, undone: false }, { $set: { undone: true } });
    if (claimed.modifiedCount !== 1) return { status: 'none' };
    if (await reverse(change.steps as UndoStep[])) return { status: 'undone', kind: change.kind, label: change.label };
    await Change.updateOne({ _id: change._id }, { $set: { undone: false } });
    return { status: 'conflict', kind: change.kind, label: change.label };
  }

  return {
    async record({ userId, kind, label, ref, steps, at }) {
      await Change.create({ userId, kind, label, ref, steps, at });
    },
    undo(userId, ref) {
      return serial(userId, () => undoOnce(userId, ref));
    },
    async ownerOf(ref) {
      const change = await Change.findOne({ ref, undone: false }, { userId: 1 }).sort({ at: -1, _id: -1 }).lean();
      return change ? String(change.userId) : null;
    },
    async revert(steps) {
      for (const step of [...steps].reverse()) await applyStep(conn, step);
    },
  };
}
