import type { PendingNoteRepository } from '../domain/ports.ts';
import type { Models } from './models/index.ts';
import { asObjectId, oid } from './scope.ts';

export function mongoPendingNotes(models: Models): PendingNoteRepository {
  const { PendingNote } = models;
  return {
    async create(input) {
      const doc = await PendingNote.create({ ...input, mention: input.mention ?? undefined });
      return String(doc._id);
    },
    async get(userId, id) {
      const _id = asObjectId(id);
      if (!_id) return null;
      const doc = await PendingNote.findOne({ _id, userId: oid(userId) }).lean();
      if (!doc) return null;
      return { id: String(doc._id), text: doc.text, writtenAt: doc.writtenAt, timeZone: doc.timeZone, mention: doc.mention ?? null, status: doc.status };
    },
    async settle(id, status, visitId) {
      const res = await PendingNote.updateOne(
        { _id: oid(id), status: 'waiting' },
        { $set: { status, ...(visitId ? { visitId: oid(visitId) } : {}) } },
      );
      return res.modifiedCount === 1;
    },
    async release(id) {
      await PendingNote.updateOne({ _id: oid(id), status: 'saved' }, { $set: { status: 'waiting' } });
    },
  };
}
