/**
 * No request can take the bot down: a real `kam start` with Slack (HTTP) and Feishu (webhook) mounted on its
 * one server answers every method and sub-path a platform handler does not serve with 404/405, oversized
 * bodies with 413, and is still up (and still handling signed requests) afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/services/ports.ts';
import { APP_ID, APP_SECRET, ENCRYPT_KEY, VERIFICATION_TOKEN } from '../feishu/support/events.ts';
import { FakeFeishu } from '../feishu/support/fake-feishu.ts';
import { cleanEnv, KAM_BIN, waitUntil } from '../support/cli.ts';
import { mongoUri, redisUrl, uniqueName } from '../support/store.ts';

const slackApi = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, user_id: 'UBOT', team_id: 'T1', bot_id: 'B1', user: 'kam', team: 'Acme' })));
});
let feishu: FakeFeishu;
let child: ChildProcess;
let base = '';
let stderr = '';
let exitCode: number | null | undefined;

beforeAll(async () => {
  await new Promise<void>((r) => slackApi.listen(0, '127.0.0.1', r));
  feishu = await FakeFeishu.start(APP_ID, APP_SECRET, []);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [KAM_BIN, 'start'], {
    env: cleanEnv({
      PORT: String(port),
      MONGODB_URI: mongoUri(),
      MONGODB_DB: uniqueName('t_guard'),
      REDIS_URL: redisUrl(),
      QUEUE_PREFIX: uniqueName('kamguard'),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: `http://127.0.0.1:${(slackApi.address() as AddressInfo).port}/api/`,
      FEISHU_APP_ID: APP_ID,
      FEISHU_APP_SECRET: APP_SECRET,
      FEISHU_MODE: 'webhook',
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_DOMAIN: feishu.url,
      LOG_LEVEL: 'warn',
    }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('exit', (code) => (exitCode = code));
  await waitUntil(async () => (await fetch(`${base}/healthz`)).status === 200, `kam start to answer /healthz (stderr: ${stderr})`);
}, 120_000);

afterAll(async () => {
  if (child && exitCode === undefined) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  slackApi.close();
  await feishu?.close();
});

const ROUTES = ['/slack/events', '/feishu/events', '/feishu/cards'];

async function status(path: string, init: RequestInit = {}): Promise<number> {
  return (await fetch(`${base}${path}`, init)).status;
}

describe('the HTTP guard in front of every platform route', () => {
  it('answers other methods with 405 and sub-paths with 404, and the process stays up', async () => {
    for (const route of ROUTES) {
      for (const method of ['GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE', 'PATCH']) {
        const res = await fetch(`${base}${route}`, { method, ...(method === 'PUT' || method === 'PATCH' ? { body: '{}' } : {}) });
        expect(res.status, `${method} ${route}`).toBe(405);
        expect(res.headers.get('allow')).toBe('POST');
      }
      for (const sub of [`${route}/x`, `${route}/`, `${route}/../x`, `${route}x`]) {
        expect(await status(sub), `GET ${sub}`).toBe(404);
        expect(await status(sub, { method: 'POST', body: '{}' }), `POST ${sub}`).toBe(404);
      }
    }
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect(await status(path, { method: 'POST', body: '{}' }), `POST ${path}`).toBe(405);
    }
    expect(exitCode, stderr).toBeUndefined();
    expect(await status('/healthz')).toBe(200);
  });

  it('refuses oversized bodies with 413 on every route, declared or streamed', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    for (const route of ROUTES) {
      expect(await status(route, { method: 'POST', body: big, headers: { 'content-type': 'application/json' } }), route).toBe(413);
      // No content-length: a streamed (chunked) body is counted as it arrives.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(64 * 1024)));
          controller.close();
        },
      });
      const res = await fetch(`${base}${route}`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit).catch(() => null);
      // The server answers 413 and closes; the client may see the answer or the closed socket.
      if (res) expect(res.status, `${route} streamed`).toBe(413);
    }
    expect(exitCode, stderr).toBeUndefined();
    expect(await status('/healthz')).toBe(200);
  });

  it('still refuses unsigned and malformed platform requests after all that, without dying', async () => {
    expect(await status('/slack/events', { method: 'POST', body: 'not json' })).toBe(401);
    expect(await status('/feishu/events', { method: 'POST', body: 'not json' })).toBe(400);
    expect(await status('/feishu/cards', { method: 'POST', body: JSON.stringify({ encrypt: 'AAAA' }) })).toBe(401);
    expect(exitCode, stderr).toBeUndefined();
    expect(await status('/healthz')).toBe(200);
  });
});
