/**
 * Sends one ledger entry. The entry was claimed when it was planned; each reply goes out with its idempotency key
 * (the delivery key, `#n` for the n-th reply of several) and is marked as soon as the platform accepted it. A
 * sender killed midway leaves the entry unsent; the next one resumes after the last marked reply, repeating at
 * most the reply that was in flight — with the same key, so the platform drops the repeat.
 */
import type { ChatPort, Platform } from '../../src/core/messages.ts';
import type { CarriedEntry, DeliveryLedger } from '../../src/persistence/deliveries.ts';
import { RateLimited, rateLimitDelay } from './limits.ts';
import type { DeliveryEvent } from '../context.ts';
import type { Pacer } from './pacer.ts';

export interface SendDeps {
  ledger: DeliveryLedger;
  ports: ReadonlyMap<Platform, ChatPort>;
  pacer: Pacer;
  /** How long to wait before looking again at an entry this process is already sending. */
  leaseMs: number;
  observe?: ((event: DeliveryEvent) => void) | undefined;
}

export type SendOutcome = 'sent' | 'already-sent' | 'busy' | 'unknown';

export const partKey = (key: string, index: number) => (index === 0 ? key : `${key}#${index + 1}`);

/** Thrown for failures no retry can fix (no chat port for the platform in this process). */
export class Undeliverable extends Error {}

/**
 * `carried`: what to send, from the queue job; used only when this is the delivery's first sender (see `begin`).
 * Every outcome, thrown or returned, is told to `deps.observe`.
 */
export async function sendDelivery(key: string, deps: SendDeps, carried?: CarriedEntry): Promise<SendOutcome> {
  if (!deps.observe) return attempt(key, deps, carried, {});
  const started = performance.now();
  const seen: Seen = {};
  const tell = (result: DeliveryEvent['result']) =>
    deps.observe?.({
      key,
      job: key.slice(0, key.indexOf(':')),
      platform: seen.platform ?? carried?.platform ?? 'unknown',
      recipient: key.split(':')[1] ?? '',
      result,
      ms: Math.round(performance.now() - started),
    });
  try {
    const outcome = await attempt(key, deps, carried, seen);
    tell(outcome);
    return outcome;
  } catch (error) {
    tell(error instanceof RateLimited ? 'rate-limited' : error instanceof Undeliverable ? 'undeliverable' : 'error');
    throw error;
  }
}

interface Seen {
  platform?: string;
}

async function attempt(key: string, deps: SendDeps, carried: CarriedEntry | undefined, seen: Seen): Promise<SendOutcome> {
  const entry = await deps.ledger.begin(key, carried);
  if (entry) seen.platform = entry.platform;
  if (!entry) {
    const current = await deps.ledger.get(key);
    return !current ? 'unknown' : current.status === 'sent' ? 'already-sent' : 'busy';
  }
  const port = deps.ports.get(entry.platform);
  if (!port) {
    await deps.ledger.failed(key, `no chat port for ${entry.platform} in this process`, true);
    throw new Undeliverable(`no chat port for ${entry.platform}`);
  }
  const last = entry.replies.length - 1;
  if (last < 0) {
    await deps.ledger.partSent(key, 0, '', new Date(), true);
    return 'sent';
  }
  for (let i = entry.partsSent; i <= last; i++) {
    await deps.pacer.wait(entry.platform, entry.ref.channelId);
    let messageId: string;
    try {
      messageId = (await port.send(entry.ref, entry.replies[i] as (typeof entry.replies)[number], { idempotencyKey: partKey(key, i) })).messageId;
    } catch (error) {
      const delay = rateLimitDelay(error);
      if (delay !== null) {
        deps.ledger.release(key);
        throw new RateLimited(delay);
      }
      throw error;
    }
    await deps.ledger.partSent(key, i, messageId, new Date(), i === last);
  }
  return 'sent';
}
