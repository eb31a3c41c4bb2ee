/**
 * The undo log and the compensation of half-done use cases. Without transactions (FerretDB 1.24 has none),
 * a use case writes its records, then the change; a failure midway reverts the steps written so far.
 */
import type { Connection } from 'mongoose';
import type { ChangeLog, UndoStep } from '../domain/ports.ts';
import type { Models } from './models/index.ts';
import { asObjectId, op } from './scope.ts';

function idValue(id: string): unknown {
  return asObjectId(id) ?? id;
}

async function applyStep(conn: Connection, step: UndoStep): Promise<void> {
  const collection = conn.collection(step.collection);
  const _id = idValue(step.id);
  if (step.op === 'delete') {
    await collection.deleteOne({ _id } as never);
  } else if (step.before && typeof step.before === 'object') {
    await collection.replaceOne({ _id } as never, step.before as never, { upsert: true });
  }
}

export function mongoChangeLog(conn: Connection, models: Models): ChangeLog {
  const { Change } = models;
  return {
    async record({ userId, kind, label, steps, at }) {
      await Change.create({ userId, kind, label, steps, at });
    },
    async undoLast(userId) {
      const change = await Change.findOne({ userId, undone: false }).sort({ at: -1, _id: -1 }).lean();
      if (!change) return null;
      for (const step of [...change.steps].reverse()) await applyStep(conn, step as UndoStep);
      await Change.updateOne({ _id: change._id, undone: op({ $ne: true }) }, { $set: { undone: true } });
      return { kind: change.kind, label: change.label };
    },
    async revert(steps) {
      for (const step of [...steps].reverse()) await applyStep(conn, step);
    },
  };
}
