/**
 * `kam start` with a platform configured: one HTTP server with /healthz, /readyz and /metrics next to the
 * Slack endpoint; SIGTERM lets it finish and exit 0.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/services/ports.ts';
import { cleanEnv, KAM_BIN } from '../support/cli.ts';
import { mongoUri, redisUrl, uniqueName } from '../support/store.ts';

// A fake Slack Web API that accepts everything (auth.test, chat.postMessage…).
const slack = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, user_id: 'UBOT', team_id: 'T1', bot_id: 'B1', user: 'kam', team: 'Acme' })));
});
let apiUrl = '';
beforeAll(async () => {
  await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`;
});
afterAll(() => void slack.close());

describe('kam start with Slack configured', () => {
  it('serves health, readiness and metrics on PORT and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [KAM_BIN, 'start'], {
      env: cleanEnv({
        PORT: String(port),
        MONGODB_URI: mongoUri(),
        MONGODB_DB: uniqueName('t_server'),
        REDIS_URL: redisUrl(),
        QUEUE_PREFIX: uniqueName('kamsrv'),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: apiUrl,
        LOG_LEVEL: 'warn',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      await expect.poll(() => fetch(`${base}/healthz`).then((r) => r.status).catch(() => 0), { timeout: 60_000, interval: 250 }).toBe(200);
      await expect.poll(() => fetch(`${base}/readyz`).then((r) => r.status).catch(() => 0), { timeout: 20_000, interval: 250 }).toBe(200);
      const ready = (await (await fetch(`${base}/readyz`)).json()) as { checks: Array<{ name: string; ok: boolean }> };
      expect(ready.checks.map((c) => c.name).sort()).toEqual(['mongodb', 'redis', 'scheduler']);
      const scraped = await (await fetch(`${base}/metrics`)).text();
      expect(scraped).toContain('kam_process_cpu_seconds_total');
      // The queues' depth, read from BullMQ at the scrape (the scheduler runs on REDIS_URL).
      expect(scraped).toMatch(/kam_queue_depth\{queue="[^"]+",state="waiting"\} \d+/);
      // Unsigned requests to the Slack endpoint are refused.
      expect((await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' })).status).toBeGreaterThanOrEqual(400);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited, stderr).toBe(0);
  }, 120_000);
});
