/**
 * Requests as Feishu's servers send them: the payload encrypted (AES-256-CBC, key = SHA-256 of the
 * encrypt key, body `{"encrypt": base64(IV ‖ ciphertext)}`) and signed (`X-Lark-Signature` = hex SHA-256
 * of timestamp + nonce + encrypt key + raw body). Written independently of the adapter's own code, so a
 * mistake on one side is not mirrored on the other.
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

export function encryptFor(plain: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

export function signFor(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');
}

export interface PostOptions {
  /** Key used to encrypt and sign; defaults to the app's. A different one plays an impostor. */
  encryptKey?: string;
  /** Replace the signature with this (a forgery). */
  signature?: string;
  /** Send without the three signature headers. */
  unsigned?: boolean;
  /** Sign with this time (ms since the epoch) instead of now: a replayed or pre-dated request. */
  at?: number;
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

export class LarkSender {
  constructor(
    readonly baseUrl: string,
    private readonly encryptKey: string,
  ) {}

  async post(path: string, payload: object, opts: PostOptions = {}): Promise<PostResult> {
    const key = opts.encryptKey ?? this.encryptKey;
    const body = JSON.stringify({ encrypt: encryptFor(JSON.stringify(payload), key) });
    const timestamp = String(Math.floor((opts.at ?? Date.now()) / 1000));
    const nonce = randomUUID().replace(/-/g, '').slice(0, 16);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (!opts.unsigned) {
      headers['x-lark-request-timestamp'] = timestamp;
      headers['x-lark-request-nonce'] = nonce;
      headers['x-lark-signature'] = opts.signature ?? signFor(timestamp, nonce, key, body);
    }
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers, body });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { raw: text };
    }
    return { status: res.status, body: parsed, ms: performance.now() - started };
  }
}
