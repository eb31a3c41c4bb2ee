/**
 * The rep's dashboard (Slack App Home, and `/home` anywhere): callbacks due today and overdue, receivables by
 * aging bucket, this week's report with its figures; a supervisor or above also sees who has not yet
 * submitted the team's report.
 */
import { defineCommand } from '../core/commands.ts';
import type { Reply } from '../core/messages.ts';
import { isoWeekKey } from './calendar.ts';
import { roleAtLeast } from '../core/identity.ts';
import { scopeOf, today, type Ctx } from './context.ts';
import type { DomainServices } from './ports.ts';
import { callbackCard } from './callbacks/commands.ts';
import { listReceivables } from './receivables/actions.ts';
import { loadWeek } from './reports/service.ts';
import { reportButtons, reportCard, statusTable } from './reports/view.ts';
import { teamStatus } from './reports/status.ts';

const MAX_CALLBACK_CARDS = 5;

export async function dashboard(ctx: Ctx): Promise<Reply[]> {
  const day = today(ctx);
  const week = isoWeekKey(day);
  const scope = await scopeOf(ctx);
  const due = await ctx.services.callbacks.listOpen(scope, { ownerId: ctx.actor.id, dueOnOrBefore: day }, 50);
  const replies: Reply[] = [{ kind: 'text', text: ctx.t('home.title', { name: ctx.actor.name, day }) }];
  replies.push({ kind: 'text', text: due.length ? ctx.t('home.callbacksDue', { count: due.length }) : ctx.t('home.noCallbacks') });
  replies.push(...due.slice(0, MAX_CALLBACK_CARDS).map((cb) => callbackCard(ctx, cb, day)));
  replies.push(...(await listReceivables(ctx, '')));
  const view = await loadWeek(ctx, week);
  replies.push(reportCard(ctx, view, reportButtons(ctx, view)));
  if (roleAtLeast(ctx.actor.role, 'supervisor')) {
    const rows = await teamStatus(ctx, week);
    if (rows && rows.length) replies.push(statusTable(ctx, week, rows));
  }
  return replies;
}

export const homeCommand = defineCommand<DomainServices>({
  name: 'home',
  aliases: ['主页', '今日'],
  summaryKey: 'home.summary',
  usageKey: 'home.usage',
  run: (ctx) => dashboard(ctx),
});
