import type { PendingNoteRepository } from '../domain/ports.ts';
import type { Models } from './models/index.ts';
import { asObjectId, oid } from './scope.ts';
import { oneAtATime } from './serial.ts';

export function mongoPendingNotes(models: Models): PendingNoteRepository {
  const { PendingNote } = models;
  const serial = oneAtATime();
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
    async ownerOf(id) {
      const _id = asObjectId(id);
      const doc = _id ? await PendingNote.findById(_id, { userId: 1 }).lean() : null;
      return doc ? String(doc.userId) : null;
    },
    settle(id, status, visitId) {
      // A double click must save the note once: the claim is serialized (see serial.ts).
      return serial(id, async () => {
        const res = await PendingNote.updateOne(
          { _id: oid(id), status: 'waiting' },
          { $set: { status, ...(visitId ? { visitId: oid(visitId) } : {}) } },
        );
        return res.modifiedCount === 1;
      });
    },
    async release(id) {
      await PendingNote.updateOne({ _id: oid(id), status: 'saved' }, { $set: { status: 'waiting' } });
    },
  };
}
