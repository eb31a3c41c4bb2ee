import { Schema, type InferSchemaType } from 'mongoose';

export const weeklyReportSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    teamId: { type: Schema.Types.ObjectId },
    /** ISO week in the user's zone, e.g. 2026-W48. */
    week: { type: String, required: true },
    status: { type: String, enum: ['draft', 'submitted'], required: true, default: 'draft' },
    highlights: { type: String, default: '', maxlength: 4000 },
    problems: { type: String, default: '', maxlength: 4000 },
    plan: { type: String, default: '', maxlength: 4000 },
    /** The week's figures as they stood when the report was last saved. */
    stats: { type: Schema.Types.Mixed, default: {} },
    submittedAt: { type: Date },
  },
  { timestamps: true, collection: 'weekly_reports' },
);
weeklyReportSchema.index({ userId: 1, week: 1 }, { unique: true });
weeklyReportSchema.index({ teamId: 1, week: 1, status: 1 });

export type WeeklyReportDoc = InferSchemaType<typeof weeklyReportSchema>;
