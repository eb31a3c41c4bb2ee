/**
 * A local HTTP server standing in for a chat platform's send API: it honours the idempotency key (a repeated key
 * gets the first message's id and is not delivered again), counts what each channel received, and — when given
 * a rate — answers 429 with Retry-After past it, like Slack and Feishu do.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePlatform {
  url: string;
  /** Distinct messages (by idempotency key) per channel. */
  received: Map<string, Set<string>>;
  stats: { posts: number; delivered: number; repeats: number; rejected429: number; firstAt: number; lastAt: number };
  close(): Promise<void>;
}

export async function startFakePlatform(opts: { latencyMs?: number; ratePerSecond?: number } = {}): Promise<FakePlatform> {
  const received = new Map<string, Set<string>>();
  const ids = new Map<string, string>();
  const stats = { posts: 0, delivered: 0, repeats: 0, rejected429: 0, firstAt: 0, lastAt: 0 };
  // Token bucket of one second's worth: bursts up to the rate, refilled continuously.
  const rate = opts.ratePerSecond;
  let tokens = rate ?? 0;
  let refilled = Date.now();
  const take = () => {
    if (!rate) return 0;
    const now = Date.now();
    tokens = Math.min(rate, tokens + ((now - refilled) / 1000) * rate);
    refilled = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - tokens) / rate) * 1000);
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const answer = () => {
        stats.posts++;
        const wait = take();
        if (wait > 0) {
          stats.rejected429++;
          res.writeHead(429, { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))), 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const { channel, key } = JSON.parse(body) as { channel: string; key: string };
        let id = ids.get(key);
        if (id) stats.repeats++;
        else {
          id = `m${ids.size + 1}`;
          ids.set(key, id);
          received.set(channel, (received.get(channel) ?? new Set()).add(key));
          stats.delivered++;
          stats.lastAt = Date.now();
          stats.firstAt ||= stats.lastAt;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, id }));
      };
      if (opts.latencyMs) setTimeout(answer, opts.latencyMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
