/**
 * The undo log and the compensation of half-done use cases. Without transactions (FerretDB 1.24 has none),
 * a use case writes its records, then the change; a failure midway reverts the steps written so far.
 */
import type { Connection } from 'mongoose';
import type { ChangeLog, UndoStep } from '../domain/ports.ts';
import type { Models } from './models/index.ts';
import { asObjectId } from './scope.ts';
import { oneAtATime } from './serial.ts';

function idValue(id: string): unknown {
  return asObjectId(id) ?? id;
}

async function applyStep(conn: Connection, step: UndoStep): Promise<void> {
  const collection = conn.collection(step.collection);
  const _id = idValue(step.id);
  switch (step.op) {
    case 'delete':
      await collection.deleteOne({ _id } as never);
      return;
    case 'restore':
      if (step.before && typeof step.before === 'object') await collection.replaceOne({ _id } as never, step.before as never, { upsert: true });
      return;
    case 'set': {
      const entries = Object.entries(step.fields ?? {});
      const set = Object.fromEntries(entries.filter(([, v]) => v !== null && v !== undefined));
      const unset = Object.fromEntries(entries.filter(([, v]) => v === null || v === undefined).map(([k]) => [k, 1]));
      const update = { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) };
      if (Object.keys(update).length) await collection.updateOne({ _id } as never, update);
      return;
    }
    case 'pull':
      // FerretDB 1.24's $pull takes exact values only, not conditions: filter the array here and set it.
      if (step.field && step.names?.length) {
        const doc = await collection.findOne({ _id } as never);
        const items = (doc?.[step.field] as Array<{ name?: string }> | undefined) ?? [];
        const names = new Set(step.names);
        await collection.updateOne({ _id } as never, { $set: { [step.field]: items.filter((i) => !names.has(i.name ?? '')) } });
      }
      return;
  }
}

export function mongoChangeLog(conn: Connection, models: Models): ChangeLog {
  const { Change } = models;
  const serial = oneAtATime();
  return {
    async record({ userId, kind, label, ref, steps, at }) {
      await Change.create({ userId, kind, label, ref, steps, at });
    },
    undo(userId, ref) {
      return serial(userId, () => undoOnce(userId, ref));
    },
    async revert(steps) {
      for (const step of [...steps].reverse()) await applyStep(conn, step);
    },
  };

  async function undoOnce(userId: string, ref: string | undefined) {
    const filter = ref === undefined ? { userId, undone: false } : { userId, ref, undone: false };
    const change = await Change.findOne(filter).sort({ at: -1, _id: -1 }).lean();
    if (!change) return null;
    // Claim it first, so two Undo clicks cannot both restore (the second finds nothing to claim).
    const claimed = await Change.updateOne({ _id: change._id, undone: false }, { $set: { undone: true } });
    if (claimed.modifiedCount !== 1) return null;
    for (const step of [...change.steps].reverse()) await applyStep(conn, step as UndoStep);
    return { kind: change.kind, label: change.label };
  }
}
