/**
 * `kam import users`: people, their roles, teams and reporting lines, and the chat identities that are
 * them. A user is matched by email, else by console id / Slack id / Feishu open id, so a person who already
 * talked to the bot (and got a user on first contact) is completed, not duplicated.
 *
 * Team leads: a supervisor imported into a team becomes that team's supervisor when it has none yet, and a
 * manager its manager likewise; an existing lead is never replaced (change it with `/team` in the chat).
 */
import type { Types } from 'mongoose';
import { z } from 'zod';
import type { Role } from '../core/identity.ts';
import type { Models } from '../persistence/models/index.ts';
import { teamKey } from '../persistence/models/teams.ts';
import { identityKey } from '../persistence/models/users.ts';
import { email, handle, language, platformId, quote, role, text, timeZone } from './cells.ts';
import { changes, initial, type Desired } from './diff.ts';
import { RowDeferred, RowRejected, type Importer, type Outcome, type RowContext } from './import-run.ts';
import type { CsvSpec } from './csv-read.ts';
import { findUser, PLATFORMS } from './lookup.ts';

const schema = z.object({
  email: email.optional(),
  name: text(200).optional(),
  role: role.optional(),
  team: text(100).optional(),
  reports_to: handle.optional(),
  lang: language.optional(),
  timezone: timeZone.optional(),
  slack_id: platformId.optional(),
  feishu_open_id: platformId.optional(),
  console_id: platformId.optional(),
});
type UserRow = z.infer<typeof schema>;

const KEY_COLUMNS = ['email', 'console_id', 'slack_id', 'feishu_open_id'] as const;

interface StoredUser {
  _id: Types.ObjectId;
  name: string;
  email?: string | null;
  role: Role;
  teamId?: Types.ObjectId | null;
  [field: string]: unknown;
}

export interface UserImportOptions {
  models: Models;
  /** Time zone of teams the import creates (DEFAULT_TIMEZONE). */
  defaultTimeZone: string;
  notes: string[];
}

export const USERS_SPEC: CsvSpec = {
  columns: {
    email: ['邮箱', '电子邮件', 'e-mail', 'mail'],
    name: ['姓名', '名字'],
    role: ['角色', '职位'],
    team: ['团队', '小组'],
    reports_to: ['上级', '直属上级'],
    lang: ['语言', 'language'],
    timezone: ['时区', 'time_zone', 'tz'],
    slack_id: ['slack'],
    feishu_open_id: ['飞书', '飞书id', 'open_id'],
    console_id: ['控制台id', 'console'],
  },
  required: [],
  oneOf: [KEY_COLUMNS],
};

export function usersImporter({ models, defaultTimeZone, notes }: UserImportOptions): Importer<UserRow> {
  const { User, Identity, Team } = models;
  const ids = (row: UserRow) => PLATFORMS.flatMap((p) => (row[p.column] ? [{ ...p, id: row[p.column]! }] : []));

  /** The stored user this row is about, refusing rows whose keys point at two different people. */
  async function existing(row: UserRow, ctx: RowContext): Promise<StoredUser | null> {
    let user: StoredUser | null = null;
    if (row.email) {
      const byEmail = (await User.find({ email: row.email }).limit(2).lean()) as StoredUser[];
      if (byEmail.length > 1) throw new RowRejected(`${ctx.label('email')}: several users have ${quote(row.email)}; merge them first`);
      user = byEmail[0] ?? null;
    }
    for (const { platform, field, column, id } of ids(row)) {
      const link = await Identity.findById(identityKey(platform, id), { userId: 1 }).lean();
      const owner = (link ? await User.findById(link.userId).lean() : await User.findOne({ [field]: id }).lean()) as StoredUser | null;
      if (!owner) continue;
      if (user && String(user._id) !== String(owner._id)) {
        throw new RowRejected(`${ctx.label(column)} ${quote(id)} already belongs to ${describe(owner)}, not to ${describe(user)}`);
      }
      if (!user && row.email && owner.email && owner.email !== row.email) {
        throw new RowRejected(`${ctx.label(column)} ${quote(id)} already belongs to ${describe(owner)}`);
      }
      user = owner;
    }
    return user;
  }

  async function managerOf(row: UserRow, ctx: RowContext, self: StoredUser | null): Promise<Types.ObjectId | undefined> {
    if (!row.reports_to) return undefined;
    const found = await findUser(models, row.reports_to);
    if (found.kind === 'many') throw new RowRejected(`${ctx.label('reports_to')} ${quote(row.reports_to)} matches ${found.count} users`);
    // The manager may be a later row of this file: the runner retries this row after the others.
    if (found.kind === 'none') throw new RowDeferred(`${ctx.label('reports_to')} ${quote(row.reports_to)}: no such user (in the store or this file)`);
    if (self && String(self._id) === String(found.doc._id)) throw new RowRejected(`${ctx.label('reports_to')}: a user cannot report to themselves`);
    return found.doc._id;
  }

  async function teamFor(name: string | undefined): Promise<Types.ObjectId | undefined> {
    if (!name) return undefined;
    const key = teamKey(name);
    const team = await Team.findOne({ key }, { _id: 1 }).lean();
    if (team) return team._id;
    try {
      const created = await Team.create({ name, key, timeZone: defaultTimeZone });
      notes.push(`created team ${quote(name)} (time zone ${defaultTimeZone})`);
      return created._id;
    } catch {
      // Created by a parallel writer in between: use theirs.
      const again = await Team.findOne({ key }, { _id: 1 }).lean();
      if (!again) throw new RowRejected(`could not create team ${quote(name)}`);
      return again._id;
    }
  }

  /**
   * Links every platform id of the row to the user; true when a link was added. `existing` has already
   * refused ids linked to someone else, so a link to another user here points at a deleted user: repair it.
   */
  async function link(row: UserRow, userId: Types.ObjectId): Promise<boolean> {
    let added = false;
    for (const { platform, id } of ids(row)) {
      const _id = identityKey(platform, id);
      const current = await Identity.findById(_id, { userId: 1 }).lean();
      if (current && String(current.userId) === String(userId)) continue;
      if (current) await Identity.updateOne({ _id }, { $set: { userId } });
      else await Identity.create({ _id, platform, platformUserId: id, userId });
      added = true;
    }
    return added;
  }

  /** Idempotent: only a team without a supervisor (manager) gets this one. */
  async function leadTeam(user: { _id: Types.ObjectId; name: string; role: Role; teamId?: Types.ObjectId | null }): Promise<void> {
    const field = user.role === 'supervisor' ? 'supervisorId' : user.role === 'manager' ? 'managerId' : null;
    if (!field || !user.teamId) return;
    const result = await Team.updateOne({ _id: user.teamId, [field]: null }, { $set: { [field]: user._id } });
    if (result.modifiedCount === 1) {
      const team = await Team.findById(user.teamId, { name: 1 }).lean();
      notes.push(`team ${quote(team?.name ?? String(user.teamId))}: ${user.role} is now ${user.name}`);
    }
  }

  return {
    spec: USERS_SPEC,
    schema: schema.refine((r) => KEY_COLUMNS.some((c) => r[c] !== undefined), {
      message: 'needs an email, console_id, slack_id or feishu_open_id',
    }),
    keys: (row) => [...(row.email ? [`email:${row.email}`] : []), ...ids(row).map((i) => `${i.column}:${i.id}`)],

    async apply(row, ctx): Promise<Outcome> {
      const user = await existing(row, ctx);
      const reportsTo = await managerOf(row, ctx, user);
      if (!user && !row.name) throw new RowRejected(`${ctx.label('name')}: is required for a new user`);
      const desired: Desired = {
        name: row.name,
        email: row.email,
        role: row.role,
        teamId: await teamFor(row.team),
        reportsTo,
        language: row.lang,
        timeZone: row.timezone,
        ...Object.fromEntries(ids(row).map((i) => [i.field, i.id])),
      };
      if (!user) {
        const created = await User.create({ role: 'rep', ...initial(desired) });
        try {
          await link(row, created._id);
        } catch (error) {
          // No transactions: undo the half-written user so the row is either fully written or not at all.
          await Identity.deleteMany({ userId: created._id });
          await User.deleteOne({ _id: created._id });
          throw error;
        }
        await leadTeam(created);
        return 'imported';
      }
      const update = changes(user, desired);
      if (update) await User.updateOne({ _id: user._id }, update);
      const linked = await link(row, user._id);
      await leadTeam({ ...user, name: row.name ?? user.name, role: row.role ?? user.role, teamId: (desired['teamId'] as Types.ObjectId | undefined) ?? user.teamId });
      return update || linked ? 'updated' : 'unchanged';
    },
  };
}

function describe(user: { name: string; email?: string | null }): string {
  return user.email ? `${user.name} <${user.email}>` : user.name;
}
