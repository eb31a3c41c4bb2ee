import { Schema } from 'mongoose';

/**
 * The durable inbox: every platform message is written here before the platform is acknowledged, so a
 * process that dies after the acknowledgement loses nothing — another process (or the next start) takes the
 * entry over when its lease runs out. `_id` is `<platform>:<event id>`, the key the event ledger uses.
 *
 * The payload is the adapter's own serialized request (JSON text: FerretDB 1.24 stores no nested arrays).
 * A takeover is an insert into `inbox_claims` on `<entry id>#<attempt>`, and so is the end of the work
 * (`<entry id>#done`): the one write that is atomic across processes on MongoDB and FerretDB alike (FerretDB 1.24
 * applies filtered updates as read-then-write, so a lease renewal racing the `status` update can write it back).
 */
export const inboxEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    platform: { type: String, required: true },
    payload: { type: String, required: true },
    status: { type: String, enum: ['pending', 'done'], required: true },
    acceptedAt: { type: Date, required: true },
    /** The process working on it; null while it waits for whichever process has room. */
    owner: { type: String, default: null },
    /** Until then the owner is presumed alive (it renews this while it works); after it, anyone may take over. */
    leaseUntil: { type: Date, required: true },
    /** Takeovers so far (0 for the process that accepted it). */
    attempts: { type: Number, required: true, default: 0 },
    finishedAt: { type: Date },
  },
  { collection: 'inbox', versionKey: false },
);
// The sweep: pending entries whose lease ran out, oldest first.
inboxEntrySchema.index({ status: 1, leaseUntil: 1 });
// The retention purge.
inboxEntrySchema.index({ acceptedAt: 1 });

export const inboxClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'inbox_claims', versionKey: false },
);
inboxClaimSchema.index({ at: 1 });
