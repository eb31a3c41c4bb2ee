import { trusted } from 'mongoose';
import type { EventLedger } from '../core/identity.ts';
import type { Platform } from '../core/messages.ts';
import { isDuplicateKeyError } from './connection.ts';
import type { Models } from './models/index.ts';

/**
 * Claims an event id with an insert on `_id`, so two processes receiving the same delivery handle it once.
 * A claim left `processing` by a process that died is taken over after `staleAfterMs`.
 */
export function mongoEventLedger(models: Models, staleAfterMs = 120_000): EventLedger {
  const { ProcessedEvent } = models;
  return {
    async claim(platform: Platform, eventId: string, at: Date) {
      const _id = `${platform}:${eventId}`;
      try {
        await ProcessedEvent.create({ _id, status: 'processing', claimedAt: at });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const stale = new Date(at.getTime() - staleAfterMs);
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
    async complete(platform: Platform, eventId: string, outcome: 'done' | 'failed', at: Date) {
      await ProcessedEvent.updateOne({ _id: `${platform}:${eventId}` }, { $set: { status: outcome, completedAt: at } });
    },
  };
}
