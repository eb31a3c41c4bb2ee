/** Who in the teams in a supervisor's (or manager's, director's, admin's) scope has submitted a week's report. */
import type { Actor } from '../../core/identity.ts';
import { scopeOf, type Ctx } from '../context.ts';
import { reportState, type ReportState } from './rules.ts';

export interface StatusRow {
  name: string;
  team: string;
  state: ReportState;
  submittedAt?: Date | undefined;
}

/** Reps of the teams in the viewer's scope and the state of their report for the week; null: no team in scope. */
export async function teamStatus(ctx: Ctx, week: string): Promise<StatusRow[] | null> {
  const teamIds = await teamsInScope(ctx);
  if (teamIds.length === 0) return null;
  // Reps write the weekly report; supervisors and managers read them (DOMAIN.md).
  const reps = (await ctx.services.users.members(teamIds)).filter((m) => m.role === 'rep');
  const [reports, teamNames] = await Promise.all([ctx.services.reports.listForUsers(reps.map((r) => r.id), week), namesOfTeams(ctx, reps)]);
  const byUser = new Map(reports.map((r) => [r.userId, r]));
  return reps.map((rep) => {
    const report = byUser.get(rep.id);
    return { name: rep.name, team: (rep.teamId && teamNames.get(rep.teamId)) || '', state: reportState(report), submittedAt: report?.submittedAt };
  });
}

async function teamsInScope(ctx: Ctx): Promise<string[]> {
  const scope = await scopeOf(ctx);
  switch (scope.kind) {
    case 'own':
      return [];
    case 'teams':
      return scope.teamIds;
    case 'all':
      return (await ctx.services.teams.list()).map((t) => t.id);
  }
}

async function namesOfTeams(ctx: Ctx, people: Actor[]): Promise<Map<string, string>> {
  const ids = [...new Set(people.flatMap((p) => (p.teamId ? [p.teamId] : [])))];
  const names = await Promise.all(ids.map(async (id) => [id, (await ctx.services.users.teamName(id)) ?? ''] as const));
  return new Map(names);
}
