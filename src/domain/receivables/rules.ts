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
