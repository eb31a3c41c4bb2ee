/**
 * How the Web API client talks to Slack: which base URL (GovSlack, a proxy, the tests' fake), and that a
 * 429 waits out Retry-After and tries again rather than failing the reply (rejectRateLimitedCalls off).
 * Network errors and 5xx are retried with backoff; platform errors (channel_not_found…) are not.
 */
import type { Logger as BoltLogger, webApi } from '@slack/bolt';

/** About a minute of retries on top of any Retry-After: a reply later than that is not worth sending. */
export const DEFAULT_RETRY: webApi.RetryOptions = { retries: 5, factor: 2, minTimeout: 1000, maxTimeout: 20_000, randomize: true };

export function webClientOptions(opts: { apiUrl?: string | undefined; retry?: webApi.RetryOptions | undefined; logger: BoltLogger }): webApi.WebClientOptions {
  return {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl.endsWith('/') ? opts.apiUrl : `${opts.apiUrl}/` } : {}),
    retryConfig: opts.retry ?? DEFAULT_RETRY,
    rejectRateLimitedCalls: false,
    timeout: 15_000,
    logger: opts.logger,
  };
}
