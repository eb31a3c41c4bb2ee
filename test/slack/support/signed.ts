/**
 * Requests signed the way Slack signs them: v0, HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the app's
 * signing secret, in X-Slack-Signature, with the timestamp in X-Slack-Request-Timestamp.
 */
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-8f14e45fceea167a';

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  secret?: string;
  /** Seconds since the epoch; now when absent. */
  timestamp?: number;
  /** Sent instead of the computed one (a forgery). */
  forgedSignature?: string;
  retryNum?: number;
}

export async function postSigned(url: string, body: string, contentType: string, opts: SignOptions = {}): Promise<Response> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': opts.forgedSignature ?? signature(opts.secret ?? SIGNING_SECRET, timestamp, body),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

export const formBody = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const payloadBody = (payload: unknown) => formBody({ payload: JSON.stringify(payload) });

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
