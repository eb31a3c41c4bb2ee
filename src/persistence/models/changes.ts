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
            op: { type: String, enum: ['delete', 'set', 'pull', 'unpay', 'restore'], required: true },
            collection: { type: String, required: true },
            id: { type: Schema.Types.Mixed, required: true },
            fields: { type: Schema.Types.Mixed },
            expect: { type: Schema.Types.Mixed },
            strict: { type: Boolean },
            field: { type: String },
            items: { type: [Schema.Types.Mixed], default: undefined },
            entry: { type: Schema.Types.Mixed },
            /** Older records only: a whole earlier document (refused), item names. */
            before: { type: Schema.Types.Mixed },
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
/** Whose change a button is about (a button pressed by someone else is refused). */
changeSchema.index({ ref: 1, undone: 1 });

export type ChangeDoc = InferSchemaType<typeof changeSchema>;
