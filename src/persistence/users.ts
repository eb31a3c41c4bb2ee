import { trusted, Types } from 'mongoose';
import type { Actor, Language, PlatformIdentity, Role, UserDirectory } from '../core/identity.ts';
import type { UserRepository } from '../domain/ports.ts';
import { isDuplicateKeyError } from './connection.ts';
import type { Models } from './models/index.ts';
import { identityKey, type UserDoc } from './models/users.ts';

const platformField = { console: 'consoleId', slack: 'slackId', feishu: 'feishuOpenId' } as const;

type UserRow = UserDoc & { _id: Types.ObjectId };

function toActor(doc: UserRow, teamTimeZone?: string): Actor {
  return {
    id: String(doc._id),
    name: doc.name,
    email: doc.email ?? undefined,
    role: doc.role,
    teamId: doc.teamId ? String(doc.teamId) : undefined,
    language: doc.language ?? undefined,
    timeZone: doc.timeZone ?? undefined,
    teamTimeZone,
  };
}

/** `admins`: emails or platform ids (lower case) that get the admin role when their user is first created. */
export function mongoUsers(models: Models, opts: { admins?: readonly string[] } = {}): UserDirectory & UserRepository {
  const admins = new Set(opts.admins ?? []);
  const { User, Identity, Team } = models;

  async function withTeam(doc: UserRow): Promise<Actor> {
    if (!doc.teamId) return toActor(doc);
    const team = await Team.findById(doc.teamId, { timeZone: 1 }).lean();
    return toActor(doc, team?.timeZone);
  }

  async function link(identity: PlatformIdentity, userId: Types.ObjectId): Promise<void> {
    const _id = identityKey(identity.platform, identity.platformUserId);
    try {
      await Identity.create({ _id, platform: identity.platform, platformUserId: identity.platformUserId, tenantId: identity.tenantId, userId });
    } catch (error) {
      // Another process linked the same identity first; its link wins.
      if (!isDuplicateKeyError(error)) throw error;
    }
    await User.updateOne({ _id: userId }, { $set: { [platformField[identity.platform]]: identity.platformUserId } });
  }

  async function byIdentity(identity: PlatformIdentity): Promise<UserRow | null> {
    const link = await Identity.findById(identityKey(identity.platform, identity.platformUserId)).lean();
    return link ? ((await User.findById(link.userId).lean()) as UserRow | null) : null;
  }

  return {
    async resolve(identity) {
      const known = await byIdentity(identity);
      if (known) return withTeam(known);
      // An imported user (same email or same platform id column) is linked, not duplicated.
      const email = identity.email?.toLowerCase();
      const imported = (await User.findOne({
        $or: [{ [platformField[identity.platform]]: identity.platformUserId }, ...(email ? [{ email }] : [])],
      }).lean()) as UserRow | null;
      const user =
        imported ??
        ((
          await User.create({
            name: identity.displayName?.trim() || identity.platformUserId,
            email,
            role: admins.has(identity.platformUserId.toLowerCase()) || (email !== undefined && admins.has(email)) ? 'admin' : 'rep',
          })
        ).toObject() as UserRow);
      await link(identity, user._id);
      // Re-read through the identity so two first contacts racing end on the same user.
      const linked = (await byIdentity(identity)) ?? user;
      if (!imported && String(linked._id) !== String(user._id)) await User.deleteOne({ _id: user._id });
      return withTeam(linked);
    },
    async setLanguage(userId: string, language: Language | null) {
      await User.updateOne({ _id: userId }, language ? { $set: { language } } : { $unset: { language: 1 } });
    },
    async setTimeZone(userId: string, timeZone: string) {
      await User.updateOne({ _id: userId }, { $set: { timeZone } });
    },
    async setRole(userId: string, role: Role) {
      await User.updateOne({ _id: userId }, { $set: { role } });
    },
    async setTeam(userId: string, teamId: string) {
      await User.updateOne({ _id: userId }, { $set: { teamId: new Types.ObjectId(teamId) } });
    },
    async leave(userId: string) {
      const doc = await User.findById(userId, { leave: 1 }).lean();
      return (doc?.leave ?? []).map((l) => ({ from: l.from, to: l.to }));
    },
    async setLeave(userId: string, periods: Array<{ from: string; to: string }>) {
      await User.updateOne({ _id: userId }, { $set: { leave: periods } });
    },
    async teamName(teamId: string) {
      const team = await Team.findById(teamId, { name: 1 }).lean();
      return team?.name ?? null;
    },
    async get(userId: string) {
      if (!/^[0-9a-f]{24}$/i.test(userId)) return null;
      const doc = (await User.findById(userId).lean()) as UserRow | null;
      return doc ? withTeam(doc) : null;
    },
    async names(userIds: string[]) {
      const ids = userIds.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new Types.ObjectId(id));
      const rows = await User.find({ _id: trusted({ $in: ids }) }, { name: 1 }).lean();
      return new Map(rows.map((r) => [String(r._id), r.name]));
    },
    async members(teamIds: string[]) {
      const ids = teamIds.map((id) => new Types.ObjectId(id));
      const rows = (await User.find({ teamId: trusted({ $in: ids }) }).sort({ name: 1 }).lean()) as UserRow[];
      return Promise.all(rows.map(withTeam));
    },
    async findByHandle(handle: string) {
      const h = handle.trim();
      const conditions: object[] = [{ email: h.toLowerCase() }, { consoleId: h }, { slackId: h }, { feishuOpenId: h }, { name: h }];
      if (Types.ObjectId.isValid(h) && h.length === 24) conditions.push({ _id: new Types.ObjectId(h) });
      const doc = (await User.findOne({ $or: conditions }).lean()) as UserRow | null;
      return doc ? withTeam(doc) : null;
    },
  };
}
