/**
 * Finance's paid figure against the payments recorded in the chat. Payments are ledger entries (see
 * persistence/payments.ts): the chat's (`source: chat`, and entries from before the ledger had a source) are
 * never removed by an import. Finance's figure applies as the documented rule says (README, Import):
 *
 *   paid = max(finance, chat). When finance says more than the chat, the difference is one entry from finance
 *   (replacing the one an earlier import wrote); when it says less, the chat's payments stay and the
 *   difference is reported — finance has often not booked a payment a rep just recorded.
 *
 * Each invoice where both have a figure and they differ is listed for the operator: chat says X, finance says
 * Y, and what was applied. The ledger is changed with relative, atomic updates ($pullAll/$push with $inc), so a
 * payment recorded in the chat while the import runs is never lost.
 */
import type { Collection, Types } from 'mongoose';
import { roundMoney } from '../domain/receivables/rules.ts';
import { paymentEntry } from '../persistence/payments.ts';
import { documentKey, perDocument } from '../persistence/serial.ts';

interface LedgerEntry {
  source?: string | null | undefined;
  amount: number;
}

export interface PaidPlan {
  /** Paid in the chat (kept whatever finance says). */
  chat: number;
  /** What finance's entry should hold now. */
  fromFinance: number;
  /** The invoice's paid amount after the import. */
  paid: number;
  /** Both have a figure and they differ: the line for the operator. */
  conflict: string | null;
}

const sum = (xs: number[]) => roundMoney(xs.reduce((a, b) => a + b, 0));
const money = (n: number, currency: string) => `${currency} ${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(n)}`;
const fromChat = (e: LedgerEntry) => e.source !== 'import';

/** How finance's figure `finance` applies to an invoice whose ledger is `payments`. */
export function planPaid(invoiceNo: string, currency: string, payments: LedgerEntry[], finance: number): PaidPlan {
  const chat = sum(payments.filter(fromChat).map((p) => p.amount));
  const paid = Math.max(roundMoney(finance), chat);
  const fromFinance = roundMoney(paid - chat);
  if (chat === 0 || chat === roundMoney(finance)) return { chat, fromFinance, paid, conflict: null };
  const says = `${invoiceNo}: chat says ${money(chat, currency)} paid, finance says ${money(finance, currency)}`;
  const conflict =
    finance > chat
      ? `${says} — applied finance's ${money(finance, currency)}; the chat's payments stay and ${money(fromFinance, currency)} is recorded as from finance`
      : `${says} — kept the chat's ${money(chat, currency)}: a lower figure from finance never removes payments recorded in the chat (whoever recorded a wrong one can /undo it, or finance can book it)`;
  return { chat, fromFinance, paid, conflict };
}

/**
 * Brings finance's part of the ledger to `plan.fromFinance`: the earlier import's entry (and, on invoices
 * imported before the ledger, the paid amount no entry explains) out, the new one in. False when nothing
 * had to change.
 */
export function applyFinancePaid(collection: Collection, id: Types.ObjectId, plan: PaidPlan, when: { day: string; at: Date }): Promise<boolean> {
  return perDocument(documentKey(collection.collectionName, id), async () => {
    // The entries exactly as stored: FerretDB 1.24's $pullAll removes exact items only.
    const stored = await collection.findOne({ _id: id });
    if (!stored) return false;
    const payments = (stored['payments'] ?? []) as LedgerEntry[];
    const earlier = payments.filter((p) => !fromChat(p));
    const unexplained = roundMoney(Number(stored['paidAmount'] ?? 0) - sum(payments.map((p) => p.amount)));
    const financeBefore = roundMoney(sum(earlier.map((p) => p.amount)) + unexplained);
    if (financeBefore === plan.fromFinance && earlier.length <= 1 && unexplained === 0) return false;
    if (earlier.length > 0 || unexplained !== 0) {
      await collection.updateOne({ _id: id }, { $pullAll: { payments: earlier }, $inc: { paidAmount: -financeBefore } } as never);
    }
    if (plan.fromFinance > 0) {
      const entry = paymentEntry({ source: 'import', amount: plan.fromFinance, day: when.day, at: when.at });
      await collection.updateOne({ _id: id }, { $push: { payments: entry }, $inc: { paidAmount: plan.fromFinance } } as never);
    }
    return true;
  });
}

/** The ledger of a new invoice finance reports as (partly) paid. */
export function initialLedger(finance: number | undefined, when: { day: string; at: Date }): { paidAmount: number; payments: object[] } {
  const paid = roundMoney(finance ?? 0);
  return { paidAmount: paid, payments: paid > 0 ? [paymentEntry({ source: 'import', amount: paid, day: when.day, at: when.at })] : [] };
}
