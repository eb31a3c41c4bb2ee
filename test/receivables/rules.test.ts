import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/domain/receivables/amount.ts';
import { agingBucket, agingOf, agingReport, daysOverdue, invoiceKey, outstanding, paymentProblem } from '../../src/domain/receivables/rules.ts';

describe('aging', () => {
  it.each([
    ['2026-11-23', 0, 'notDue'],
    ['2026-11-22', 0, 'notDue'],
    ['2026-11-21', 1, '1-30'],
    ['2026-10-23', 30, '1-30'],
    ['2026-10-22', 31, '31-60'],
    ['2026-09-23', 60, '31-60'],
    ['2026-09-22', 61, '61-90'],
    ['2026-08-24', 90, '61-90'],
    ['2026-08-23', 91, '90+'],
  ])('due %s is %i days overdue on 2026-11-22: %s', (due, days, aging) => {
    expect(daysOverdue(due, '2026-11-22')).toBe(days);
    expect(agingOf(due, '2026-11-22')).toBe(aging);
  });

  it('has no bucket for zero or negative days', () => {
    expect(agingBucket(0)).toBeNull();
    expect(agingBucket(-3)).toBeNull();
  });

  it('totals per bucket and per currency, most overdue first, skipping settled leftovers', () => {
    const r = (invoiceNo: string, dueDay: string, amount: number, paidAmount = 0, currency = 'CNY') => ({ invoiceNo, dueDay, amount, paidAmount, currency });
    const report = agingReport(
      [r('B', '2026-11-01', 1000, 250), r('A', '2026-11-01', 0.3, 0.1), r('C', '2026-12-01', 500), r('D', '2026-06-01', 200, 0, 'USD'), r('E', '2026-10-01', 100, 100)],
      '2026-11-22',
    );
    expect(report.items.map((i) => i.record.invoiceNo)).toEqual(['D', 'A', 'B', 'C']);
    expect(report.byAging['1-30']).toEqual({ count: 2, amounts: { CNY: 750.2 } });
    expect(report.byAging['90+']).toEqual({ count: 1, amounts: { USD: 200 } });
    expect(report.byAging.notDue).toEqual({ count: 1, amounts: { CNY: 500 } });
    expect(report.byAging['31-60']).toEqual({ count: 0, amounts: {} });
    expect(report.overdue).toEqual({ count: 3, amounts: { CNY: 750.2, USD: 200 } });
    expect(report.outstanding).toEqual({ count: 4, amounts: { CNY: 1250.2, USD: 200 } });
  });
});

describe('payments', () => {
  it('refuses nothing-or-less and more than outstanding, to the cent', () => {
    const r = { amount: 1000, paidAmount: 999.7 };
    expect(outstanding(r)).toBe(0.3);
    expect(paymentProblem(r, 0.3)).toBeNull();
    expect(paymentProblem(r, 0.31)).toBe('exceedsOutstanding');
    expect(paymentProblem(r, 0)).toBe('notPositive');
    expect(paymentProblem(r, -1)).toBe('notPositive');
    expect(paymentProblem(r, Number.NaN)).toBe('notPositive');
  });

  it('folds invoice numbers to one key', () => {
    expect(invoiceKey(' INV-００１ ')).toBe('inv-001');
  });
});

describe('parseAmount', () => {
  it.each([
    ['50000', 50000, undefined],
    ['5万', 50000, undefined],
    ['3.5万', 35000, undefined],
    ['50k', 50000, undefined],
    ['50K', 50000, undefined],
    ['3.5w', 35000, undefined],
    ['2千', 2000, undefined],
    ['1.2m', 1200000, undefined],
    ['¥30,000', 30000, 'CNY'],
    ['￥３０，０００', 30000, 'CNY'],
    ['30,000元', 30000, 'CNY'],
    ['5万元', 50000, 'CNY'],
    ['RMB 5000', 5000, 'CNY'],
    ['$500', 500, 'USD'],
    ['1234.56', 1234.56, undefined],
    ['0', 0, undefined],
    ['-500', -500, undefined],
    ['¥-5', -5, 'CNY'],
  ])('reads %s', (text, value, currency) => {
    expect(parseAmount(text)).toEqual({ value, currency });
  });

  it.each(['', 'abc', '5万5', 'about 5万', '12.345', '1,00', '5万$', '$5元', '--5', '1e5', 'Infinity', '0x10', '{"$gt": ""}', '5 万 块 钱'])('refuses %j', (text) => {
    expect(parseAmount(text)).toBeNull();
  });
});
