import { KamError } from '../core/errors.ts';
import type { TeamRepository } from '../domain/ports.ts';
import { isDuplicateKeyError } from './connection.ts';
import type { Models } from './models/index.ts';
import { teamKey } from './models/teams.ts';

export function mongoTeams(models: Models): TeamRepository {
  const { Team, User } = models;
  return {
    async create({ name, timeZone }) {
      try {
        const doc = await Team.create({ name: name.trim(), key: teamKey(name), timeZone });
        return { id: String(doc._id), name: doc.name, timeZone: doc.timeZone };
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new KamError('teamExists', { name: name.trim() });
        throw error;
      }
    },
    async findByName(name) {
      const doc = await Team.findOne({ key: teamKey(name) }).lean();
      return doc ? { id: String(doc._id), name: doc.name, timeZone: doc.timeZone } : null;
    },
    async list() {
      const [teams, counts] = await Promise.all([
        Team.find().sort({ key: 1 }).lean(),
        User.aggregate<{ _id: unknown; n: number }>([
          { $match: { teamId: { $exists: true } } },
          { $group: { _id: '$teamId', n: { $sum: 1 } } },
        ]),
      ]);
      const members = new Map(counts.map((c) => [String(c._id), c.n]));
      return teams.map((t) => ({ id: String(t._id), name: t.name, timeZone: t.timeZone, members: members.get(String(t._id)) ?? 0 }));
    },
  };
}
