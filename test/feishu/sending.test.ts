/** The pieces of careful sending: error classification, back-off, the send limiter, webhook crypto. */
import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { bodySignature, decryptBody, signatureMatches } from '../../adapters/feishu/crypto.ts';
import { checkBody, FeishuApiError, toApiError } from '../../adapters/feishu/errors.ts';
import { SendLimiter } from '../../adapters/feishu/rate-limit.ts';
import { backoffDelay, defaultRetryPolicy, withRetry } from '../../adapters/feishu/retry.ts';
import { encryptFor, signFor } from './support/lark-requests.ts';

const axiosLike = (status: number, code: number, headers: Record<string, string> = {}) => ({ message: 'failed', response: { status, data: { code, msg: 'x' }, headers } });

describe('classifying Open API failures', () => {
  it('retries rate limits, server errors and lost connections, never rejected requests', () => {
    expect(toApiError('send', axiosLike(429, 99991400)).retryable).toBe(true);
    expect(toApiError('send', axiosLike(400, 230020)).retryable).toBe(true);
    expect(toApiError('send', axiosLike(502, 0)).retryable).toBe(true);
    expect(toApiError('send', { code: 'ECONNRESET', message: 'socket hang up' }).retryable).toBe(true);
    expect(toApiError('send', axiosLike(400, 230001)).retryable).toBe(false);
    expect(toApiError('send', axiosLike(403, 99991672)).retryable).toBe(false);
    expect(() => checkBody('send', { code: 230020, msg: 'limit' })).toThrow(FeishuApiError);
    expect(checkBody('send', { code: 0, data: 1 })).toEqual({ code: 0, data: 1 });
  });

  it('waits as long as Feishu asks, else backs off exponentially with jitter', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 5000, random: () => 0 };
    const plain = toApiError('send', axiosLike(429, 99991400));
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a, plain))).toEqual([50, 100, 200, 400]);
    expect(backoffDelay({ ...policy, random: () => 1 }, 1, plain)).toBe(100);
    const asked = toApiError('send', axiosLike(429, 99991400, { 'x-ogw-ratelimit-reset': '2' }));
    expect(backoffDelay(policy, 1, asked)).toBe(2000);
  });

  it('gives up at once on a rejected request, and after the last attempt on a rate limit', async () => {
    const sleeps: number[] = [];
    const policy = { ...defaultRetryPolicy, attempts: 3, baseDelayMs: 1, sleep: async (ms: number) => void sleeps.push(ms) };
    let calls = 0;
    await expect(withRetry('x', async () => { calls++; throw toApiError('x', axiosLike(400, 230001)); }, policy)).rejects.toThrow(/230001/);
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetry('x', async () => { calls++; throw toApiError('x', axiosLike(429, 99991400)); }, policy)).rejects.toThrow(/99991400/);
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
  });
});

describe('the send limiter', () => {
  function clock() {
    let now = 0;
    const log: Array<[string, number]> = [];
    return { now: () => now, sleep: async (ms: number) => void (now += ms), log, at: () => now };
  }

  it('lets 5 a second into one chat and 50 a second in all', async () => {
    const c = clock();
    const limiter = new SendLimiter({ perApp: 50, perTarget: 5, windowMs: 1000 }, c.now, c.sleep);
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.acquire('oc_1');
      times.push(c.at());
    }
    expect(times).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);

    const d = clock();
    const app = new SendLimiter({ perApp: 50, perTarget: 5, windowMs: 1000 }, d.now, d.sleep);
    const starts: number[] = [];
    for (let i = 0; i < 60; i++) {
      await app.acquire(`oc_${i}`);
      starts.push(d.at());
    }
    expect(starts.filter((t) => t === 0)).toHaveLength(50);
    expect(starts.slice(50).every((t) => t === 1000)).toBe(true);
  });
});

describe('webhook crypto', () => {
  it('decrypts what Feishu (and the SDK) encrypt, and checks the signature over the raw bytes', () => {
    const plain = JSON.stringify({ schema: '2.0', header: { event_id: 'e1' }, event: { text: '拜访 华为' } });
    const encrypt = encryptFor(plain, 'k-1');
    expect(decryptBody(encrypt, 'k-1')).toBe(plain);
    expect(new lark.AESCipher('k-1').decrypt(encrypt)).toBe(plain);
    expect(() => decryptBody(encrypt, 'k-2')).toThrow();
    // A body with spaces is signed as sent; re-serializing it (as the SDK does) would not match.
    const body = `{ "encrypt": "${encrypt}" }`;
    const expected = bodySignature('1700000000', 'n1', 'k-1', Buffer.from(body));
    expect(expected).toBe(signFor('1700000000', 'n1', 'k-1', body));
    expect(signatureMatches(expected, signFor('1700000000', 'n1', 'k-1', body))).toBe(true);
    expect(signatureMatches(expected, signFor('1700000001', 'n1', 'k-1', body))).toBe(false);
    expect(signatureMatches(expected, 'zz')).toBe(false);
    expect(signatureMatches(expected, undefined)).toBe(false);
  });
});
