/**
 * What `kam jobs list`, `kam jobs run` and `kam export deliveries` print. Times are shown in each team's zone.
 */
import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { Types } from 'mongoose';
import type { ChatPort, Platform } from '../src/core/messages.ts';
import { calendarFor } from '../src/domain/calendar.ts';
import { op } from '../src/persistence/scope.ts';
import { resolveSlot, type JobEnv } from './context.ts';
import { DEFINITIONS } from './definitions/index.ts';
import { PLATFORM_LIMITS } from './delivery/limits.ts';
import { memoryPacer } from './delivery/pacer.ts';
import { loadTeams, type TeamInfo } from './people.ts';
import { runOnce } from './run-once.ts';
import { nextOccurrence } from './schedule/slots.ts';
import { zonesOf } from './schedule/ticks.ts';
import { isJobName, JOB_NAMES } from './types.ts';

const fmt = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-LL-dd ccc HH:mm');

export class JobsUsageError extends Error {}

async function teamsNamed(env: JobEnv, team?: string): Promise<TeamInfo[]> {
  const all = await loadTeams(env.models, env.people);
  if (!team) return all;
  const wanted = all.filter((t) => t.id === team || t.name.toLowerCase() === team.trim().toLowerCase());
  if (wanted.length === 0) throw new JobsUsageError(`no team "${team}" (see kam jobs list)`);
  return wanted;
}

/** Each team's schedules: pattern, zones it fires in, and the next run in the team's zone (holidays applied). */
export async function listSchedules(env: JobEnv, now: Date, team?: string): Promise<string> {
  const lines: string[] = [];
  const teams = await teamsNamed(env, team);
  if (teams.length === 0) return 'No teams yet: create one with kam admin "/team add <name>".';
  for (const t of teams) {
    const zones = await zonesOf(env.models, t);
    lines.push(`${t.name}  (${t.timeZone}, calendar ${t.calendar}${zones.length > 1 ? `; members also in ${zones.filter((z) => z !== t.timeZone).join(', ')}` : ''})`);
    for (const name of JOB_NAMES) {
      for (const spec of DEFINITIONS[name].slots) {
        const slot = resolveSlot(env, t, name, spec);
        const next = nextOccurrence(slot, now, t.timeZone, calendarFor(t.calendar));
        const moved = next && next.day !== next.nominalDay ? `  (moved from ${next.nominalDay})` : '';
        const own = t.schedules[slot.key] ? ' [team]' : '';
        lines.push(`  ${slot.key.padEnd(32)} ${slot.cron.pattern.padEnd(14)}${own.padEnd(8)} next ${next ? fmt(next.at, t.timeZone) : '—'}${moved}`);
      }
    }
  }
  return lines.join('\n');
}

/** Runs one job once at `now` for every team (or one) and reports what happened. */
export async function runJobCommand(
  env: JobEnv,
  ports: ReadonlyMap<Platform, ChatPort>,
  job: string,
  opts: { team?: string | undefined; now: Date; force: boolean },
): Promise<string> {
  if (!isJobName(job)) throw new JobsUsageError(`unknown job "${job}": one of ${JOB_NAMES.join(', ')}`);
  const teams = await teamsNamed(env, opts.team);
  const reports = await runOnce(
    env,
    { ledger: env.ledger, ports, pacer: memoryPacer(PLATFORM_LIMITS), leaseMs: 5_000, observe: env.observeDelivery },
    { concurrency: 4, attempts: 3, backoffMs: 1_000 },
    DEFINITIONS[job],
    teams,
    opts.now,
    { force: opts.force },
  );
  return reports
    .map((r) => `${job} · ${r.team} · ${opts.now.toISOString()}${opts.force ? ' (forced)' : ''}: ${r.planned} due, ${r.claimed} new, ${r.stats.sent} sent, ${r.planned - r.claimed} already served or pending, ${r.stats.failed} failed`)
    .join('\n');
}

export const DELIVERY_COLUMNS = ['job', 'recipient', 'platform', 'channel', 'period', 'step', 'status', 'plannedAt', 'sentAt', 'attempts', 'error', 'text'] as const;

/** The delivery log with each recipient's email (or `team:<name>` for a team channel). */
export async function deliveryLog(env: JobEnv, format: 'json' | 'csv'): Promise<string> {
  const rows = await env.ledger.log();
  const userIds = [...new Set(rows.flatMap((r) => (r.recipientUserId ? [r.recipientUserId] : [])))];
  const users = new Map((await env.models.User.find({ _id: op({ $in: userIds.map((id) => new Types.ObjectId(id)) }) }, { email: 1, name: 1 }).lean()).map((u) => [String(u._id), u.email ?? u.name]));
  const teams = new Map((await loadTeams(env.models, env.people)).map((t) => [t.id, t.name]));
  const out = rows.map((r) => ({
    job: r.job,
    recipient: r.recipientUserId ? (users.get(r.recipientUserId) ?? r.recipientUserId) : `team:${teams.get(r.recipient.replace(/^team\./, '')) ?? r.recipient}`,
    platform: r.platform,
    channel: r.channel,
    period: r.period,
    step: r.step ?? '',
    status: r.status,
    plannedAt: r.plannedAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? '',
    attempts: r.attempts,
    error: r.error ?? '',
    text: r.text,
  }));
  if (format === 'json') return `${JSON.stringify(out, null, 2)}\n`;
  return `\uFEFF${stringify(out, { header: true, columns: [...DELIVERY_COLUMNS] })}`;
}
