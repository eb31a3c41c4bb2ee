import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionRedis, type ProvisionedRedis } from '../../src/services/provision.ts';
import { runKam } from '../support/cli.ts';
import { mongoUri, openTestStore, uniqueName } from '../support/store.ts';

// A fake Slack Web API: auth.test refuses every token but `xoxb-good`, whose scopes lack one the manifest asks for.
const slack = createServer((req, res) => {
  const ok = req.headers.authorization === 'Bearer xoxb-good';
  res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': 'chat:write,commands' });
  res.end(JSON.stringify(ok ? { ok: true, team: 'Acme', user: 'kam' } : { ok: false, error: 'invalid_auth' }));
});
let slackUrl = '';
let redis: ProvisionedRedis;

beforeAll(async () => {
  await new Promise<void>((r) => slack.listen(0, '127.0.0.1', r));
  slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`;
  const started = await provisionRedis({}, { startLocal: true });
  if (!started) throw new Error('no redis-server for the doctor test');
  redis = started;
  const client = new Redis(redis.url);
  await client.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  client.disconnect();
});
afterAll(async () => {
  slack.close();
  await redis?.stop();
});

describe('kam doctor', () => {
  it('names a missing font, a wrong Slack token and Redis in allkeys-lru all at once', async () => {
    const result = await runKam(['doctor', '--lang', 'en'], {
      env: {
        MONGODB_URI: mongoUri(),
        MONGODB_DB: uniqueName('t_doctor'),
        REDIS_URL: redis.url,
        SLACK_BOT_TOKEN: 'xoxb-wrong',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: slackUrl,
        CHART_FONT_FILE: '/nonexistent/NotoSansCJK.ttc',
      },
    });
    expect(result.code).toBe(1);
    const summary = result.stdout.slice(result.stdout.indexOf('problem(s) to fix'));
    expect(summary).toMatch(/font: CHART_FONT_FILE points to \/nonexistent\/NotoSansCJK\.ttc.*→ install one/);
    expect(summary).toMatch(/slack: Slack rejects the token: invalid_auth → copy the Bot User OAuth Token/);
    expect(summary).toMatch(/redis-policy: maxmemory-policy is allkeys-lru.*→ set maxmemory-policy noeviction/);
    expect(result.stdout).toMatch(/✔ mongodb\s+MongoDB answers/);
  });

  it('speaks Chinese to a Chinese admin, reports missing indexes, and scopes the token lacks', async () => {
    const result = await runKam(['doctor', '--lang', 'zh'], {
      env: { MONGODB_URI: mongoUri(), MONGODB_DB: uniqueName('t_doctor_empty'), SLACK_BOT_TOKEN: 'xoxb-good', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slackUrl },
    });
    expect(result.stdout).toMatch(/mongodb-indexes\s+缺少 \d+ 个索引/);
    expect(result.stdout).toMatch(/Slack 令牌有效（工作区 Acme/);
  });

  it('finds every index in place on a database the bot has started on', async () => {
    const store = await openTestStore(import.meta.filename);
    try {
      const result = await runKam(['doctor', '--lang', 'en'], { env: { MONGODB_URI: mongoUri(), MONGODB_DB: store.dbName } });
      expect(result.stdout).toMatch(/✔ mongodb-indexes\s+all indexes exist/);
    } finally {
      await store.drop();
    }
  });

  it('lists configuration problems together with the other checks', async () => {
    const result = await runKam(['doctor', '--lang', 'en'], { env: { SLACK_BOT_TOKEN: 'xoxb-1', DEFAULT_TIMEZONE: 'Nowhere/Land', CHART_FONT_FILE: '/nope.ttf' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/config: SLACK_SIGNING_SECRET is required/);
    expect(result.stdout).toMatch(/config: DEFAULT_TIMEZONE must be an IANA time zone/);
    expect(result.stdout).toMatch(/✖ font/);
  });
});
