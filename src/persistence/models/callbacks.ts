import { Schema, type InferSchemaType } from 'mongoose';

export const CALLBACK_STATUSES = ['open', 'done', 'snoozed', 'cancelled'] as const;
export const CALLBACK_ORIGINS = ['visit', 'cadence', 'manual'] as const;

export const callbackSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerName: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    teamId: { type: Schema.Types.ObjectId },
    dueDay: { type: String, required: true },
    status: { type: String, enum: CALLBACK_STATUSES, required: true, default: 'open' },
    origin: { type: String, enum: CALLBACK_ORIGINS, required: true },
    visitId: { type: Schema.Types.ObjectId },
    note: { type: String, default: '', maxlength: 1000 },
    doneDay: { type: String },
    doneAt: { type: Date },
    /** Period keys of the due day and (when done) of the done day. */
    week: { type: String, required: true },
    doneWeek: { type: String },
    /** For cadence callbacks: the last visit day the lapse was measured from, so each lapse creates one. */
    cadenceKey: { type: String },
  },
  { timestamps: true, collection: 'callbacks' },
);
callbackSchema.index({ ownerId: 1, status: 1, dueDay: 1 });
callbackSchema.index({ teamId: 1, status: 1, dueDay: 1 });
callbackSchema.index({ customerId: 1, status: 1 });
callbackSchema.index({ ownerId: 1, doneWeek: 1 });

export type CallbackDoc = InferSchemaType<typeof callbackSchema>;
