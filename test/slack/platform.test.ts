/**
 * startSlackPlatform, as src/main.ts calls it: the configuration decides HTTP (mounted on the process's HTTP
 * server at /slack/events) or Socket Mode (SLACK_APP_TOKEN: connects out, no public URL), and SLACK_API_URL
 * sends every Web API call to the given base URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackPlatform, type RunningSlack } from '../../adapters/slack/index.ts';
import { parseConfig, type Config } from '../../src/config/env.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createHttpServer } from '../../src/http/server.ts';
import type { Core } from '../../src/main.ts';
import { testCore } from '../support/bot.ts';
import { openTestStore } from '../support/store.ts';
import { FakeSlack, TEAM_ID } from './support/fake-slack.ts';
import { FakeSocketMode } from './support/fake-socket.ts';
import { FORM, formBody, postSigned, SIGNING_SECRET } from './support/signed.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
let fake: FakeSlack;
const rep = { id: 'UPLAT1', name: 'gao.lei', locale: 'en-US', tz: 'Asia/Shanghai' };

function config(env: Record<string, string>): Config {
  const parsed = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-platform-test', SLACK_API_URL: fake.apiUrl, ...env }, process.cwd());
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

const commandFields = (triggerId: string) => ({
  token: 'unused',
  team_id: TEAM_ID,
  team_domain: 'kam-test',
  channel_id: 'DPLAT1',
  channel_name: 'directmessage',
  user_id: rep.id,
  user_name: rep.name,
  command: '/kam',
  text: 'whoami',
  api_app_id: 'A0KAM',
  response_url: fake.responseUrl(),
  trigger_id: triggerId,
});

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  core = await testCore(store);
  fake = await new FakeSlack().start();
  fake.addUser(rep);
});
afterAll(async () => {
  await fake?.close();
  await store?.drop();
});

describe('HTTP mode', () => {
  it('mounts /slack/events on the given HTTP server and checks the token at start', async () => {
    const http = createHttpServer();
    const port = await http.listen(0, '127.0.0.1');
    let running: RunningSlack | undefined;
    try {
      running = await startSlackPlatform(config({ SLACK_SIGNING_SECRET: SIGNING_SECRET }), { core }, silentLogger, { http });
      expect(fake.callsOf('auth.test').at(-1)?.args).toBeDefined();
      const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, formBody(commandFields('platform.http.1')), FORM);
      expect(res.status).toBe(200);
      await running.adapter.drain();
      expect(fake.callsOf('response_url').at(-1)?.args['text']).toContain('gao.lei');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await running?.stop();
      await http.close();
    }
  });

  it('refuses to start with a token Slack rejects', async () => {
    fake.failNext('auth.test', { error: 'invalid_auth' });
    const http = createHttpServer();
    await expect(startSlackPlatform(config({ SLACK_SIGNING_SECRET: SIGNING_SECRET }), { core }, silentLogger, { http })).rejects.toThrow(/invalid_auth/);
  });
});

describe('Socket Mode', () => {
  it('connects with the app token and handles a slash command pushed over the socket, acking it first', async () => {
    const socket = await new FakeSocketMode().start();
    fake.socketUrl = socket.url;
    let running: RunningSlack | undefined;
    try {
      running = await startSlackPlatform(config({ SLACK_APP_TOKEN: 'xapp-1-platform-test' }), { core }, silentLogger);
      await socket.ready;
      expect(fake.callsOf('apps.connections.open')).toHaveLength(1);
      const ack = await socket.push('slash_commands', commandFields('platform.socket.1'), 'env-1');
      expect(ack['envelope_id']).toBe('env-1');
      await running.adapter.drain();
      expect(fake.callsOf('response_url').at(-1)?.args['text']).toContain('gao.lei');
    } finally {
      await running?.stop();
      await socket.close();
    }
  });
});
