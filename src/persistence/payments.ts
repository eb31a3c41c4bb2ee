/**
 * Payments on a receivable are ledger entries: a unique id, who, how much, when, and where it came from — a
 * rep or supervisor in the chat, or finance's import. The invoice's `paidAmount` is the sum of its entries; an
 * entry is written and removed together with its amount in one update, exactly as stored (FerretDB 1.24's
 * `$pull` matches exact items only), so the undo of one payment never touches another.
 */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';

export type PaymentSource = 'chat' | 'import';

export interface PaymentInput {
  amount: number;
  day: string;
  at: Date;
  source: PaymentSource;
  byUserId?: string | undefined;
  /** Period keys: a chat payment is counted in the week and month it was received. */
  week?: string | undefined;
  month?: string | undefined;
}

/** The entry as stored: fixed field order, no undefined values (it is matched exactly on undo). */
export function paymentEntry(p: PaymentInput): { id: string; amount: number } & Record<string, unknown> {
  return {
    id: randomUUID(),
    source: p.source,
    amount: p.amount,
    day: p.day,
    at: p.at,
    ...(p.byUserId ? { byUserId: new Types.ObjectId(p.byUserId) } : {}),
    ...(p.week ? { week: p.week } : {}),
    ...(p.month ? { month: p.month } : {}),
  };
}
