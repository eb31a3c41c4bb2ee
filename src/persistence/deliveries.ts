/**
 * The delivery ledger (see models/deliveries.ts): the claim is an insert on the idempotency key, so whoever
 * plans a delivery second — a duplicate schedule, a retried fan-out, `kam jobs run` again — finds it taken.
 * Sending marks each accepted part, so a sender killed midway resumes after the last part the platform took.
 *
 * Every sender first inserts a start mark (`<key>#s`). The sender whose insert succeeds is the first ever to
 * touch the delivery, so nothing of it can be marked yet: given what to send (carried in the queue job), it
 * sends without reading the ledger. Any later sender (a retry, a recovered stalled job, a second process) finds
 * the start mark taken and reads the claim and its marks by `_id` as before. This matters on FerretDB 1.24 with
 * SQLite, where even a lookup by `_id` scans the collection (its `_id` index is not used by queries), so reads
 * per delivery grow with the ledger; inserts only check the unique index.
 */
import { Types } from 'mongoose';
import type { ConversationRef, Platform, Reply } from '../core/messages.ts';
import type { Models } from './models/index.ts';

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
  /** Platform message ids of the accepted replies. */
  messageIds: string[];
  plannedAt: Date;
  sendingAt?: Date | undefined;
  sentAt?: Date | undefined;
  error?: string | undefined;
}

export interface DeliveryRef {
  key: string;
  platform: Platform;
  /** What to send, for a sender that turns out to be the first (see `begin`); only for a freshly claimed entry. */
  carried?: CarriedEntry | undefined;
}

/** What a first sender needs, carried with the queue job so it need not read the claim. */
export interface CarriedEntry {
  platform: Platform;
  ref: ConversationRef;
  /** The replies as stored in the claim (JSON, PNGs in base64). */
  replies: string;
}

/** The part of an entry a sender uses. */
export type SendEntry = Pick<DeliveryEntry, 'key' | 'platform' | 'ref' | 'replies' | 'partsSent'>;

/** Replies larger than this (charts) are not carried: their sender reads the claim. */
const CARRY_MAX_CHARS = 32_000;

/** The carried form of a new entry, or undefined when its replies are too large to travel in a queue job. */
export function carriedEntry(e: NewDelivery): CarriedEntry | undefined {
  const replies = storeReplies(e.replies);
  return replies.length <= CARRY_MAX_CHARS ? { platform: e.ref.platform, ref: { ...e.ref }, replies } : undefined;
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
  /** Of these keys, those already claimed. */
  existing(keys: string[]): Promise<Set<string>>;
  /** Of these keys, those claimed and not sent yet, with their platform. */
  unsent(keys: string[]): Promise<DeliveryRef[]>;
  /**
   * Takes an unsent entry for sending; null when it is sent, unknown, or being sent by this process. It first
   * records the start (an insert on `<key>#s`, before anything is sent): when that insert is the first and the
   * entry was `carried`, nothing can be marked yet and the carried entry is returned without a read; otherwise
   * the claim and its marks are read. Across processes one key has one queue job under BullMQ's lock, and a
   * crash between a platform's acceptance and `partSent` is covered by the idempotency key, not by the ledger.
   */
  begin(key: string, carried?: CarriedEntry): Promise<SendEntry | null>;
  /** Gives an entry back untouched (a platform rate limit: the attempt does not count). */
  release(key: string): void;
  /** Records that reply `index` was accepted; with `last`, the delivery is sent. */
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
const partId = (key: string, index: number) => `${key}#p${index}`;
const givenUpId = (key: string) => `${key}#x`;
const startId = (key: string) => `${key}#s`;

type Doc = Record<string, any>;

interface Marks {
  partsSent: number;
  messageIds: string[];
  sentAt?: Date | undefined;
  givenUp: boolean;
  failures: Doc[];
}

function statusOf(parts: number, m: Marks): DeliveryStatus {
  if (m.partsSent >= parts) return 'sent';
  if (m.givenUp) return 'failed';
  return m.partsSent > 0 ? 'sending' : 'pending';
}

function toEntry(claim: Doc, m: Marks): DeliveryEntry {
  const parts = claim['parts'] ?? 1;
  return {
    key: claim['_id'],
    job: claim['job'],
    recipient: claim['recipient'],
    recipientUserId: idText(claim['recipientUserId']),
    teamId: idText(claim['teamId']),
    period: claim['period'],
    step: claim['step'] ?? undefined,
    ref: claim['ref'] as ConversationRef,
    replies: loadReplies(claim['replies']),
    text: claim['text'],
    language: claim['language'],
    planFor: claim['planFor'],
    platform: claim['platform'],
    status: statusOf(parts, m),
    attempts: m.failures.length + (m.partsSent > 0 ? 1 : 0),
    partsSent: m.partsSent,
    messageIds: m.messageIds,
    plannedAt: claim['plannedAt'],
    sentAt: m.partsSent >= parts ? m.sentAt : undefined,
    error: m.failures.at(-1)?.['error'],
  };
}

const isDuplicate = (error: unknown) => (error as { code?: number }).code === 11000;

function takenIndexes(error: unknown): Set<number> {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as Array<{ index: number; code?: number; err?: { code?: number } }>;
  if (list.length === 0 || list.some((w) => (w.code ?? w.err?.code) !== 11000)) throw error;
  return new Set(list.map((w) => w.index));
}

/**
 * Gathers inserts made within a few milliseconds into one unordered insertMany; each caller still waits for its
 * own result: true when its document was inserted, false when its `_id` was taken. FerretDB on SQLite commits
 * each write on its own, so a hundred senders would otherwise queue up behind a hundred commits.
 */
function inserter(raw: { insertMany(docs: never[], opts: { ordered: boolean }): Promise<unknown> }, waitMs = 5, max = 200) {
  let pending: Array<{ doc: Doc; resolve: (inserted: boolean) => void; reject: (e: unknown) => void }> = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const batch = pending;
    pending = [];
    raw.insertMany(batch.map((b) => b.doc) as never[], { ordered: false }).then(
      () => batch.forEach((b) => b.resolve(true)),
      (error: unknown) => {
        let taken: Set<number>;
        try {
          // One document, one duplicate: some servers answer without a write-error list.
          const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
          taken = batch.length === 1 && isDuplicate(error) && !writeErrors ? new Set([0]) : takenIndexes(error);
        } catch (other) {
          batch.forEach((b) => b.reject(other));
          return;
        }
        batch.forEach((b, i) => b.resolve(!taken.has(i)));
      },
    );
  };
  return (doc: Doc) =>
    new Promise<boolean>((resolve, reject) => {
      pending.push({ doc, resolve, reject });
      if (pending.length >= max) {
        clearTimeout(timer);
        flush();
      } else timer ??= setTimeout(flush, waitMs);
    });
}

const BATCH = 500;
const IDS_PER_QUERY = 2000;

export function mongoDeliveries(models: Models): DeliveryLedger {
  const { Delivery } = models;
  const raw = Delivery.collection;
  // Entries this process is sending.
  const inFlight = new Set<string>();

  /** The marks of one claim, read by `_id` (the lookup FerretDB answers from its primary key). */
  async function marksOf(key: string, parts: number, withFailures: boolean, withGivenUp = withFailures): Promise<Marks> {
    const [partDocs, givenUp, failures] = await Promise.all([
      Promise.all(Array.from({ length: parts }, (_, i) => raw.findOne({ _id: partId(key, i) } as never) as Promise<Doc | null>)),
      withGivenUp ? (raw.findOne({ _id: givenUpId(key) } as never) as Promise<Doc | null>) : Promise.resolve(null),
      withFailures ? (raw.find({ of: key, kind: 'failure' } as never).sort({ at: 1 }).toArray() as Promise<Doc[]>) : Promise.resolve([]),
    ]);
    const accepted = partDocs.filter((d): d is Doc => d !== null);
    return {
      partsSent: accepted.length,
      messageIds: accepted.map((d) => String(d['messageId'] ?? '')),
      sentAt: accepted.map((d) => d['at'] as Date).sort((a, b) => a.getTime() - b.getTime()).at(-1),
      givenUp: givenUp !== null,
      failures,
    };
  }

  /**
   * Documents by `_id`, a chunk of ids per query: on MongoDB the `_id` index serves `$in`; on FerretDB 1.24 a
   * query is a pass over the collection whatever its filter, so one pass per chunk beats one per id.
   */
  async function byIds(ids: string[], projection: Record<string, 1>): Promise<Doc[]> {
    const out: Doc[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      out.push(...((await raw.find({ _id: { $in: ids.slice(i, i + IDS_PER_QUERY) } } as never, { projection }).toArray()) as Doc[]));
    }
    return out;
  }

  async function read(key: string, withFailures = false): Promise<DeliveryEntry | null> {
    const claim = (await raw.findOne({ _id: key } as never)) as Doc | null;
    if (!claim || claim['kind'] !== 'claim') return null;
    return toEntry(claim, await marksOf(key, claim['parts'] ?? 1, withFailures));
  }

  // Marks of concurrent senders go in together; a sender returns only once its own mark is stored. A mark that
  // is there already (a resend after a crash got the same answer) is a fact that stands.
  const insert = inserter(raw as never);
  const mark = async (doc: Doc) => void (await insert(doc));

  return {
    async claim(entries, at) {
      const claimed: string[] = [];
      for (let i = 0; i < entries.length; i += BATCH) {
        const batch = entries.slice(i, i + BATCH);
        const docs = batch.map((e) => ({
          _id: e.key,
          kind: 'claim',
          job: e.job,
          recipient: e.recipient,
          ...(e.recipientUserId ? { recipientUserId: new Types.ObjectId(e.recipientUserId) } : {}),
          ...(e.teamId ? { teamId: new Types.ObjectId(e.teamId) } : {}),
          period: e.period,
          ...(e.step ? { step: e.step } : {}),
          platform: e.ref.platform,
          ref: { ...e.ref },
          replies: storeReplies(e.replies),
          parts: Math.max(1, e.replies.length),
          text: e.text,
          language: e.language,
          plannedAt: at,
          planFor: e.planFor,
        }));
        // Unordered: a taken key (code 11000) must not stop the others; the failed indexes are the taken keys.
        try {
          await raw.insertMany(docs as never[], { ordered: false });
          claimed.push(...batch.map((e) => e.key));
        } catch (error) {
          const taken = takenIndexes(error);
          claimed.push(...batch.filter((_, j) => !taken.has(j)).map((e) => e.key));
        }
      }
      return claimed;
    },
    async existing(keys) {
      const found = await byIds(keys, { _id: 1 });
      return new Set(found.map((d) => String(d['_id'])));
    },
    async unsent(keys) {
      const claims = (await byIds(keys, { _id: 1, kind: 1, parts: 1, platform: 1 })).filter((c) => c['kind'] === 'claim');
      const partIds = claims.flatMap((c) => Array.from({ length: c['parts'] ?? 1 }, (_, i) => partId(String(c['_id']), i)));
      const accepted = new Map<string, number>();
      for (const p of await byIds(partIds, { _id: 1, of: 1 })) accepted.set(String(p['of']), (accepted.get(String(p['of'])) ?? 0) + 1);
      return claims.filter((c) => (accepted.get(String(c['_id'])) ?? 0) < (c['parts'] ?? 1)).map((c) => ({ key: String(c['_id']), platform: c['platform'] as Platform }));
    },
    async begin(key, carried) {
      if (inFlight.has(key)) return null;
      inFlight.add(key);
      try {
        // Recorded before anything is sent, by every sender: a first start means no part can be marked yet.
        const first = await insert({ _id: startId(key), kind: 'start', of: key, at: new Date() });
        if (first && carried) return { key, platform: carried.platform, ref: carried.ref, replies: loadReplies(carried.replies), partsSent: 0 };
        const entry = await read(key);
        if (!entry || entry.status === 'sent') {
          inFlight.delete(key);
          return null;
        }
        return entry;
      } catch (error) {
        inFlight.delete(key);
        throw error;
      }
    },
    async partSent(key, index, messageId, at, last) {
      try {
        await mark({ _id: partId(key, index), kind: 'part', of: key, index, messageId, at });
      } finally {
        if (last) inFlight.delete(key);
      }
    },
    release(key) {
      inFlight.delete(key);
    },
    async failed(key, error, final) {
      try {
        const at = new Date();
        await mark({ _id: `${key}#e${at.getTime()}${Math.random().toString(36).slice(2, 6)}`, kind: 'failure', of: key, at, error: error.slice(0, 2000) });
        if (final) await mark({ _id: givenUpId(key), kind: 'failed', of: key, at });
      } finally {
        inFlight.delete(key);
      }
    },
    get: (key) => read(key, true),
    async resumable(since, limit) {
      const claims = (await raw.find({ kind: 'claim', plannedAt: { $gte: since } } as never, { projection: { _id: 1, parts: 1, platform: 1 } }).sort({ plannedAt: 1 }).limit(limit).toArray()) as Doc[];
      if (claims.length === 0) return [];
      // Their marks in one read (index {kind, at}) rather than a read per claim, which on FerretDB/SQLite is a
      // scan each: parts and give-ups are written after their claim was planned (an hour covers clock skew).
      const marks = (await raw
        .find({ kind: { $in: ['part', 'failed'] }, at: { $gte: new Date(since.getTime() - 3_600_000) } } as never, { projection: { _id: 1, kind: 1, of: 1 } })
        .toArray()) as Doc[];
      const parts = new Map<string, number>();
      const givenUp = new Set<string>();
      for (const m of marks) {
        if (m['kind'] === 'failed') givenUp.add(String(m['of']));
        else parts.set(String(m['of']), (parts.get(String(m['of'])) ?? 0) + 1);
      }
      return claims
        .filter((c) => !givenUp.has(String(c['_id'])) && (parts.get(String(c['_id'])) ?? 0) < (c['parts'] ?? 1))
        .map((c) => ({ key: String(c['_id']), platform: c['platform'] as Platform }));
    },
    async log(filter = {}) {
      // The whole ledger in one read (claims and marks), joined here: the export is an occasional operator task.
      const docs = (await raw.find((filter.job ? { $or: [{ job: filter.job }, { kind: { $ne: 'claim' } }] } : {}) as never, { projection: { replies: 0 } }).toArray()) as Doc[];
      const marks = new Map<string, Doc[]>();
      for (const d of docs) if (d['kind'] !== 'claim') marks.set(d['of'], [...(marks.get(d['of']) ?? []), d]);
      return docs
        .filter((d) => d['kind'] === 'claim' && (!filter.since || d['plannedAt'] >= filter.since))
        .sort((a, b) => a['plannedAt'].getTime() - b['plannedAt'].getTime() || String(a['_id']).localeCompare(String(b['_id'])))
        .map((c) => {
          const mine = marks.get(c['_id']) ?? [];
          const accepted = mine.filter((m) => m['kind'] === 'part');
          const failures = mine.filter((m) => m['kind'] === 'failure').sort((a, b) => a['at'].getTime() - b['at'].getTime());
          const m: Marks = {
            partsSent: accepted.length,
            messageIds: accepted.map((a) => String(a['messageId'] ?? '')),
            sentAt: accepted.map((a) => a['at'] as Date).sort((a, b) => a.getTime() - b.getTime()).at(-1),
            givenUp: mine.some((x) => x['kind'] === 'failed'),
            failures,
          };
          const status = statusOf(c['parts'] ?? 1, m);
          return {
            key: String(c['_id']),
            job: c['job'],
            recipientUserId: idText(c['recipientUserId']),
            recipient: c['recipient'],
            platform: c['platform'],
            channel: String((c['ref'] as { channelId?: string } | undefined)?.channelId ?? ''),
            period: c['period'],
            step: c['step'] ?? undefined,
            status,
            plannedAt: c['plannedAt'],
            sentAt: status === 'sent' ? m.sentAt : undefined,
            attempts: failures.length + (accepted.length > 0 ? 1 : 0),
            error: failures.at(-1)?.['error'],
            text: c['text'],
          };
        });
    },
  };
}
