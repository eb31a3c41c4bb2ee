/**
 * Webhook mode: Feishu POSTs events to /feishu/events and card callbacks to /feishu/cards. Each request
 * is checked before anything is read from it — signature over the raw body, its timestamp (at most five
 * minutes old, at most a minute ahead), decryption with the encrypt key, the verification token — and then handed to the dispatcher, whose handlers answer at once (the
 * work continues after the response). The URL-verification challenge is answered here.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../src/core/logger.ts';
import { outsideWindow, type RequestWindow } from '../../src/core/request-window.ts';
import { bodySignature, decryptBody, signatureMatches } from './crypto.ts';
import type { EventSink } from './dispatcher.ts';

export interface WebhookOptions {
  encryptKey: string;
  verificationToken: string;
  dispatcher: EventSink;
  logger: Logger;
  /** The clock the request window is checked against (ms since the epoch); the system's when absent. */
  now?: () => number;
  window?: RequestWindow;
}

type Opened = { ok: true; payload: Record<string, unknown> } | { ok: false; status: number; reason: string };

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Verifies, decrypts and authenticates one request body. */
export function openRequest(req: IncomingMessage, raw: Buffer, opts: Pick<WebhookOptions, 'encryptKey' | 'verificationToken' | 'now' | 'window'>): Opened {
  const outer = parseObject(raw.toString('utf8'));
  if (!outer || typeof outer['encrypt'] !== 'string') return { ok: false, status: 400, reason: 'body is not an encrypted Feishu payload' };
  const timestamp = header(req, 'x-lark-request-timestamp');
  const nonce = header(req, 'x-lark-request-nonce');
  const signature = header(req, 'x-lark-signature');
  const signed = timestamp !== undefined && nonce !== undefined && signature !== undefined;
  if (signed && !signatureMatches(bodySignature(timestamp, nonce, opts.encryptKey, raw), signature)) {
    return { ok: false, status: 401, reason: 'signature mismatch' };
  }
  // A signed request outside the window is a replay (or pre-signed): refused before it is decrypted.
  const stale = signed ? outsideWindow(timestamp, (opts.now ?? Date.now)(), opts.window) : null;
  if (stale) return { ok: false, status: 401, reason: stale };
  let payload: Record<string, unknown> | null;
  try {
    payload = parseObject(decryptBody(outer['encrypt'], opts.encryptKey));
  } catch {
    return { ok: false, status: 401, reason: 'cannot decrypt with the encrypt key' };
  }
  if (!payload) return { ok: false, status: 400, reason: 'decrypted body is not JSON' };
  const headerToken = (payload['header'] as { token?: unknown } | undefined)?.token;
  const token = typeof headerToken === 'string' ? headerToken : payload['token'];
  if (typeof token !== 'string' || !sameText(token, opts.verificationToken)) return { ok: false, status: 401, reason: 'verification token mismatch' };
  // The console's URL check may come unsigned; decrypting it and its token prove who sent it. Anything
  // else must be signed.
  if (!signed && payload['type'] !== 'url_verification') return { ok: false, status: 401, reason: 'unsigned request' };
  return { ok: true, payload };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** The handler for the shared HTTP server, which has checked the method and read the body (size-capped). */
export function feishuWebhook(opts: WebhookOptions) {
  return async (req: IncomingMessage & { rawBody: Buffer }, res: ServerResponse): Promise<void> => {
    const raw = req.rawBody;
    const opened = openRequest(req, raw, opts);
    if (!opened.ok) {
      opts.logger.warn({ path: req.url, status: opened.status, reason: opened.reason }, 'Feishu webhook request rejected');
      return reply(res, opened.status, {});
    }
    if (opened.payload['type'] === 'url_verification') return reply(res, 200, { challenge: opened.payload['challenge'] });
    const answer = await opts.dispatcher.invoke(opened.payload, { needCheck: false });
    // Events answer with nothing; card callbacks with a toast and/or a card.
    reply(res, 200, answer && typeof answer === 'object' ? answer : {});
  };
}
