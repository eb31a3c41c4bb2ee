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
    /** The record the change is about (e.g. the visit id), so a card's Undo button reverses that change. */
    ref: { type: String },
    at: { type: Date, required: true },
    undone: { type: Boolean, required: true, default: false },
    /** Steps to reverse, applied in order. */
    steps: {
      type: [
        new Schema(
          {
            op: { type: String, enum: ['delete', 'restore', 'set', 'pull'], required: true },
            collection: { type: String, required: true },
            id: { type: Schema.Types.Mixed, required: true },
            /** The full document before the change (for restore). */
            before: { type: Schema.Types.Mixed },
            fields: { type: Schema.Types.Mixed },
            field: { type: String },
            names: { type: [String], default: undefined },
          },
          // `collection` names the MongoDB collection of the step; it is data here, not mongoose's option.
          { _id: false, suppressReservedKeysWarning: true },
        ),
      ],
      default: [],
    },
  },
  { collection: 'changes' },
);
changeSchema.index({ userId: 1, undone: 1, at: -1 });
changeSchema.index({ userId: 1, ref: 1 });

export type ChangeDoc = InferSchemaType<typeof changeSchema>;
