/**
 * The ticks the drivers keep: one per team, job slot and zone in use in the team (the team's and every member's
 * own). A slot fires at its local time in each of those zones, every day — the slot's day rules, not cron,
 * decide whether a day counts (holidays move reminders, make-up Saturdays are workdays), and the definitions
 * decide who is due at that instant.
 */
import type { Models } from '../../src/persistence/models/index.ts';
import { resolveSlot, type JobDefinition, type JobEnv } from '../context.ts';
import { loadTeams, type TeamInfo } from '../people.ts';

export interface Tick {
  /** Stable id: `teamId|slotKey|zone` (no `:`, which BullMQ reserves in ids). */
  id: string;
  teamId: string;
  teamName: string;
  job: JobDefinition['name'];
  slotKey: string;
  zone: string;
  /** Daily cron pattern in `zone`. */
  pattern: string;
}

export async function zonesOf(models: Models, team: TeamInfo): Promise<string[]> {
  // Index {teamId, role}; a team has tens of members.
  const rows = await models.User.find({ teamId: team.id }, { timeZone: 1 }).lean();
  return [...new Set([team.timeZone, ...rows.flatMap((r) => (r.timeZone ? [r.timeZone] : []))])].sort();
}

export async function desiredTicks(env: JobEnv, definitions: JobDefinition[]): Promise<Tick[]> {
  const ticks: Tick[] = [];
  for (const team of await loadTeams(env.models, env.people)) {
    const zones = await zonesOf(env.models, team);
    for (const def of definitions) {
      for (const spec of def.slots) {
        const slot = resolveSlot(env, team, def.name, spec);
        for (const zone of zones) {
          // A tick plans every slot of its job, so two slots at the same time need one tick.
          if (ticks.some((t) => t.teamId === team.id && t.job === def.name && t.zone === zone && t.pattern === slot.cron.dailyPattern)) continue;
          ticks.push({ id: `${team.id}|${slot.key}|${zone}`, teamId: team.id, teamName: team.name, job: def.name, slotKey: slot.key, zone, pattern: slot.cron.dailyPattern });
        }
      }
    }
  }
  return ticks;
}
