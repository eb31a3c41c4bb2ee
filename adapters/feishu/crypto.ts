/**
 * Feishu's webhook security: bodies are AES-256-CBC encrypted with SHA-256(encrypt key) as the key and
 * base64(IV ‖ ciphertext) as the text; `X-Lark-Signature` is hex SHA-256 of timestamp + nonce + encrypt
 * key + the raw body. The SDK re-serializes the parsed body before hashing and compares with `===`; we
 * hash the bytes that arrived and compare in constant time.
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export function decryptBody(encrypt: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const data = Buffer.from(encrypt, 'base64');
  if (data.length < 32 || data.length % 16 !== 0) throw new Error('malformed encrypted body');
  const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
  return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
}

export function bodySignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer): string {
  return createHash('sha256').update(`${timestamp}${nonce}${encryptKey}`, 'utf8').update(rawBody).digest('hex');
}

export function signatureMatches(expectedHex: string, given: string | undefined): boolean {
  if (!given || !/^[0-9a-f]+$/i.test(given)) return false;
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(given.toLowerCase(), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
