import { KamError } from '../core/errors.ts';
import type { TeamRepository } from '../domain/ports.ts';
import { isDuplicateKeyError } from './connection.ts';
import type { Models } from './models/index.ts';
import { teamKey } from './models/teams.ts';
import { oid } from './scope.ts';

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
    async details(teamId) {
      if (!/^[0-9a-f]{24}$/i.test(teamId)) return null;
      const t = await Team.findById(teamId).lean();
      if (!t) return null;
      return {
        id: String(t._id),
        name: t.name,
        timeZone: t.timeZone,
        supervisorId: t.supervisorId ? String(t.supervisorId) : undefined,
        managerId: t.managerId ? String(t.managerId) : undefined,
        summaryChannel: t.summaryChannel
          ? {
              platform: t.summaryChannel.platform as 'console' | 'slack' | 'feishu',
              tenantId: t.summaryChannel.tenantId ?? undefined,
              channelId: t.summaryChannel.channelId,
              threadId: t.summaryChannel.threadId ?? undefined,
              direct: t.summaryChannel.direct ?? false,
            }
          : undefined,
        calendar: t.calendar ?? 'cn',
      };
    },
    async update(teamId, patch) {
      const set: Record<string, unknown> = {};
      if (patch.supervisorId) set['supervisorId'] = oid(patch.supervisorId);
      if (patch.managerId) set['managerId'] = oid(patch.managerId);
      if (patch.summaryChannel) set['summaryChannel'] = patch.summaryChannel;
      if (patch.calendar) set['calendar'] = patch.calendar;
      if (patch.timeZone) set['timeZone'] = patch.timeZone;
      if (Object.keys(set).length) await Team.updateOne({ _id: oid(teamId) }, { $set: set });
    },
    async ledBy(userId) {
      const id = oid(userId);
      const rows = await Team.find({ $or: [{ supervisorId: id }, { managerId: id }] }, { _id: 1 }).lean();
      return rows.map((r) => String(r._id));
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
