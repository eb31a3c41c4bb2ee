import { Schema, type InferSchemaType } from 'mongoose';

/**
 * The undo log: each change a user makes records how to reverse it. `/undo` reverses the user's latest
 * change that is not yet undone. Without transactions, a change is written after its records, and its
 * reversal marks it undone only after the records are restored.
 */
export const changeSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    /** Human summary for the confirmation, in neutral data (the command renders it). */
    label: { type: String, required: true },
    at: { type: Date, required: true },
    undone: { type: Boolean, required: true, default: false },
    /** Steps to reverse, applied in order. */
    steps: {
      type: [
        new Schema(
          {
            op: { type: String, enum: ['delete', 'restore'], required: true },
            collection: { type: String, required: true },
            id: { type: Schema.Types.Mixed, required: true },
            /** The full document before the change (for restore). */
            before: { type: Schema.Types.Mixed },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { collection: 'changes' },
);
changeSchema.index({ userId: 1, undone: 1, at: -1 });

export type ChangeDoc = InferSchemaType<typeof changeSchema>;
