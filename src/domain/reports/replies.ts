/** Reply sequences shared by the `/report` subcommands and the report's buttons. */
import type { Reply } from '../../core/messages.ts';
import type { Ctx } from '../context.ts';
import { loadWeek, submitReport } from './service.ts';
import { reportButtons, reportCard, reportForm } from './view.ts';

/** The figures and texts of a week, then the form to fill it in. */
export async function fillIn(ctx: Ctx, week: string): Promise<Reply[]> {
  const view = await loadWeek(ctx, week);
  return [reportCard(ctx, view), reportForm(ctx, view)];
}

export async function submitAndShow(ctx: Ctx, week: string): Promise<Reply[]> {
  const view = await submitReport(ctx, week);
  return [{ kind: 'text', text: ctx.t('report.submitted', { week }) }, reportCard(ctx, view, reportButtons(ctx, view))];
}
