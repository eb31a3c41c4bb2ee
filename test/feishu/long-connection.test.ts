/**
 * Long-connection mode: the SDK's WSClient hands every pushed event to the adapter's EventDispatcher as
 * `invoke(event, { needCheck: false })` and sends back what it returns. Here the dispatcher and the
 * shared handler are called exactly that way, without a socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuAdapter, type FeishuAdapter } from '../../adapters/feishu/index.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Core } from '../../src/main.ts';
import { testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';
import { cardButtons, cardText, messageText } from './support/card-text.ts';
import { APP_ID, APP_SECRET, cardActionEvent, messageEvent, p2pChatOf } from './support/events.ts';
import { FakeFeishu } from './support/fake-feishu.ts';

const zhang = { openId: 'ou_zhang', name: '张三', email: 'zhang@example.com' };
const chat = p2pChatOf(zhang.openId);

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
let fake: FakeFeishu;
let adapter: FeishuAdapter;
let huawei: string;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  core = await testCore(store);
  huawei = (await seedTeamWithCustomers(store)).customers.huawei;
  fake = await FakeFeishu.start(APP_ID, APP_SECRET, [zhang]);
  adapter = createFeishuAdapter({ appId: APP_ID, appSecret: APP_SECRET, mode: 'ws', domain: fake.url, port: 3000 }, core.bot, silentLogger, {
    retry: { baseDelayMs: 10, maxDelayMs: 100 },
  });
});
afterAll(async () => {
  await adapter?.handler.idle();
  await fake?.close();
  await store?.drop();
});

describe('events over the long connection', () => {
  it('a pushed message event is handled like a webhook one', async () => {
    const event = messageEvent({ senderOpenId: zhang.openId, chatId: chat, chatType: 'p2p', content: { text: '今天拜访华为张总，谈续约' } });
    const ack = await adapter.dispatcher.invoke(event, { needCheck: false });
    expect(ack).toBeUndefined();
    await adapter.handler.idle();
    expect(await store.models.Visit.countDocuments({ customerId: huawei })).toBe(1);
    const reply = fake.messagesIn(chat).at(-1);
    expect(messageText(reply?.msgType ?? '', reply?.content ?? '{}')).toContain('华为技术有限公司');
  });

  it('a pushed card callback is answered with the updated card (the WSClient sends it back)', async () => {
    const reply = fake.messagesIn(chat).at(-1);
    const button = cardButtons(JSON.parse(reply?.content ?? '{}')).find((b) => b.value.action === 'visit.undo');
    const event = cardActionEvent({ operatorOpenId: zhang.openId, messageId: reply?.messageId ?? '', chatId: chat, value: button?.value });
    const answer = (await adapter.dispatcher.invoke(event, { needCheck: false })) as { card?: { data: Record<string, unknown> } };
    expect(cardText(answer.card?.data ?? {})).toContain('撤销');
    expect(await store.models.Visit.countDocuments({ customerId: huawei })).toBe(0);
  });

  it('the shared handler takes the dispatcher’s flattened payload directly', async () => {
    const { header, event } = messageEvent({ senderOpenId: zhang.openId, chatId: chat, chatType: 'p2p', content: { text: '/whoami' } });
    await adapter.handler.onMessage({ ...header, ...event });
    await adapter.handler.idle();
    expect(messageText('text', fake.messagesIn(chat).at(-1)?.content ?? '{}')).toContain('张三');
  });
});
