import { trusted } from 'mongoose';
import type { InboxEntry, InboxStore } from '../inbox/types.ts';
import { isDuplicateKeyError } from './connection.ts';
import type { Models } from './models/index.ts';

interface EntryDoc {
  _id: string;
  platform: string;
  payload: string;
  acceptedAt: Date;
  attempts: number;
}

const toEntry = (d: EntryDoc): InboxEntry => ({ id: d._id, platform: d.platform, payload: JSON.parse(d.payload) as unknown, acceptedAt: d.acceptedAt, attempts: d.attempts });

export function mongoInboxStore(models: Models): InboxStore {
  const { InboxEntry: Entries, InboxClaim: Claims } = models;
  return {
    async insert(entry, owner, leaseUntil) {
      try {
        await Entries.create({
          _id: entry.id,
          platform: entry.platform,
          payload: JSON.stringify(entry.payload),
          status: 'pending',
          acceptedAt: entry.acceptedAt,
          owner,
          leaseUntil,
          attempts: entry.attempts,
        });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async expired(now, limit, platforms) {
      const docs = await Entries.find({ status: 'pending', leaseUntil: trusted({ $lt: now }), platform: trusted({ $in: [...platforms] }) })
        .sort({ leaseUntil: 1 })
        .limit(limit)
        .lean<EntryDoc[]>();
      if (docs.length === 0) return [];
      // The done mark is the authority: a status that a racing lease renewal wrote back (FerretDB 1.24 updates
      // read-then-write the whole document) must not make a finished entry look pending.
      const done = await Claims.find({ _id: trusted({ $in: docs.map((d) => `${d._id}#done`) }) }, { _id: 1 }).lean<Array<{ _id: string }>>();
      const finished = new Set(done.map((d) => d._id.slice(0, -'#done'.length)));
      return docs.filter((d) => !finished.has(d._id)).map(toEntry);
    },
    async takeOver(entry, owner, now, leaseUntil) {
      // The claim is the insert; the update after it only records who works on it (for the next lease check).
      try {
        await Claims.create({ _id: `${entry.id}#${entry.attempts + 1}`, owner, at: now });
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
      await Entries.updateOne({ _id: entry.id }, { $set: { owner, leaseUntil, attempts: entry.attempts + 1 } });
      return true;
    },
    async renew(ids, leaseUntil) {
      if (ids.length > 0) await Entries.updateMany({ _id: trusted({ $in: [...ids] }), status: 'pending' }, { $set: { leaseUntil } });
    },
    async release(ids, availableAt) {
      if (ids.length > 0) await Entries.updateMany({ _id: trusted({ $in: [...ids] }), status: 'pending' }, { $set: { owner: null, leaseUntil: availableAt } });
    },
    async finish(id, at) {
      try {
        await Claims.create({ _id: `${id}#done`, owner: 'done', at });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      await Entries.updateOne({ _id: id }, { $set: { status: 'done', finishedAt: at } });
    },
    async purge(before) {
      const removed = await Entries.deleteMany({ acceptedAt: trusted({ $lt: before }) });
      await Claims.deleteMany({ at: trusted({ $lt: before }) });
      return removed.deletedCount;
    },
  };
}
