/** The buttons and the form of the weekly report: save the form, submit, edit again. */
import { z } from 'zod';
import type { CommandRegistry } from '../../core/commands.ts';
import { KamError } from '../../core/errors.ts';
import type { InboundAction } from '../../core/messages.ts';
import { today, type Ctx } from '../context.ts';
import type { DomainServices } from '../ports.ts';
import { fillIn, submitAndShow } from './replies.ts';
import { isOpenWeek, parseWeekKey } from './rules.ts';
import { saveDraft } from './service.ts';
import { reportButtons, reportCard } from './view.ts';

/** Form values come from a platform payload: only strings, only our fields (others are dropped). */
const formValues = z.object({ highlights: z.string().optional(), problems: z.string().optional(), plan: z.string().optional() });

/** The week a button or form carries; it came back from the client, so it is checked like typed input. */
function weekOf(ctx: Ctx, action: InboundAction): string {
  const week = parseWeekKey(String(action.value ?? ''));
  if (!week) throw new KamError('report.badWeek', { week: String(action.value ?? '') });
  if (!isOpenWeek(week, today(ctx))) throw new KamError('report.weekClosed', { week });
  return week;
}

async function save(ctx: Ctx, action: InboundAction) {
  const week = weekOf(ctx, action);
  const form = formValues.safeParse(action.form);
  if (!form.success) throw new KamError('report.badForm');
  const view = await saveDraft(ctx, week, form.data);
  const text = ctx.t(view.reopened ? 'report.reopened' : 'report.saved', { week });
  return [{ kind: 'text' as const, text }, reportCard(ctx, view, reportButtons(ctx, view))];
}

export function registerReportActions(registry: CommandRegistry<DomainServices>): void {
  registry.action('report.save', save);
  registry.action('report.submit', (ctx, action) => submitAndShow(ctx, weekOf(ctx, action)));
  registry.action('report.edit', (ctx, action) => fillIn(ctx, weekOf(ctx, action)));
}
