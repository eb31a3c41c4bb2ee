/**
 * The delivery ledger (see models/deliveries.ts): the claim is an insert on the idempotency key, so whoever
 * plans a delivery second — a duplicate schedule, a retried fan-out, `kam jobs run` again — finds it taken.
 * Sending marks each accepted part, so a sender killed midway resumes after the last part the platform took.
 */
import { Types } from 'mongoose';
import type { ConversationRef, Platform, Reply } from '../core/messages.ts';
import type { Models } from './models/index.ts';
import { op } from './scope.ts';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface NewDelivery {
  key: string;
  job: string;
  /** User id, or `team.<teamId>` for a team channel. */
  recipient: string;
  recipientUserId?: string | undefined;
  teamId?: string | undefined;
  period: string;
  step?: string | undefined;
  ref: ConversationRef;
  replies: Reply[];
  text: string;
  language: string;
  /** The instant the plan was made for (the scheduled tick or `--now`). */
  planFor: Date;
}

export interface DeliveryEntry extends NewDelivery {
  platform: Platform;
  status: DeliveryStatus;
  attempts: number;
  partsSent: number;
  messageIds: string[];
  plannedAt: Date;
  sendingAt?: Date | undefined;
  sentAt?: Date | undefined;
  error?: string | undefined;
}

export interface DeliveryRef {
  key: string;
  platform: Platform;
}

export interface DeliveryLogRow {
  key: string;
  job: string;
  recipientUserId?: string | undefined;
  recipient: string;
  platform: string;
  channel: string;
  period: string;
  step?: string | undefined;
  status: DeliveryStatus;
  plannedAt: Date;
  sentAt?: Date | undefined;
  attempts: number;
  error?: string | undefined;
  text: string;
}

export interface DeliveryLedger {
  /** Inserts the entries whose key is free; returns the keys this call claimed. */
  claim(entries: NewDelivery[], at: Date): Promise<string[]>;
  /** Of these keys, those already in the ledger (in any state). */
  existing(keys: string[]): Promise<Set<string>>;
  /** Of these keys, those not sent yet (pending, sending or failed), with their platform. */
  unsent(keys: string[]): Promise<DeliveryRef[]>;
  /**
   * Takes an unsent entry for sending; null when it is sent, unknown, or being sent by this process. Nothing is
   * written: across processes one key has one queue job under BullMQ's lock, and a crash between a platform's
   * acceptance and `partSent` is covered by the idempotency key, not by the ledger.
   */
  begin(key: string): Promise<DeliveryEntry | null>;
  /** Gives an entry back untouched (a platform rate limit: the attempt does not count). */
  release(key: string): void;
  /** Records that reply `index` was accepted (`sending` until the last, then `sent`). */
  partSent(key: string, index: number, messageId: string, at: Date, last: boolean): Promise<void>;
  /** Records a failed attempt and gives the entry back; `final` when no retry will follow. */
  failed(key: string, error: string, final: boolean): Promise<void>;
  get(key: string): Promise<DeliveryEntry | null>;
  /** Unsent entries planned since `since`, oldest first: what a restarted process still owes. */
  resumable(since: Date, limit: number): Promise<DeliveryRef[]>;
  /** The delivery log, oldest first. */
  log(filter?: { job?: string; since?: Date }): Promise<DeliveryLogRow[]>;
}

/** Replies as JSON: FerretDB 1.24 rejects nested arrays (table rows), and a PNG travels as base64. */
function storeReplies(replies: Reply[]): string {
  return JSON.stringify(replies.map((r) => (r.kind === 'image' ? { ...r, png: Buffer.from(r.png).toString('base64') } : r)));
}

function loadReplies(stored: string): Reply[] {
  return (JSON.parse(stored) as Array<Record<string, unknown>>).map((r) =>
    r['kind'] === 'image' ? ({ ...r, png: new Uint8Array(Buffer.from(String(r['png']), 'base64')) } as unknown as Reply) : (r as unknown as Reply),
  );
}

const idText = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

function toEntry(doc: Record<string, any>): DeliveryEntry {
  return {
    key: doc['_id'],
    job: doc['job'],
    recipient: doc['recipient'],
    recipientUserId: idText(doc['recipientUserId']),
    teamId: idText(doc['teamId']),
    period: doc['period'],
    step: doc['step'] ?? undefined,
    ref: doc['ref'] as ConversationRef,
    replies: loadReplies(doc['replies']),
    text: doc['text'],
    language: doc['language'],
    planFor: doc['planFor'],
    platform: doc['platform'],
    status: doc['status'],
    attempts: doc['attempts'] ?? 0,
    partsSent: doc['partsSent'] ?? 0,
    messageIds: doc['messageIds'] ?? [],
    plannedAt: doc['plannedAt'],
    sendingAt: doc['sendingAt'] ?? undefined,
    sentAt: doc['sentAt'] ?? undefined,
    error: doc['error'] ?? undefined,
  };
}

const UNSENT: DeliveryStatus[] = ['pending', 'sending', 'failed'];
const BATCH = 500;

export function mongoDeliveries(models: Models): DeliveryLedger {
  const { Delivery } = models;
  // Entries this process is sending. Writes stay one per accepted reply: FerretDB serializes writes, and a
  // delivery is then one read and one write.
  const inFlight = new Set<string>();
  return {
    async claim(entries, at) {
      const claimed: string[] = [];
      for (let i = 0; i < entries.length; i += BATCH) {
        const batch = entries.slice(i, i + BATCH);
        const docs = batch.map((e) => ({
          _id: e.key,
          job: e.job,
          recipient: e.recipient,
          recipientUserId: e.recipientUserId ? new Types.ObjectId(e.recipientUserId) : undefined,
          teamId: e.teamId ? new Types.ObjectId(e.teamId) : undefined,
          period: e.period,
          step: e.step,
          platform: e.ref.platform,
          ref: { ...e.ref },
          replies: storeReplies(e.replies),
          text: e.text,
          language: e.language,
          status: 'pending',
          plannedAt: at,
          planFor: e.planFor,
          attempts: 0,
          partsSent: 0,
          messageIds: [],
        }));
        // Unordered: a taken key (code 11000) must not stop the others; the failed indexes are the taken keys.
        try {
          await Delivery.collection.insertMany(docs as never[], { ordered: false });
          claimed.push(...batch.map((e) => e.key));
        } catch (error) {
          const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
          const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ index: number; code?: number; err?: { code?: number } }>;
          if (list.length === 0 || list.some((w) => (w.code ?? w.err?.code) !== 11000)) throw error;
          const taken = new Set(list.map((w) => w.index));
          claimed.push(...batch.filter((_, j) => !taken.has(j)).map((e) => e.key));
        }
      }
      return claimed;
    },
    async existing(keys) {
      const out = new Set<string>();
      for (let i = 0; i < keys.length; i += BATCH) {
        const rows = await Delivery.find({ _id: op({ $in: keys.slice(i, i + BATCH) }) }, { _id: 1 }).lean();
        for (const r of rows) out.add(String(r._id));
      }
      return out;
    },
    async unsent(keys) {
      const out: DeliveryRef[] = [];
      for (let i = 0; i < keys.length; i += BATCH) {
        const rows = await Delivery.find({ _id: op({ $in: keys.slice(i, i + BATCH) }), status: op({ $in: UNSENT }) }, { _id: 1, platform: 1 }).lean();
        out.push(...rows.map((r) => ({ key: String(r._id), platform: r.platform as Platform })));
      }
      return out;
    },
    async begin(key) {
      if (inFlight.has(key)) return null;
      inFlight.add(key);
      const doc = await Delivery.findById(key).lean();
      if (!doc || doc.status === 'sent') {
        inFlight.delete(key);
        return null;
      }
      return toEntry(doc as Record<string, any>);
    },
    async partSent(key, index, messageId, at, last) {
      const set: Record<string, unknown> = { partsSent: index + 1, status: last ? 'sent' : 'sending' };
      if (last) set['sentAt'] = at;
      try {
        await Delivery.updateOne({ _id: key }, { $set: set, $push: { messageIds: messageId }, ...(last ? { $unset: { error: 1 }, $inc: { attempts: 1 } } : {}) });
      } finally {
        if (last) inFlight.delete(key);
      }
    },
    release(key) {
      inFlight.delete(key);
    },
    async failed(key, error, final) {
      try {
        await Delivery.updateOne({ _id: key, status: op({ $ne: 'sent' as DeliveryStatus }) }, { $set: { error: error.slice(0, 2000), status: final ? 'failed' : 'pending' }, $inc: { attempts: 1 } });
      } finally {
        inFlight.delete(key);
      }
    },
    async get(key) {
      const doc = await Delivery.findById(key).lean();
      return doc ? toEntry(doc as Record<string, any>) : null;
    },
    async resumable(since, limit) {
      const rows = await Delivery.find({ status: op({ $in: ['pending', 'sending'] as DeliveryStatus[] }), plannedAt: op({ $gte: since }) }, { _id: 1, platform: 1 })
        .sort({ status: 1, plannedAt: 1 })
        .limit(limit)
        .lean();
      return rows.map((r) => ({ key: String(r._id), platform: r.platform as Platform }));
    },
    async log(filter = {}) {
      const query: Record<string, unknown> = { plannedAt: op({ $gte: filter.since ?? new Date(0) }) };
      if (filter.job) query['job'] = filter.job;
      const rows = await Delivery.find(query, { replies: 0 }).sort({ plannedAt: 1, _id: 1 }).lean();
      return rows.map((r) => ({
        key: String(r._id),
        job: r.job,
        recipientUserId: idText(r.recipientUserId),
        recipient: r.recipient,
        platform: r.platform,
        channel: String((r.ref as { channelId?: string } | undefined)?.channelId ?? ''),
        period: r.period,
        step: r.step ?? undefined,
        status: r.status as DeliveryStatus,
        plannedAt: r.plannedAt,
        sentAt: r.sentAt ?? undefined,
        attempts: r.attempts ?? 0,
        error: r.error ?? undefined,
        text: r.text,
      }));
    },
  };
}
