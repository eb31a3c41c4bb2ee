/**
 * The people and the team a job plans for, as jobs need them: each person's own zone (else the team's), language,
 * leave and the conversation to reach them in — a direct message on the first platform, in the order the
 * running process can send to, on which the person has an identity.
 */
import type { Language, Role } from '../src/core/identity.ts';
import type { ConversationRef, Platform } from '../src/core/messages.ts';
import type { Day } from '../src/domain/calendar.ts';
import type { Models } from '../src/persistence/models/index.ts';
import { asObjectId, op } from '../src/persistence/scope.ts';
import type { Types } from 'mongoose';

export interface TeamInfo {
  id: string;
  name: string;
  timeZone: string;
  calendar: 'cn' | 'plain';
  supervisorId?: string | undefined;
  managerId?: string | undefined;
  summaryChannel?: ConversationRef | undefined;
  /** Cron overrides keyed `job` or `job/slot`. */
  schedules: Record<string, string>;
}

export interface Person {
  id: string;
  name: string;
  email?: string | undefined;
  role: Role;
  teamId?: string | undefined;
  reportsTo?: string | undefined;
  language: Language;
  zone: string;
  leave: Array<{ from: Day; to: Day }>;
  /** Null when the person has no identity on a platform this process can send to. */
  ref: ConversationRef | null;
}

export interface PeopleDefaults {
  language: Language;
  timeZone: string;
  calendar: 'cn' | 'plain';
  /** Platforms with a chat port in this process, preferred first. */
  platforms: Platform[];
}

export const onLeave = (person: Person, day: Day) => person.leave.some((l) => l.from <= day && day <= l.to);

type TeamRow = {
  _id: Types.ObjectId;
  name: string;
  timeZone: string;
  calendar?: 'cn' | 'plain' | null;
  supervisorId?: Types.ObjectId | null;
  managerId?: Types.ObjectId | null;
  summaryChannel?: { platform: string; tenantId?: string | null; channelId: string; threadId?: string | null; direct?: boolean | null } | null;
  schedules?: Map<string, string> | Record<string, string> | null;
};

export function toTeamInfo(t: TeamRow, defaults: Pick<PeopleDefaults, 'calendar'>): TeamInfo {
  const schedules = t.schedules instanceof Map ? Object.fromEntries(t.schedules) : { ...(t.schedules ?? {}) };
  return {
    id: String(t._id),
    name: t.name,
    timeZone: t.timeZone,
    calendar: t.calendar ?? defaults.calendar,
    supervisorId: t.supervisorId ? String(t.supervisorId) : undefined,
    managerId: t.managerId ? String(t.managerId) : undefined,
    summaryChannel: t.summaryChannel
      ? {
          platform: t.summaryChannel.platform as Platform,
          tenantId: t.summaryChannel.tenantId ?? undefined,
          channelId: t.summaryChannel.channelId,
          threadId: t.summaryChannel.threadId ?? undefined,
          direct: t.summaryChannel.direct ?? false,
        }
      : undefined,
    schedules,
  };
}

export async function loadTeams(models: Models, defaults: Pick<PeopleDefaults, 'calendar'>, teamId?: string): Promise<TeamInfo[]> {
  const rows = teamId ? await models.Team.find({ _id: asObjectId(teamId) }).lean() : await models.Team.find().sort({ key: 1 }).lean();
  return rows.map((t) => toTeamInfo(t as TeamRow, defaults));
}

type UserRow = {
  _id: Types.ObjectId;
  name: string;
  email?: string | null;
  role: Role;
  teamId?: Types.ObjectId | null;
  reportsTo?: Types.ObjectId | null;
  language?: Language | null;
  timeZone?: string | null;
  leave?: Array<{ from: string; to: string }> | null;
};

const USER_FIELDS = { name: 1, email: 1, role: 1, teamId: 1, reportsTo: 1, language: 1, timeZone: 1, leave: 1 };

async function withRefs(models: Models, rows: UserRow[], teamZones: Map<string, string>, defaults: PeopleDefaults): Promise<Person[]> {
  if (rows.length === 0) return [];
  // Index {userId}: one query for everyone's identities.
  const identities = await models.Identity.find({ userId: op({ $in: rows.map((r) => r._id) }) }, { platform: 1, platformUserId: 1, tenantId: 1, userId: 1 }).lean();
  const byUser = new Map<string, typeof identities>();
  for (const i of identities) byUser.set(String(i.userId), [...(byUser.get(String(i.userId)) ?? []), i]);
  return rows.map((u) => {
    const own = byUser.get(String(u._id)) ?? [];
    const platform = defaults.platforms.find((p) => own.some((i) => i.platform === p));
    const identity = own.find((i) => i.platform === platform);
    return {
      id: String(u._id),
      name: u.name,
      email: u.email ?? undefined,
      role: u.role,
      teamId: u.teamId ? String(u.teamId) : undefined,
      reportsTo: u.reportsTo ? String(u.reportsTo) : undefined,
      language: u.language ?? defaults.language,
      zone: u.timeZone ?? (u.teamId ? teamZones.get(String(u.teamId)) : undefined) ?? defaults.timeZone,
      leave: (u.leave ?? []).map((l) => ({ from: l.from, to: l.to })),
      ref: identity ? { platform: identity.platform as Platform, tenantId: identity.tenantId ?? undefined, channelId: identity.platformUserId, direct: true } : null,
    };
  });
}

/** Every member of the team (index {teamId, role}). */
export async function loadMembers(models: Models, team: TeamInfo, defaults: PeopleDefaults): Promise<Person[]> {
  const rows = (await models.User.find({ teamId: asObjectId(team.id) }, USER_FIELDS).sort({ name: 1 }).lean()) as UserRow[];
  return withRefs(models, rows, new Map([[team.id, team.timeZone]]), defaults);
}

/** People by id (supervisors, managers and directors may sit outside the team). */
export async function loadPeople(models: Models, ids: string[], defaults: PeopleDefaults): Promise<Map<string, Person>> {
  const oids = [...new Set(ids)].map(asObjectId).filter((x): x is Types.ObjectId => x !== null);
  if (oids.length === 0) return new Map();
  const rows = (await models.User.find({ _id: op({ $in: oids }) }, USER_FIELDS).lean()) as UserRow[];
  const teamIds = [...new Set(rows.flatMap((r) => (r.teamId ? [r.teamId] : [])))];
  const teams = teamIds.length ? await models.Team.find({ _id: op({ $in: teamIds }) }, { timeZone: 1 }).lean() : [];
  const zones = new Map(teams.map((t) => [String(t._id), t.timeZone]));
  return new Map((await withRefs(models, rows, zones, defaults)).map((p) => [p.id, p]));
}
