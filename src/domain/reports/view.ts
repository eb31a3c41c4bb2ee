/** The weekly report as the user sees it: a card of figures and texts, the form, the team status table. */
import type { Button, Reply } from '../../core/messages.ts';
import { formatMoney, type Ctx } from '../context.ts';
import { formatInstant, reportState, SECTIONS, textsOf, weekDays, type ReportState } from './rules.ts';
import type { WeekView } from './service.ts';
import type { StatusRow } from './status.ts';

/** Amounts are summed whatever their currency; the bot's books are kept in CNY. */
const CURRENCY = 'CNY';

export function reportCard(ctx: Ctx, view: WeekView, buttons: Button[] = []): Reply {
  const { t } = ctx;
  const { week, report, activity: a } = view;
  const texts = textsOf(report);
  const state = reportState(report);
  const stateText =
    state === 'submitted' && report?.submittedAt
      ? t('report.states.submittedAt', { at: formatInstant(report.submittedAt, ctx.timeZone) })
      : t(`report.states.${state}`);
  const money = (n: number) => formatMoney(n, CURRENCY, ctx.lang);
  const field = (key: string, value: string | number) => ({ label: t(`report.fields.${key}`), value: String(value) });
  return {
    kind: 'card',
    title: t('report.title', { week, ...weekDays(week) }),
    fields: [
      field('status', stateText),
      field('visits', a.visits),
      field('customersTouched', a.customersTouched),
      field('newCustomers', a.newCustomers),
      field('callbacksDone', a.callbacksDone),
      field('callbacksOverdue', a.callbacksOverdue),
      field('paymentsReceived', money(a.paymentsReceived)),
      field('overdueReceivables', t('report.overdueValue', { n: a.overdueReceivables, amount: money(a.overdueAmount) })),
      ...SECTIONS.map((s) => field(s, texts[s] || t('report.none'))),
    ],
    buttons,
  };
}

/** The buttons under a saved report: submit while it is not submitted, and edit. */
export function reportButtons(ctx: Ctx, view: WeekView): Button[] {
  const edit: Button = { actionId: 'report.edit', label: ctx.t('report.buttons.edit'), value: view.week };
  if (reportState(view.report) === 'submitted') return [edit];
  return [{ actionId: 'report.submit', label: ctx.t('report.buttons.submit'), value: view.week, style: 'primary' }, edit];
}

export function reportForm(ctx: Ctx, view: WeekView): Reply {
  const texts = textsOf(view.report);
  return {
    kind: 'form',
    title: ctx.t('report.form.title', { week: view.week }),
    submitActionId: 'report.save',
    submitValue: view.week,
    submitLabel: ctx.t('report.form.save'),
    fields: SECTIONS.map((s) => ({
      name: s,
      label: ctx.t(`report.fields.${s}`),
      kind: 'multiline' as const,
      value: texts[s],
      placeholder: ctx.t(`report.form.placeholders.${s}`),
    })),
  };
}

const ORDER: Record<ReportState, number> = { missing: 0, reopened: 1, draft: 2, submitted: 3 };

/** Missing first: the table is read to chase people. */
export function statusTable(ctx: Ctx, week: string, rows: StatusRow[]): Reply {
  const { t } = ctx;
  const sorted = [...rows].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name, ctx.lang));
  const submitted = rows.filter((r) => r.state === 'submitted').length;
  return {
    kind: 'table',
    title: t('report.status.title', { week, submitted, total: rows.length }),
    columns: [t('report.status.columns.name'), t('report.status.columns.team'), t('report.status.columns.state')],
    rows: sorted.map((r) => [
      r.name,
      r.team || t('report.none'),
      r.state === 'submitted' && r.submittedAt ? t('report.states.submittedAt', { at: formatInstant(r.submittedAt, ctx.timeZone) }) : t(`report.states.${r.state}`),
    ]),
  };
}
