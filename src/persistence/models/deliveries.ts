import { Schema, type InferSchemaType } from 'mongoose';

export const DELIVERY_DOC_KINDS = ['claim', 'start', 'part', 'failure', 'failed'] as const;

/**
 * The delivery ledger of scheduled jobs, append-only: every fact is an insert on a unique `_id`, the one write
 * that is atomic on MongoDB and FerretDB alike (FerretDB 1.24 applies filtered updates as read-then-write, and an
 * update's cost there grows with the collection).
 *
 * - `claim`, `_id` = the idempotency key `job:recipient:period[:step]`: inserted when the delivery is planned,
 *   before anything is sent; a second run, a duplicate schedule or a retried fan-out finds the key taken. It holds
 *   what to send (the replies) and the plain-text rendering for the log.
 * - `start`, `_id` = `<key>#s`: inserted by every sender before it sends; the one whose insert succeeds is the
 *   first sender and may send what its queue job carries without reading the claim (nothing can be marked yet).
 * - `part`, `_id` = `<key>#p<n>`: the platform accepted reply n. All parts marked = sent.
 * - `failure`, `_id` = `<key>#e<time>`: a failed attempt and its error; `failed`, `_id` = `<key>#x`: given up.
 */
export const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: DELIVERY_DOC_KINDS, required: true },
    /** Marks: the claim they belong to. */
    of: { type: String },
    job: { type: String },
    /** The KAM user; absent when the recipient is a team channel. */
    recipientUserId: { type: Schema.Types.ObjectId },
    /** User id or `team.<teamId>` for a channel: the recipient part of the key. */
    recipient: { type: String },
    teamId: { type: Schema.Types.ObjectId },
    period: { type: String },
    step: { type: String },
    platform: { type: String },
    ref: { type: Schema.Types.Mixed },
    /** Neutral replies as JSON (FerretDB 1.24 stores no nested arrays, which tables are); PNGs in base64. */
    replies: { type: String },
    parts: { type: Number },
    /** Plain-text rendering, in the recipient's language, for the delivery log. */
    text: { type: String },
    language: { type: String },
    plannedAt: { type: Date },
    /** The scheduled instant the plan was made for (the tick or `--now`). */
    planFor: { type: Date },
    /** Marks: which reply, the platform's message id, when, what went wrong. */
    index: { type: Number },
    messageId: { type: String },
    at: { type: Date },
    error: { type: String },
  },
  { collection: 'deliveries', versionKey: false },
);
// Claims by planning time: resuming after a restart and the log export.
deliverySchema.index({ kind: 1, plannedAt: 1 });
// Marks by time: what a restarted process still owes, read in one go.
deliverySchema.index({ kind: 1, at: 1 });

export type DeliveryDoc = InferSchemaType<typeof deliverySchema>;
