import { Schema, type InferSchemaType } from 'mongoose';

export const VISIT_CHANNELS = ['onsite', 'phone', 'video', 'message'] as const;

export const visitSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    teamId: { type: Schema.Types.ObjectId },
    channel: { type: String, enum: VISIT_CHANNELS, required: true },
    /** The local day of the visit in `timeZone`, and the instant (the message time when the visit was today). */
    visitDay: { type: String, required: true },
    visitedAt: { type: Date, required: true },
    timeZone: { type: String, required: true },
    contacts: { type: [String], default: [] },
    summary: { type: String, default: '', maxlength: 4000 },
    amount: { type: Number },
    currency: { type: String },
    nextFollowUpDay: { type: String },
    callbackId: { type: Schema.Types.ObjectId },
    /** The note exactly as typed: never lost, whatever the parser understood. */
    rawNote: { type: String, maxlength: 4000 },
    /** Period keys in the owner's zone, so summaries are $match + $group. */
    week: { type: String, required: true },
    month: { type: String, required: true },
    /** Whether the visit was planned (came from a callback or cadence) — for visit-plan completion. */
    planned: { type: Boolean, default: false },
    sourceEventId: { type: String },
  },
  { timestamps: true, collection: 'visits' },
);
visitSchema.index({ ownerId: 1, visitDay: -1 });
visitSchema.index({ teamId: 1, week: 1 });
visitSchema.index({ ownerId: 1, week: 1 });
visitSchema.index({ customerId: 1, visitDay: -1 });
visitSchema.index({ month: 1, ownerId: 1 });

export type VisitDoc = InferSchemaType<typeof visitSchema>;
