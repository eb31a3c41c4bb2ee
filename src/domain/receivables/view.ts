/** How `/ar` shows open receivables: a table, most overdue first, and a card with the aging totals. */
import type { Reply } from '../../core/messages.ts';
import type { Day } from '../calendar.ts';
import { formatMoney, type Ctx } from '../context.ts';
import type { ReceivableRecord } from '../records.ts';
import { AGING_ORDER, type Aging, type AgingReport, type MoneyByCurrency, type Totals } from './rules.ts';

/** A chat table longer than this is unreadable; the totals still count every item. */
export const MAX_ROWS = 50;

/** i18n keys cannot hold `+`, and `1-30` reads badly as a key; the bucket names map to these. */
const AGING_KEYS: Record<Aging, string> = { '1-30': 'd1_30', '31-60': 'd31_60', '61-90': 'd61_90', '90+': 'd90plus', notDue: 'notDue' };

export const agingLabel = (ctx: Ctx, aging: Aging) => ctx.t(`ar.aging.${AGING_KEYS[aging]}`);

/** `¥12,000 + $500`; an empty sum shows as zero in the list's main currency. */
export function formatTotals(ctx: Ctx, amounts: MoneyByCurrency, fallbackCurrency: string): string {
  const entries = Object.entries(amounts).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return formatMoney(0, fallbackCurrency, ctx.lang);
  return entries.map(([currency, amount]) => formatMoney(amount, currency, ctx.lang)).join(' + ');
}

function promiseCell(ctx: Ctx, promiseDay: Day | undefined, day: Day): string {
  if (!promiseDay) return '';
  return promiseDay < day ? ctx.t('ar.promiseMissed', { date: promiseDay }) : promiseDay;
}

export function agingTable(ctx: Ctx, report: AgingReport<ReceivableRecord>, day: Day, owners: Map<string, string> | null, title: string): Reply {
  const col = (k: string) => ctx.t(`ar.columns.${k}`);
  const shown = report.items.slice(0, MAX_ROWS);
  const withPromise = shown.some((i) => i.record.promiseDay);
  return {
    kind: 'table',
    title,
    columns: [
      col('customer'), col('invoice'), col('outstanding'), col('due'), col('days'), col('aging'),
      ...(withPromise ? [col('promise')] : []),
      ...(owners ? [col('owner')] : []),
    ],
    rows: shown.map(({ record: r, outstanding, daysOverdue, aging }) => [
      r.customerName,
      r.invoiceNo,
      formatMoney(outstanding, r.currency, ctx.lang),
      r.dueDay,
      aging === 'notDue' ? '—' : String(daysOverdue),
      agingLabel(ctx, aging),
      ...(withPromise ? [promiseCell(ctx, r.promiseDay, day)] : []),
      ...(owners ? [owners.get(r.ownerId) ?? '—'] : []),
    ]),
  };
}

export function agingCard(ctx: Ctx, report: AgingReport<ReceivableRecord>): Reply {
  const currency = report.items[0]?.record.currency ?? 'CNY';
  const value = (totals: Totals) => ctx.t('ar.bucketValue', { amount: formatTotals(ctx, totals.amounts, currency), count: totals.count });
  return {
    kind: 'card',
    title: ctx.t('ar.summaryTitle'),
    fields: [
      ...AGING_ORDER.map((aging) => ({ label: agingLabel(ctx, aging), value: value(report.byAging[aging]) })),
      { label: ctx.t('ar.totalOverdue'), value: value(report.overdue) },
      { label: ctx.t('ar.totalOutstanding'), value: value(report.outstanding) },
    ],
    buttons: [],
  };
}

export function agingReplies(ctx: Ctx, report: AgingReport<ReceivableRecord>, day: Day, owners: Map<string, string> | null, title: string): Reply[] {
  const hidden = report.items.length - MAX_ROWS;
  return [
    agingTable(ctx, report, day, owners, title),
    ...(hidden > 0 ? [{ kind: 'text' as const, text: ctx.t('ar.more', { count: hidden }) }] : []),
    agingCard(ctx, report),
  ];
}
