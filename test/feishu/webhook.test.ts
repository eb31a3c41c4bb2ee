/** The webhook's gate: only requests encrypted with our key, signed, and carrying our token get in. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeishuPlatform } from '../../adapters/feishu/index.ts';
import { parseConfig } from '../../src/config/env.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { APP_SECRET, cardActionEvent, ENCRYPT_KEY, messageEvent, p2pChatOf, urlVerification, VERIFICATION_TOKEN } from './support/events.ts';
import { LarkSender } from './support/lark-requests.ts';
import type { FakeUser } from './support/fake-feishu.ts';
import { feishuHarness, type FeishuHarness } from './support/harness.ts';

const zhang: FakeUser = { openId: 'ou_zhang', name: '张三', email: 'zhang@example.com' };

let h: FeishuHarness;
let huawei: string;

beforeAll(async () => {
  h = await feishuHarness(import.meta.filename, { users: [zhang] });
  huawei = (await seedTeamWithCustomers(h.store)).customers.huawei;
});
afterAll(() => h?.close());

const note = (eventId: string) =>
  messageEvent({ senderOpenId: zhang.openId, chatId: p2pChatOf(zhang.openId), chatType: 'p2p', content: { text: '/visit 今天拜访华为张总，谈续约' }, eventId });

async function snapshot() {
  const m = h.store.models;
  return {
    visits: await m.Visit.countDocuments({ customerId: huawei }),
    identities: await m.Identity.countDocuments({ platform: 'feishu' }),
    events: await m.ProcessedEvent.countDocuments({}),
    sent: h.fake.callsTo('POST', /^\/open-apis\/im\/v1\/messages/).length,
  };
}

describe('the Feishu webhook', () => {
  it('answers the URL-verification challenge on both paths, signed or not', async () => {
    for (const path of ['/feishu/events', '/feishu/cards'] as const) {
      const signed = await h.sender.post(path, urlVerification('chal-1'));
      expect(signed).toMatchObject({ status: 200, body: { challenge: 'chal-1' } });
      const unsigned = await h.sender.post(path, urlVerification('chal-2'), { unsigned: true });
      expect(unsigned).toMatchObject({ status: 200, body: { challenge: 'chal-2' } });
    }
  });

  it('refuses a challenge with the wrong verification token', async () => {
    const result = await h.sender.post('/feishu/events', { ...urlVerification('x'), token: 'not-ours' });
    expect(result.status).toBe(401);
    expect(result.body).not.toHaveProperty('challenge');
  });

  it('refuses correctly signed and encrypted requests dated 30 days ago or 10 minutes ahead, writing nothing', async () => {
    const before = await snapshot();
    const day = 24 * 3600 * 1000;
    for (const at of [Date.now() - 30 * day, Date.now() + 10 * 60 * 1000]) {
      expect((await h.post('/feishu/events', note(`ev-window-${at}`), { at })).status).toBe(401);
      const card = cardActionEvent({ operatorOpenId: zhang.openId, messageId: 'om_x', chatId: p2pChatOf(zhang.openId), value: { action: 'visit.undo', value: 'x' } });
      expect((await h.post('/feishu/cards', card, { at })).status).toBe(401);
    }
    expect(await snapshot()).toEqual(before);
    // Inside the window (a sender clock 30 s ahead) the same note is taken.
    expect((await h.post('/feishu/events', note('ev-window-ok'), { at: Date.now() + 30_000 })).status).toBe(200);
    await h.idle();
    expect((await snapshot()).visits).toBe(before.visits + 1);
  });

  it('writes nothing for a forged signature', async () => {
    const before = await snapshot();
    const result = await h.post('/feishu/events', note('ev-forged'), { signature: 'a'.repeat(64) });
    expect(result.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('writes nothing for a body encrypted and signed with another key', async () => {
    const before = await snapshot();
    const result = await h.post('/feishu/events', note('ev-impostor'), { encryptKey: 'someone-elses-key' });
    expect(result.status).toBe(401);
    const card = cardActionEvent({ operatorOpenId: zhang.openId, messageId: 'om_x', chatId: p2pChatOf(zhang.openId), value: { action: 'visit.undo', value: 'x' } });
    expect((await h.post('/feishu/cards', card, { encryptKey: 'someone-elses-key' })).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('writes nothing for an unsigned event, or one with the wrong verification token', async () => {
    const before = await snapshot();
    expect((await h.post('/feishu/events', note('ev-unsigned'), { unsigned: true })).status).toBe(401);
    const wrongToken = note('ev-wrong-token');
    wrongToken.header.token = `${VERIFICATION_TOKEN}-not`;
    expect((await h.post('/feishu/events', wrongToken)).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bodies that are not encrypted Feishu payloads, and other methods', async () => {
    const plain = await fetch(`${h.sender.baseUrl}/feishu/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(note('ev-plain')) });
    expect(plain.status).toBe(400);
    const get = await fetch(`${h.sender.baseUrl}/feishu/events`);
    expect(get.status).toBe(405);
  });

  it('accepts the genuine request', async () => {
    const before = await snapshot();
    const result = await h.post('/feishu/events', note('ev-genuine'));
    expect(result).toMatchObject({ status: 200, body: {} });
    const after = await snapshot();
    expect(after.visits).toBe(before.visits + 1);
    expect(after.sent).toBe(before.sent + 1);
  });
});

describe('starting the Feishu platform', () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
  const config = (env: Record<string, string>) => {
    const parsed = parseConfig({ FEISHU_APP_SECRET: APP_SECRET, FEISHU_DOMAIN: h.fake.url, ...env }, process.cwd());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.config;
  };

  it('in webhook mode without a shared server, listens on PORT itself and stops cleanly', async () => {
    const port = await freePort();
    const env = { FEISHU_APP_ID: 'cli_test_kam', FEISHU_MODE: 'webhook', FEISHU_ENCRYPT_KEY: ENCRYPT_KEY, FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN, PORT: String(port) };
    const platform = await startFeishuPlatform(config(env), { core: h.core }, silentLogger);
    try {
      const answer = await new LarkSender(`http://127.0.0.1:${port}`, ENCRYPT_KEY).post('/feishu/events', urlVerification('own-server'));
      expect(answer).toMatchObject({ status: 200, body: { challenge: 'own-server' } });
    } finally {
      await platform.stop();
    }
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('in long-connection mode, refuses an App ID the SDK would silently ignore', async () => {
    await expect(startFeishuPlatform(config({ FEISHU_APP_ID: 'cli_test_kam', FEISHU_MODE: 'ws' }), { core: h.core }, silentLogger)).rejects.toThrow(/not an App ID like cli_/);
  });
});
