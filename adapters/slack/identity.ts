/**
 * Who a Slack user is, as the core's Sender: email (links the KAM user), locale (language) and zone from
 * users.info. Lookups are cached briefly — every click and message needs them and users.info is rate
 * limited — and a failed lookup still lets the user through under their bare Slack id.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.ts';
import type { Sender } from '../../src/core/messages.ts';

export type LookupSender = (userId: string) => Promise<Sender>;

interface CacheOptions {
  ttlMs?: number;
  /** How long a failed lookup is remembered, so a missing scope does not cost a call per message. */
  failureTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function senderLookup(client: webApi.WebClient, logger: Logger, opts: CacheOptions = {}): LookupSender {
  const { ttlMs = 10 * 60_000, failureTtlMs = 30_000, maxEntries = 10_000, now = Date.now } = opts;
  const cache = new Map<string, { expires: number; sender: Promise<Sender> }>();

  async function fetchSender(userId: string): Promise<Sender> {
    const { user } = await client.users.info({ user: userId, include_locale: true });
    if (!user) return { platformUserId: userId };
    return {
      platformUserId: userId,
      displayName: user.profile?.display_name || user.real_name || user.profile?.real_name || user.name,
      email: user.profile?.email,
      locale: user.locale,
      timeZone: user.tz,
      isBot: user.is_bot === true || userId === 'USLACKBOT',
    };
  }

  return (userId) => {
    const at = now();
    const hit = cache.get(userId);
    if (hit && hit.expires > at) return hit.sender;
    const entry = { expires: at + ttlMs, sender: fetchSender(userId) };
    entry.sender = entry.sender.catch((err: unknown) => {
      logger.warn({ err, userId }, 'users.info failed; going on with the bare Slack user id');
      entry.expires = now() + failureTtlMs;
      return { platformUserId: userId };
    });
    cache.delete(userId);
    cache.set(userId, entry);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return entry.sender;
  };
}
