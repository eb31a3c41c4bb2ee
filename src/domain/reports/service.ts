/** Use cases of the weekly report: read a week, save a draft, submit, and the team's submission status. */
import { MAX_TEXT_LENGTH } from '../../core/bot.ts';
import { KamError } from '../../core/errors.ts';
import type { Actor } from '../../core/identity.ts';
import { isoInZone } from '../calendar.ts';
import { scopeOf, today, type Ctx } from '../context.ts';
import type { WeekActivity, Written } from '../ports.ts';
import type { WeeklyReportRecord } from '../records.ts';
import { isEmptyReport, isOpenWeek, reportState, sameTexts, SECTIONS, textsOf, type ReportState, type SectionTexts } from './rules.ts';

export interface WeekView {
  week: string;
  report: WeeklyReportRecord | null;
  activity: WeekActivity;
}

export async function loadWeek(ctx: Ctx, week: string): Promise<WeekView> {
  const [report, activity] = await Promise.all([
    ctx.services.reports.get(ctx.actor.id, week),
    ctx.services.reports.activity(ctx.actor.id, week, today(ctx)),
  ]);
  return { week, report, activity };
}

function assertOpen(ctx: Ctx, week: string): void {
  if (!isOpenWeek(week, today(ctx))) throw new KamError('report.weekClosed', { week });
}

/** Refuses the whole form when one section is too long: nothing is written, nothing is cut. */
function assertLengths(ctx: Ctx, texts: SectionTexts): void {
  for (const s of SECTIONS) {
    if (texts[s].length > MAX_TEXT_LENGTH) {
      throw new KamError('report.tooLong', { field: ctx.t(`report.fields.${s}`), length: texts[s].length, max: MAX_TEXT_LENGTH });
    }
  }
}

/** Records the save for /undo; if that fails, the save is reverted so no change is left unrecorded. */
async function recordChange(ctx: Ctx, week: string, written: Written<WeeklyReportRecord>): Promise<void> {
  try {
    await ctx.services.changes.record({ userId: ctx.actor.id, kind: 'report.save', label: week, steps: [written.undo], at: ctx.clock.now() });
  } catch (error) {
    await ctx.services.changes.revert([written.undo]);
    throw error;
  }
}

/**
 * Saves the sections the form sent (absent ones keep their text). Changing a submitted report reopens it
 * as a draft: what the supervisor sees as submitted is always the text that was submitted.
 */
export async function saveDraft(ctx: Ctx, week: string, form: Partial<SectionTexts>): Promise<WeekView & { reopened: boolean }> {
  assertOpen(ctx, week);
  const { report: before, activity } = await loadWeek(ctx, week);
  const current = textsOf(before);
  const texts: SectionTexts = { ...current };
  for (const s of SECTIONS) {
    const value = form[s];
    if (value !== undefined) texts[s] = value.trim();
  }
  assertLengths(ctx, texts);
  const reopened = before?.status === 'submitted' && !sameTexts(current, texts);
  const written = await ctx.services.reports.save({
    userId: ctx.actor.id,
    teamId: ctx.actor.teamId,
    week,
    ...texts,
    stats: { ...activity },
    ...(reopened ? { status: 'draft' as const } : {}),
  });
  await recordChange(ctx, week, written);
  return { week, report: written.record, activity, reopened };
}

/**
 * Submits a week's report. An empty one is refused; a submitted one is not submitted again until it is
 * edited (which reopens it), so a double click changes nothing.
 */
export async function submitReport(ctx: Ctx, week: string): Promise<WeekView> {
  assertOpen(ctx, week);
  const { report, activity } = await loadWeek(ctx, week);
  if (!report || isEmptyReport(report)) throw new KamError('report.empty', { week });
  if (report.status === 'submitted') {
    throw new KamError('report.alreadySubmitted', { week, at: report.submittedAt ? formatInstant(report.submittedAt, ctx.timeZone) : '' });
  }
  const written = await ctx.services.reports.save({
    userId: ctx.actor.id,
    teamId: report.teamId ?? ctx.actor.teamId,
    week,
    stats: { ...activity },
    status: 'submitted',
    submittedAt: ctx.clock.now(),
  });
  await recordChange(ctx, week, written);
  return { week, report: written.record, activity };
}

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

/** `2026-11-25 10:00` in the reader's zone. */
export function formatInstant(at: Date, timeZone: string): string {
  return isoInZone(at, timeZone).slice(0, 16).replace('T', ' ');
}
