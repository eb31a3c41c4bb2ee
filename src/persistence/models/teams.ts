import { Schema, type InferSchemaType } from 'mongoose';

const conversationRefSchema = new Schema(
  {
    platform: { type: String, required: true },
    tenantId: String,
    channelId: { type: String, required: true },
    threadId: String,
    direct: { type: Boolean, default: false },
  },
  { _id: false },
);

export const teamSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 100 },
    /** Case-folded name; the unique key. */
    key: { type: String, required: true },
    timeZone: { type: String, required: true },
    supervisorId: { type: Schema.Types.ObjectId },
    managerId: { type: Schema.Types.ObjectId },
    summaryChannel: { type: conversationRefSchema },
    /** Workday calendar: 'cn' follows Chinese holidays and make-up days; 'plain' is Monday–Friday. */
    calendar: { type: String, enum: ['cn', 'plain'], default: 'cn' },
    /** Per-job cron overrides of the SCHEDULE_* defaults, keyed `job` or `job/slot` (jobs/README.md). */
    schedules: { type: Map, of: String },
  },
  { timestamps: true, collection: 'teams' },
);
teamSchema.index({ key: 1 }, { unique: true });

export type TeamDoc = InferSchemaType<typeof teamSchema>;
export const teamKey = (name: string) => name.trim().toLowerCase();
