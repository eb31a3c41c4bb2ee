/** Pure rules about receivables (应收账款): outstanding amounts and aging buckets. */
import { daysBetween, type Day } from '../calendar.ts';

export const AGING_BUCKETS = ['1-30', '31-60', '61-90', '90+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function outstanding(r: { amount: number; paidAmount: number }): number {
  return Math.max(0, roundMoney(r.amount - r.paidAmount));
}

/** Days past due on `today` (0 when not yet due). Due on the 20th: the 21st is 1 day overdue. */
export function daysOverdue(dueDay: Day, today: Day): number {
  return Math.max(0, daysBetween(dueDay, today));
}

export function agingBucket(days: number): AgingBucket | null {
  if (days <= 0) return null;
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '90+';
}

/** Money in yuan/dollars with cents; avoids float noise such as 0.1 + 0.2. */
export function roundMoney(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Case- and width-folded invoice number: the natural key the store looks invoices up by (INV-1 = inv-１). */
export function invoiceKey(invoiceNo: string): string {
  return invoiceNo.normalize('NFKC').trim().toLowerCase();
}

/** An aging bucket, or not yet due. */
export type Aging = AgingBucket | 'notDue';
export const AGING_ORDER: readonly Aging[] = [...AGING_BUCKETS, 'notDue'];

export function agingOf(dueDay: Day, today: Day): Aging {
  return agingBucket(daysOverdue(dueDay, today)) ?? 'notDue';
}

/** Sums per currency: adding yuan to dollars would be a wrong number, not a rounding issue. */
export type MoneyByCurrency = Record<string, number>;

export interface Totals {
  count: number;
  amounts: MoneyByCurrency;
}

interface Ageable {
  amount: number;
  paidAmount: number;
  dueDay: Day;
  currency: string;
  invoiceNo: string;
}

export interface AgedItem<R> {
  record: R;
  outstanding: number;
  daysOverdue: number;
  aging: Aging;
}

export interface AgingReport<R> {
  /** Most overdue first; not-yet-due items last, earliest due first. */
  items: Array<AgedItem<R>>;
  byAging: Record<Aging, Totals>;
  outstanding: Totals;
  overdue: Totals;
}

const emptyTotals = (): Totals => ({ count: 0, amounts: {} });

function add(totals: Totals, currency: string, amount: number): void {
  totals.count += 1;
  totals.amounts[currency] = roundMoney((totals.amounts[currency] ?? 0) + amount);
}

export function agingReport<R extends Ageable>(records: readonly R[], today: Day): AgingReport<R> {
  const byAging = Object.fromEntries(AGING_ORDER.map((a) => [a, emptyTotals()])) as Record<Aging, Totals>;
  const report: AgingReport<R> = { items: [], byAging, outstanding: emptyTotals(), overdue: emptyTotals() };
  for (const record of records) {
    const left = outstanding(record);
    // An open record with nothing left is a bookkeeping leftover, not money to chase.
    if (left <= 0) continue;
    const days = daysOverdue(record.dueDay, today);
    const aging = agingOf(record.dueDay, today);
    report.items.push({ record, outstanding: left, daysOverdue: days, aging });
    add(byAging[aging], record.currency, left);
    add(report.outstanding, record.currency, left);
    if (aging !== 'notDue') add(report.overdue, record.currency, left);
  }
  report.items.sort(
    (a, b) => a.record.dueDay.localeCompare(b.record.dueDay) || a.record.invoiceNo.localeCompare(b.record.invoiceNo),
  );
  return report;
}

export type PaymentProblem = 'notPositive' | 'exceedsOutstanding';

/** Why a payment of `amount` cannot be booked on the receivable, or null when it can. */
export function paymentProblem(r: { amount: number; paidAmount: number }, amount: number): PaymentProblem | null {
  if (!Number.isFinite(amount) || amount <= 0) return 'notPositive';
  if (roundMoney(amount) > outstanding(r)) return 'exceedsOutstanding';
  return null;
}
