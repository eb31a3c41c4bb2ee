import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A note the bot could not save yet (customer unknown or ambiguous): kept whole until the user picks,
 * so nothing typed is lost while the bot asks.
 */
export const pendingNoteSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    text: { type: String, required: true, maxlength: 4000 },
    /** When the note was written (the clock at the time), so a later answer keeps the note's dates. */
    writtenAt: { type: Date, required: true },
    timeZone: { type: String, required: true },
    mention: { type: String },
    status: { type: String, enum: ['waiting', 'saved', 'dropped'], required: true, default: 'waiting' },
    visitId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true, collection: 'pending_notes' },
);
pendingNoteSchema.index({ userId: 1, status: 1, createdAt: -1 });

export type PendingNoteDoc = InferSchemaType<typeof pendingNoteSchema>;
