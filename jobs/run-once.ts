/**
 * Runs one job once, in this process, for every team (or one): plan, claim, send what is unsent. What
 * `kam jobs run` and the single-process driver do on each tick.
 */
import type { JobDefinition, JobEnv } from './context.ts';
import { deliverAll, type DeliveryStats, type RunnerOptions } from './delivery/runner.ts';
import type { SendDeps } from './delivery/send.ts';
import type { TeamInfo } from './people.ts';
import { planAndClaim } from './run.ts';

export interface TeamRunReport {
  team: string;
  planned: number;
  claimed: number;
  stats: DeliveryStats;
}

export async function runOnce(
  env: JobEnv,
  send: SendDeps,
  runner: Omit<RunnerOptions, 'logger'>,
  def: JobDefinition,
  teams: TeamInfo[],
  now: Date,
  /**
   * `onlyClaimed`: send only what this run claimed, not what an earlier run claimed and has not sent yet — a
   * tick must not race another process that is sending those (the drivers resume them at start instead).
   */
  opts: { force?: boolean; onlyClaimed?: boolean } = {},
): Promise<TeamRunReport[]> {
  const reports: TeamRunReport[] = [];
  for (const team of teams) {
    const plan = await planAndClaim(env, def, team, now, opts);
    const mine = new Set(plan.claimed);
    const unsent = opts.onlyClaimed ? plan.unsent.filter((r) => mine.has(r.key)) : plan.unsent;
    const stats = await deliverAll(unsent, send, { ...runner, logger: env.logger });
    reports.push({ team: team.name, planned: plan.planned.length, claimed: plan.claimed.length, stats });
  }
  return reports;
}
