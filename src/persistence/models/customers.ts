import { Schema, type InferSchemaType } from 'mongoose';

export const CUSTOMER_STATUSES = ['prospect', 'active', 'dormant', 'lost'] as const;
export const TIERS = ['A1', 'A2', 'B1', 'B2', 'C', 'D'] as const;

const contactSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 100 },
    title: { type: String, trim: true, maxlength: 100 },
    phone: { type: String, trim: true, maxlength: 50 },
  },
  { _id: false },
);

export const customerSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    /** Case- and width-folded name: the natural key for imports. */
    key: { type: String, required: true },
    aliases: { type: [String], default: [] },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    /** The owner's team, copied so team-scoped queries need no join. */
    teamId: { type: Schema.Types.ObjectId },
    tier: { type: String, enum: TIERS },
    industry: { type: String, trim: true, maxlength: 100 },
    region: { type: String, trim: true, maxlength: 100 },
    status: { type: String, enum: CUSTOMER_STATUSES, required: true, default: 'active' },
    contacts: { type: [contactSchema], default: [] },
    creditLimit: { type: Number, min: 0 },
    annualRevenue: { type: Number, min: 0 },
    lastVisitDay: { type: String },
  },
  { timestamps: true, collection: 'customers' },
);
customerSchema.index({ key: 1 }, { unique: true });
customerSchema.index({ ownerId: 1, status: 1 });
customerSchema.index({ teamId: 1, status: 1 });
customerSchema.index({ status: 1, tier: 1, lastVisitDay: 1 });

export type CustomerDoc = InferSchemaType<typeof customerSchema>;
