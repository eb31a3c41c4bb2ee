/**
 * Platform send limits and how platforms say "too fast". Limits are kept below the documented ones so the
 * platform's answer is the exception, and when it comes, its delay is honoured without counting an attempt.
 */
import type { Platform } from '../../src/core/messages.ts';

export interface PlatformLimit {
  /** Across the whole app (all conversations): at most `max` messages per `durationMs`. */
  perApp?: { max: number; durationMs: number } | undefined;
  /** Minimum spacing of two messages to one conversation. */
  perConversationMs: number;
}

export type PlatformLimits = Record<Platform, PlatformLimit>;

export const PLATFORM_LIMITS: PlatformLimits = {
  // chat.postMessage: about one message per second per channel, short bursts tolerated.
  slack: { perConversationMs: 1000 },
  // Feishu send-message API: 50 requests/s per app, 5/s to one user or group.
  feishu: { perApp: { max: 50, durationMs: 1000 }, perConversationMs: 200 },
  console: { perConversationMs: 0 },
};

/** The platform asked us to slow down: wait `delayMs`, then try the same message again. */
export class RateLimited extends Error {
  constructor(readonly delayMs: number) {
    super(`platform rate limit: retry in ${delayMs} ms`);
    this.name = 'RateLimited';
  }
}

const DEFAULT_DELAY_MS = 1000;

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => string | null } & Record<string, unknown>;
  if (typeof h.get === 'function') return h.get(name) ?? undefined;
  const v = h[name] ?? h[name.toLowerCase()];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : typeof v === 'number' ? String(v) : undefined;
}

const seconds = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? Math.max(0, Number(v) * 1000) : undefined);

/**
 * The delay a platform error asks for, or null when the error is not a rate limit. Understands an explicit
 * `retryAfterMs`, Slack's WebClient error (`slack_webapi_rate_limited_error`, `retryAfter` in seconds), HTTP 429
 * with `Retry-After`, and Feishu's code 99991400 with `x-ogw-ratelimit-reset`.
 */
export function rateLimitDelay(error: unknown): number | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as Record<string, any>;
  if (e instanceof RateLimited) return e.delayMs;
  if (typeof e['retryAfterMs'] === 'number') return e['retryAfterMs'];
  if (e['code'] === 'slack_webapi_rate_limited_error') return seconds(String(e['retryAfter'] ?? '')) ?? DEFAULT_DELAY_MS;
  const response = e['response'] as Record<string, any> | undefined;
  const status = e['status'] ?? e['statusCode'] ?? response?.['status'] ?? response?.['statusCode'];
  const feishu = e['code'] === 99991400 || response?.['data']?.['code'] === 99991400;
  if (status === 429 || feishu) {
    const headers = e['headers'] ?? response?.['headers'];
    return seconds(header(headers, 'retry-after')) ?? seconds(header(headers, 'x-ogw-ratelimit-reset')) ?? DEFAULT_DELAY_MS;
  }
  return null;
}
