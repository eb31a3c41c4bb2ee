/** The `/ar` use cases: list with aging, book a payment, record a promise to pay. Each write is undoable. */
import { KamError } from '../../core/errors.ts';
import type { Reply } from '../../core/messages.ts';
import { isoWeekKey, monthKey } from '../calendar.ts';
import { formatMoney, resolveCustomer, scopeOf, today, type Ctx } from '../context.ts';
import type { UndoStep } from '../ports.ts';
import type { ReceivableRecord } from '../records.ts';
import { parseAmount } from './amount.ts';
import { promiseDayArgument } from './dates.ts';
import { agingReport, outstanding, paymentProblem } from './rules.ts';
import { agingReplies } from './view.ts';

export async function listReceivables(ctx: Ctx, customerText: string): Promise<Reply[]> {
  const scope = await scopeOf(ctx);
  const customer = customerText ? await resolveCustomer(ctx, customerText, scope) : null;
  const records = await ctx.services.receivables.listOpen(scope, customer ? { customerId: customer.id } : {});
  const day = today(ctx);
  const report = agingReport(records, day);
  if (report.items.length === 0) {
    return [{ kind: 'text', text: customer ? ctx.t('ar.noneFor', { customer: customer.name }) : ctx.t('ar.none') }];
  }
  // Someone who sees other people's invoices needs to know whose they are.
  const owners = ctx.actor.role === 'rep' ? null : await ctx.services.users.names([...new Set(report.items.map((i) => i.record.ownerId))]);
  const title = customer ? ctx.t('ar.titleFor', { customer: customer.name }) : ctx.t('ar.title');
  return agingReplies(ctx, report, day, owners, title);
}

/**
 * The open receivable the user means. Unknown and out-of-scope invoices get the same answer, so the reply
 * never tells anyone that an invoice they may not see exists.
 */
async function openInvoice(ctx: Ctx, invoice: string | undefined): Promise<ReceivableRecord> {
  if (!invoice) throw new KamError('ar.missingInvoice');
  const found = await ctx.services.receivables.findByInvoice(await scopeOf(ctx), invoice);
  if (!found) throw new KamError('ar.notFound', { invoice });
  if (found.status === 'paid') throw new KamError('ar.alreadyPaid', { invoice: found.invoiceNo });
  if (found.status !== 'open') throw new KamError('ar.notOpen', { invoice: found.invoiceNo });
  return found;
}

async function logChange(ctx: Ctx, kind: string, label: string, record: ReceivableRecord, undo: UndoStep): Promise<void> {
  try {
    await ctx.services.changes.record({ userId: ctx.actor.id, kind, label, ref: record.id, steps: [undo], at: ctx.clock.now() });
  } catch (error) {
    // A write the user cannot undo is worse than none: put the record back, then fail.
    await ctx.services.changes.revert([undo]);
    throw error;
  }
}

function paymentAmount(ctx: Ctx, r: ReceivableRecord, amountText: string): number {
  if (!amountText) return outstanding(r);
  const parsed = parseAmount(amountText);
  if (!parsed) throw new KamError('ar.badAmount', { text: amountText });
  if (parsed.currency && parsed.currency !== r.currency) throw new KamError('ar.currencyMismatch', { invoice: r.invoiceNo, currency: r.currency, text: amountText });
  const problem = paymentProblem(r, parsed.value);
  if (problem === 'notPositive') throw new KamError('ar.notPositive', { text: amountText });
  if (problem === 'exceedsOutstanding') {
    const money = (n: number) => formatMoney(n, r.currency, ctx.lang);
    throw new KamError('ar.exceedsOutstanding', { amount: money(parsed.value), outstanding: money(outstanding(r)), invoice: r.invoiceNo });
  }
  return parsed.value;
}

/** Full payment without an amount, partial with one. */
export async function recordPayment(ctx: Ctx, invoice: string | undefined, amountText: string): Promise<Reply[]> {
  const r = await openInvoice(ctx, invoice);
  const amount = paymentAmount(ctx, r, amountText);
  const day = today(ctx);
  const written = await ctx.services.receivables.recordPayment(r.id, {
    amount, day, at: ctx.clock.now(), byUserId: ctx.actor.id, week: isoWeekKey(day), month: monthKey(day),
  });
  const money = (n: number) => formatMoney(n, r.currency, ctx.lang);
  await logChange(ctx, 'ar.paid', `${r.invoiceNo} ${money(amount)}`, r, written.undo);
  const left = outstanding(written.record);
  const params = { amount: money(amount), invoice: r.invoiceNo, customer: r.customerName, outstanding: money(left) };
  return [{ kind: 'text', text: ctx.t(left === 0 ? 'ar.paidFull' : 'ar.paidPartial', params) }];
}

const CLEAR_WORDS = new Set(['clear', 'none', 'cancel', 'remove', '清除', '取消', '删除', '无']);

/** A promise-to-pay date, or `clear` to drop it. */
export async function recordPromise(ctx: Ctx, invoice: string | undefined, dateText: string): Promise<Reply[]> {
  const r = await openInvoice(ctx, invoice);
  if (!dateText) throw new KamError('ar.missingDate');
  const clear = CLEAR_WORDS.has(dateText.toLowerCase());
  const day = clear ? null : promiseDayArgument(ctx, dateText);
  const written = await ctx.services.receivables.setPromise(r.id, day);
  await logChange(ctx, 'ar.promise', `${r.invoiceNo} ${day ?? '—'}`, r, written.undo);
  const params = { invoice: r.invoiceNo, customer: r.customerName, date: day, outstanding: formatMoney(outstanding(r), r.currency, ctx.lang) };
  return [{ kind: 'text', text: ctx.t(clear ? 'ar.promiseCleared' : 'ar.promised', params) }];
}
