import { Schema, type InferSchemaType } from 'mongoose';
import { LANGUAGES, ROLES } from '../../core/identity.ts';

const leaveSchema = new Schema({ from: { type: String, required: true }, to: { type: String, required: true } }, { _id: false });

export const userSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    email: { type: String, lowercase: true, trim: true, maxlength: 320 },
    role: { type: String, enum: ROLES, required: true, default: 'rep' },
    teamId: { type: Schema.Types.ObjectId },
    reportsTo: { type: Schema.Types.ObjectId },
    language: { type: String, enum: LANGUAGES },
    timeZone: { type: String },
    leave: { type: [leaveSchema], default: [] },
    /** Platform ids, mirrored from the identities collection for lookups and export. */
    consoleId: { type: String },
    slackId: { type: String },
    feishuOpenId: { type: String },
  },
  { timestamps: true, collection: 'users' },
);
// FerretDB 1.24 has no partial indexes, so optional fields get plain (non-unique) indexes; uniqueness of
// platform ids lives in the identities collection, whose _id is the platform id.
userSchema.index({ email: 1 });
userSchema.index({ teamId: 1, role: 1 });
userSchema.index({ name: 1 });
userSchema.index({ consoleId: 1 });
userSchema.index({ slackId: 1 });
userSchema.index({ feishuOpenId: 1 });

export type UserDoc = InferSchemaType<typeof userSchema>;

/** `_id` is `<platform>:<platform user id>`: unique everywhere without a partial index. */
export const identitySchema = new Schema(
  {
    _id: { type: String, required: true },
    platform: { type: String, required: true },
    platformUserId: { type: String, required: true },
    tenantId: { type: String },
    userId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, collection: 'identities' },
);
identitySchema.index({ userId: 1 });

export const identityKey = (platform: string, platformUserId: string) => `${platform}:${platformUserId}`;
