/** Use cases of the weekly report: read a week, save a draft, submit. */
import { MAX_TEXT_LENGTH } from '../../core/bot.ts';
import { KamError } from '../../core/errors.ts';
import { today, type Ctx } from '../context.ts';
import type { WeekActivity, Written } from '../ports.ts';
import type { WeeklyReportRecord } from '../records.ts';
import { formatInstant, isEmptyReport, isOpenWeek, sameTexts, SECTIONS, textsOf, type SectionTexts } from './rules.ts';

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
      throw new KamError('report.tooLong', { field: s, label: ctx.t(`report.fields.${s}`), length: texts[s].length, max: MAX_TEXT_LENGTH });
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
