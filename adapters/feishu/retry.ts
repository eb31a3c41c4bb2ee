/**
 * Retries with exponential back-off and jitter, honouring the wait Feishu asks for. Only errors the
 * classification calls retryable are retried; a rejected request fails at once.
 */
import { FeishuApiError } from './errors.ts';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export function backoffDelay(policy: RetryPolicy, attempt: number, error: FeishuApiError): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Equal jitter: at least half the step, so concurrent senders spread out but never hammer.
  const jittered = exponential / 2 + (exponential / 2) * policy.random();
  return Math.min(policy.maxDelayMs, Math.max(jittered, error.retryAfterMs ?? 0));
}

export async function withRetry<T>(
  operation: string,
  run: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (error: FeishuApiError, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (raw) {
      const error = raw instanceof FeishuApiError ? raw : new FeishuApiError(operation, undefined, undefined, String(raw));
      if (!error.retryable || attempt >= policy.attempts) throw error;
      const delay = backoffDelay(policy, attempt, error);
      onRetry?.(error, attempt, delay);
      await policy.sleep(delay);
    }
  }
}
