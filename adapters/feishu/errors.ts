/**
 * Open API failures with a stable shape, whether they came as an HTTP error (the SDK's axios throws) or
 * as HTTP 200 with a non-zero `code` (the SDK returns those as data). The SDK never retries; the
 * classification here decides what the adapter retries.
 */

/** Feishu's "slow down" codes: 230020 (message frequency limit) and 99991400 (API rate limit). */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([230020, 99991400]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

export class FeishuApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    message: string,
    /** How long Feishu asked us to wait, when it said so. */
    readonly retryAfterMs?: number | undefined,
    readonly network = false,
  ) {
    super(`${operation}: ${message}${code !== undefined ? ` (code ${code})` : ''}${status !== undefined ? ` [HTTP ${status}]` : ''}`);
    this.name = 'FeishuApiError';
  }

  get rateLimited(): boolean {
    return this.status === 429 || (this.code !== undefined && RATE_LIMIT_CODES.has(this.code));
  }

  /** Worth another attempt: rate limits, server errors, lost connections. Never a rejected request. */
  get retryable(): boolean {
    return this.rateLimited || this.network || (this.status !== undefined && this.status >= 500);
  }
}

type AxiosLike = {
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown; data?: unknown; headers?: Record<string, unknown> };
};

function retryAfterOf(headers: Record<string, unknown> | undefined): number | undefined {
  // Feishu's gateway says when the window resets (seconds); Retry-After is the HTTP standard.
  const raw = headers?.['x-ogw-ratelimit-reset'] ?? headers?.['retry-after'];
  const seconds = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export function toApiError(operation: string, error: unknown): FeishuApiError {
  if (error instanceof FeishuApiError) return error;
  const e = (error ?? {}) as AxiosLike;
  const response = e.response;
  if (!response) {
    const code = typeof e.code === 'string' ? e.code : '';
    const message = typeof e.message === 'string' ? e.message : String(error);
    const network = NETWORK_CODES.has(code) || /socket hang up|timeout|network/i.test(message);
    return new FeishuApiError(operation, undefined, undefined, message, undefined, network);
  }
  const body = (response.data ?? {}) as { code?: unknown; msg?: unknown };
  return new FeishuApiError(
    operation,
    typeof response.status === 'number' ? response.status : undefined,
    typeof body.code === 'number' ? body.code : undefined,
    typeof body.msg === 'string' ? body.msg : 'request failed',
    retryAfterOf(response.headers),
  );
}

/** An HTTP 200 answer whose `code` is not 0 is a failure too. */
export function checkBody<T extends { code?: unknown; msg?: unknown }>(operation: string, body: T): T {
  if (body && typeof body === 'object' && (body.code === 0 || body.code === undefined)) return body;
  const code = typeof body?.code === 'number' ? body.code : undefined;
  throw new FeishuApiError(operation, 200, code, typeof body?.msg === 'string' ? body.msg : 'unexpected answer');
}
