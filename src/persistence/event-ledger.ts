import { trusted } from 'mongoose';
import type { EventLedger } from '../core/identity.ts';
import type { Platform, Reply } from '../core/messages.ts';
import { isDuplicateKeyError } from './connection.ts';
import type { Models } from './models/index.ts';

/** Replies as JSON text (FerretDB 1.24 stores no nested arrays, which tables are); PNG bytes as base64. */
export function repliesToJson(replies: readonly Reply[]): string {
  return JSON.stringify(replies, (_key, value: unknown) => (value instanceof Uint8Array ? { $png: Buffer.from(value).toString('base64') } : value));
}

export function repliesFromJson(text: string): Reply[] {
  return JSON.parse(text, (_key, value: unknown) =>
    value && typeof value === 'object' && typeof (value as { $png?: unknown }).$png === 'string' ? new Uint8Array(Buffer.from((value as { $png: string }).$png, 'base64')) : value,
  ) as Reply[];
}

/**
 * Claims an event id with an insert on `_id`, so two processes receiving the same delivery handle it once.
 * A claim left `processing` by a process that died is taken over after `staleAfterMs`. Completed events keep
 * their replies, so a message redelivered from the inbox after a crash is answered without being redone.
 */
export function mongoEventLedger(models: Models, staleAfterMs = 120_000): EventLedger {
  const { ProcessedEvent } = models;
  return {
    async claim(platform: Platform, eventId: string, at: Date, staleMs?: number) {
      const _id = `${platform}:${eventId}`;
      try {
        await ProcessedEvent.create({ _id, status: 'processing', claimedAt: at });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const stale = new Date(at.getTime() - (staleMs ?? staleAfterMs));
      const taken = await ProcessedEvent.updateOne(
        // sanitizeFilter is on: operators we write ourselves are marked trusted.
        { _id, status: 'processing', claimedAt: trusted({ $lt: stale }) },
        { $set: { claimedAt: at } },
      );
      return taken.modifiedCount === 1;
    },
    async release(platform: Platform, eventId: string) {
      await ProcessedEvent.deleteOne({ _id: `${platform}:${eventId}`, status: 'processing' });
    },
    async complete(platform: Platform, eventId: string, outcome: 'done' | 'failed', at: Date, replies?: readonly Reply[]) {
      await ProcessedEvent.updateOne(
        { _id: `${platform}:${eventId}` },
        { $set: { status: outcome, completedAt: at, ...(replies && { replies: repliesToJson(replies) }) } },
      );
    },
    async recorded(platform: Platform, eventId: string) {
      const doc = await ProcessedEvent.findById(`${platform}:${eventId}`).lean<{ status: 'processing' | 'done' | 'failed'; replies?: string }>();
      if (!doc) return null;
      return { status: doc.status, replies: doc.replies === undefined ? undefined : repliesFromJson(doc.replies) };
    },
    async purge(before: Date) {
      const removed = await ProcessedEvent.deleteMany({ claimedAt: trusted({ $lt: before }) });
      return removed.deletedCount;
    },
  };
}
