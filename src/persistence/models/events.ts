import { Schema } from 'mongoose';

/** One document per platform event handled; `_id` is `<platform>:<event id>`. */
export const processedEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: ['processing', 'done', 'failed'], required: true },
    claimedAt: { type: Date, required: true },
    completedAt: { type: Date },
    /** The replies the event got (JSON), for answering a redelivery after a crash. */
    replies: { type: String },
  },
  { collection: 'processed_events', versionKey: false },
);
// No TTL index on FerretDB 1.24: old entries are purged by a maintenance job using this index.
processedEventSchema.index({ claimedAt: 1 });
