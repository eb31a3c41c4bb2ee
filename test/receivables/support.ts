/** The receivables cast: 张三's invoices at every aging boundary on a fixed day, and one of 李四's. */
import { Types } from 'mongoose';
import type { Core } from '../../src/main.ts';
import type { Reply } from '../../src/core/messages.ts';
import { addDays, monthKey } from '../../src/domain/calendar.ts';
import { invoiceKey } from '../../src/domain/receivables/rules.ts';
import type { Store } from '../../src/persistence/connection.ts';
import { asText, textMessage } from '../support/bot.ts';
import type { seedTeamWithCustomers } from '../support/seed.ts';

type Cast = Awaited<ReturnType<typeof seedTeamWithCustomers>>;

/** Sunday 2026-11-22, 10:00 in Shanghai. */
export const NOW = '2026-11-22T10:00:00+08:00';
export const TODAY = '2026-11-22';
export const daysAgo = (n: number) => addDays(TODAY, -n);

export interface SeedReceivable {
  invoiceNo: string;
  ownerId: string;
  customerId: string;
  amount: number;
  dueDay: string;
  paidAmount?: number;
  status?: 'open' | 'paid' | 'written_off';
  currency?: string;
  promiseDay?: string;
}

export async function seedReceivable(store: Store, r: SeedReceivable, teamId: string) {
  const customer = await store.models.Customer.findById(r.customerId).lean();
  const paid = r.paidAmount ?? 0;
  const doc = await store.models.Receivable.create({
    customerId: new Types.ObjectId(r.customerId),
    customerName: customer?.name ?? '?',
    ownerId: new Types.ObjectId(r.ownerId),
    teamId: new Types.ObjectId(teamId),
    invoiceNo: r.invoiceNo,
    key: invoiceKey(r.invoiceNo),
    amount: r.amount,
    currency: r.currency ?? 'CNY',
    issuedDay: addDays(r.dueDay, -30),
    dueDay: r.dueDay,
    dueMonth: monthKey(r.dueDay),
    paidAmount: paid,
    payments: paid > 0 ? [{ amount: paid, day: daysAgo(40), at: new Date('2026-10-13T02:00:00Z'), week: '2026-W42', month: '2026-10' }] : [],
    status: r.status ?? 'open',
    ...(r.promiseDay ? { promiseDay: r.promiseDay } : {}),
  });
  return String(doc._id);
}

/**
 * 张三: Z-30 … Z-91 are due exactly that many days ago (Z-30/Z-31 at 华为, the rest at 宁德时代), Z-0 is due
 * today, Z+5 in five days, Z-PAID is settled. 李四: L-40 at 比亚迪.
 */
export async function seedStandard(store: Store, cast: Cast) {
  const { zhang, li, customers, teamId } = cast;
  const z = (invoiceNo: string, days: number, amount: number, customerId: string, extra: Partial<SeedReceivable> = {}) =>
    seedReceivable(store, { invoiceNo, ownerId: zhang.id, customerId, amount, dueDay: daysAgo(days), ...extra }, teamId);
  await z('Z-30', 30, 1000, customers.huawei);
  await z('Z-31', 31, 2000, customers.huawei, { paidAmount: 500 });
  await z('Z-60', 60, 3000, customers.catl);
  await z('Z-61', 61, 4000, customers.catl);
  await z('Z-90', 90, 5000, customers.catl);
  await z('Z-91', 91, 6000, customers.catl);
  await z('Z-0', 0, 7000, customers.catl);
  await z('Z+5', -5, 8000, customers.catl);
  await z('Z-PAID', 10, 9000, customers.catl, { paidAmount: 9000, status: 'paid' });
  await seedReceivable(store, { invoiceNo: 'L-40', ownerId: li.id, customerId: customers.byd, amount: 10000, dueDay: daysAgo(40) }, teamId);
}

export function chat(core: Core) {
  const replies = (user: { id: string; lang?: string }, text: string): Promise<Reply[]> => core.bot.handle(textMessage(user, text));
  return {
    replies,
    say: async (user: { id: string; lang?: string }, text: string) => asText(await replies(user, text)),
  };
}

export function tableOf(replies: Reply[]) {
  const table = replies.find((r) => r.kind === 'table');
  if (!table || table.kind !== 'table') throw new Error(`no table in ${JSON.stringify(replies)}`);
  return table;
}

export function cardOf(replies: Reply[]) {
  const card = replies.find((r) => r.kind === 'card');
  if (!card || card.kind !== 'card') throw new Error(`no card in ${JSON.stringify(replies)}`);
  return Object.fromEntries(card.fields.map((f) => [f.label, f.value]));
}

/** The raw document, for before/after comparisons that must match exactly. */
export const rawInvoice = (store: Store, invoiceNo: string) => store.models.Receivable.collection.findOne({ key: invoiceKey(invoiceNo) });
