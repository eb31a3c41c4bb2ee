/**
 * Spacing of messages to one conversation (and, in single-process mode, across the app): each send reserves the
 * next free instant for its key and waits until then. The Redis pacer shares reservations between processes.
 */
import type { Redis } from 'ioredis';
import type { Platform } from '../../src/core/messages.ts';
import type { PlatformLimits } from './limits.ts';

export interface Pacer {
  /** Resolves when a message to this conversation may go out. */
  wait(platform: Platform, conversation: string): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** In-process reservations: per conversation, and per app when the platform has an app-wide limit. */
export function memoryPacer(limits: PlatformLimits): Pacer {
  const next = new Map<string, number>();
  const reserve = (key: string, interval: number) => {
    const now = Date.now();
    const at = Math.max(now, next.get(key) ?? 0);
    next.set(key, at + interval);
    if (next.size > 50_000) for (const [k, v] of next) if (v < now) next.delete(k);
    return at - now;
  };
  return {
    async wait(platform, conversation) {
      const limit = limits[platform];
      const app = limit.perApp ? reserve(`${platform}:*`, limit.perApp.durationMs / limit.perApp.max) : 0;
      const own = limit.perConversationMs > 0 ? reserve(`${platform}:${conversation}`, limit.perConversationMs) : 0;
      const delay = Math.max(app, own);
      if (delay > 0) await sleep(delay);
    },
  };
}

// Reserves the next free instant of a key atomically; Redis time keeps processes on one clock.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nextFree)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + interval, 'PX', at + interval - now + 1000)
return at - now`;

/** Reservations in Redis, shared by every worker process (app-wide limits are BullMQ's limiter there). */
export function redisPacer(redis: Redis, prefix: string, limits: PlatformLimits): Pacer {
  return {
    async wait(platform, conversation) {
      const interval = limits[platform].perConversationMs;
      if (interval <= 0) return;
      const delay = Number(await redis.eval(RESERVE, 1, `${prefix}:pace:${platform}:${conversation}`, interval));
      if (delay > 0) await sleep(delay);
    },
  };
}
