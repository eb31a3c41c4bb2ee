import { Schema, type InferSchemaType } from 'mongoose';

export const RECEIVABLE_STATUSES = ['open', 'paid', 'written_off'] as const;

/**
 * A ledger entry (see persistence/payments.ts). Entries from finance's import carry no period keys: finance
 * says how much is paid, not when, so they are not counted as collected in any week or month. Entries written
 * before the ledger had ids have none; they cannot be undone one by one.
 */
const paymentSchema = new Schema(
  {
    id: { type: String },
    source: { type: String, enum: ['chat', 'import'] },
    amount: { type: Number, required: true },
    day: { type: String, required: true },
    at: { type: Date, required: true },
    byUserId: { type: Schema.Types.ObjectId },
    week: { type: String },
    month: { type: String },
  },
  { _id: false },
);

export const receivableSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    teamId: { type: Schema.Types.ObjectId },
    invoiceNo: { type: String, required: true, trim: true, maxlength: 100 },
    /** Case-folded invoice number: the natural key. */
    key: { type: String, required: true },
    amount: { type: Number, required: true, min: 0 },
    currency: { type: String, required: true, default: 'CNY' },
    issuedDay: { type: String, required: true },
    dueDay: { type: String, required: true },
    paidAmount: { type: Number, required: true, default: 0, min: 0 },
    payments: { type: [paymentSchema], default: [] },
    promiseDay: { type: String },
    status: { type: String, enum: RECEIVABLE_STATUSES, required: true, default: 'open' },
    paidDay: { type: String },
    dueMonth: { type: String, required: true },
  },
  { timestamps: true, collection: 'receivables' },
);
receivableSchema.index({ key: 1 }, { unique: true });
receivableSchema.index({ ownerId: 1, status: 1, dueDay: 1 });
receivableSchema.index({ teamId: 1, status: 1, dueDay: 1 });
receivableSchema.index({ customerId: 1, status: 1 });
receivableSchema.index({ 'payments.week': 1 });

export type ReceivableDoc = InferSchemaType<typeof receivableSchema>;
