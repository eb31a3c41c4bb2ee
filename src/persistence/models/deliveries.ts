import { Schema, type InferSchemaType } from 'mongoose';

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

/**
 * The delivery ledger of scheduled jobs. `_id` is the idempotency key `job:recipient:period[:step]`: planning
 * inserts the entry (the claim) before anything is sent, so a second run, a duplicate schedule or a retried
 * fan-out finds the key taken; the sender marks each part and the whole entry sent after the platform accepted
 * it. The stored replies are what gets (re)sent, so a restart delivers exactly what was planned.
 */
export const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    /** The KAM user; absent when the recipient is a team channel. */
    recipientUserId: { type: Schema.Types.ObjectId },
    /** User id or `team.<teamId>` for a channel: the recipient part of the key. */
    recipient: { type: String, required: true },
    teamId: { type: Schema.Types.ObjectId },
    period: { type: String, required: true },
    step: { type: String },
    platform: { type: String, required: true },
    ref: { type: Schema.Types.Mixed, required: true },
    /** Neutral replies as JSON (FerretDB 1.24 stores no nested arrays, which tables are); PNGs in base64. */
    replies: { type: String, required: true },
    /** Plain-text rendering, in the recipient's language, for the delivery log. */
    text: { type: String, required: true },
    language: { type: String, required: true },
    status: { type: String, enum: DELIVERY_STATUSES, required: true, default: 'pending' },
    plannedAt: { type: Date, required: true },
    /** The scheduled instant the plan was made for (the tick or `--now`). */
    planFor: { type: Date, required: true },
    attempts: { type: Number, required: true, default: 0 },
    /** How many replies the platform has accepted: a resumed delivery continues after them. */
    partsSent: { type: Number, required: true, default: 0 },
    messageIds: { type: [String], default: [] },
    sendingAt: { type: Date },
    sentAt: { type: Date },
    error: { type: String },
  },
  { collection: 'deliveries', versionKey: false },
);
// Resuming unsent deliveries after a restart, and the log export (oldest first).
deliverySchema.index({ status: 1, plannedAt: 1 });
deliverySchema.index({ plannedAt: 1 });

export type DeliveryDoc = InferSchemaType<typeof deliverySchema>;
