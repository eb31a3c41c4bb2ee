/** Text messages through the webhook: one-to-one and group, commands and notes, identity, dedupe. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageHandler } from '../../src/core/messages.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { messageEvent, p2pChatOf, TENANT_KEY } from './support/events.ts';
import type { FakeUser } from './support/fake-feishu.ts';
import { BOT_MENTION, feishuHarness, type FeishuHarness } from './support/harness.ts';

const zhang: FakeUser = { openId: 'ou_zhang', name: '张三', email: 'zhang@example.com' };
const li: FakeUser = { openId: 'ou_li', name: 'Li Si', email: 'li@example.com' };
const secretive: FakeUser = { openId: 'ou_secretive', name: '王五', contactDenied: true };
const GROUP = 'oc_group_east1';

/** A slower core, to show the webhook answers before the work is done. */
let delayMs = 0;
const slowable = (bot: MessageHandler): MessageHandler => ({
  async handle(message) {
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return bot.handle(message);
  },
});

let h: FeishuHarness;
let seeded: Awaited<ReturnType<typeof seedTeamWithCustomers>>;

beforeAll(async () => {
  h = await feishuHarness(import.meta.filename, { users: [zhang, li, secretive], wrapBot: slowable });
  seeded = await seedTeamWithCustomers(h.store);
  await h.store.models.User.updateOne({ consoleId: 'li' }, { $set: { email: 'li@example.com' } });
});
afterAll(() => h?.close());

const visitsOf = (customerId: string) => h.store.models.Visit.find({ customerId }).sort({ createdAt: 1 }).lean();

describe('Feishu text messages', () => {
  it('links the Feishu user to the imported KAM user by the email from the contact API, with the tenant', async () => {
    const text = await h.say(zhang, '/whoami');
    expect(text).toContain('张三');
    const identity = await h.store.models.Identity.findById('feishu:ou_zhang').lean();
    expect(String(identity?.userId)).toBe(seeded.zhang.id);
    expect(identity?.tenantId).toBe(TENANT_KEY);
    expect(h.fake.callsTo('GET', /^\/open-apis\/contact\/v3\/users\/ou_zhang$/)).toHaveLength(1);
  });

  it('caches the contact lookup', async () => {
    await h.say(zhang, '帮助');
    await h.say(zhang, '/help visit');
    expect(h.fake.callsTo('GET', /^\/open-apis\/contact\/v3\/users\/ou_zhang$/)).toHaveLength(1);
  });

  it('still serves a user whose contact the app may not read', async () => {
    const text = await h.say(secretive, '/whoami');
    expect(text).toMatch(/ou_secretive/);
    expect(await h.store.models.Identity.countDocuments({ _id: 'feishu:ou_secretive' })).toBe(1);
  });

  it('answers Chinese by default and English when the user’s setting says so', async () => {
    expect(await h.say(li, '/help')).toContain('KAM Bot commands');
    expect(await h.say(zhang, '/help')).toContain('KAM Bot 命令');
  });

  it('turns a one-to-one visit note into a visit, answered with a card with Edit and Undo', async () => {
    const text = await h.say(zhang, '今天拜访华为张总，谈续约，下周三回访');
    expect(text).toContain('华为技术有限公司');
    expect(text).toContain('[修改]');
    expect(text).toContain('[撤销]');
    const visits = await visitsOf(seeded.customers.huawei);
    expect(visits).toHaveLength(1);
    expect(visits[0]?.nextFollowUpDay).toBe('2026-11-25');
    const card = h.fake.messagesIn(p2pChatOf(zhang.openId)).at(-1);
    expect(card?.msgType).toBe('interactive');
  });

  it('reads commands in a group only after an @mention of the bot, with the mention stripped', async () => {
    const before = h.fake.messagesIn(GROUP).length;
    expect(await h.say(zhang, '/help', { group: GROUP, noMention: true })).toBe('');
    expect(h.fake.messagesIn(GROUP)).toHaveLength(before);
    const text = await h.say(zhang, '帮助', { group: GROUP });
    expect(text).toContain('KAM Bot 命令');
  });

  it('does not read a plain note in a group as a visit (only one-to-one chats do that)', async () => {
    const before = (await visitsOf(seeded.customers.catl)).length;
    const text = await h.say(zhang, '昨天拜访宁德时代李经理', { group: GROUP });
    expect(text).not.toContain('宁德时代新能源科技股份有限公司');
    expect(await visitsOf(seeded.customers.catl)).toHaveLength(before);
  });

  it('gives the same visit for a group @mention and a one-to-one note', async () => {
    const note = '昨天拜访比亚迪王总，谈二期项目，金额120万，下周五回访';
    await h.say(li, `拜访 ${note}`, { group: GROUP });
    await h.say(li, note);
    const [fromGroup, fromDirect] = await visitsOf(seeded.customers.byd);
    const fields = (v: typeof fromGroup) => ({
      customerId: String(v?.customerId),
      ownerId: String(v?.ownerId),
      channel: v?.channel,
      visitDay: v?.visitDay,
      contacts: v?.contacts,
      summary: v?.summary,
      amount: v?.amount,
      nextFollowUpDay: v?.nextFollowUpDay,
    });
    expect(fromGroup).toBeDefined();
    expect(fields(fromGroup)).toEqual(fields(fromDirect));
    expect(fromGroup?.visitDay).toBe('2026-11-21');
  });

  it('resolves other people’s mentions to their names and strips the bot’s anywhere in the text', async () => {
    const wang = { key: '@_user_2', openId: 'ou_wang', name: '王主管' };
    const text = await h.say(zhang, `/visit 今天电话回访华为 ${wang.key} 一起参加 ${BOT_MENTION.key}`, { group: GROUP, noMention: true, mentions: [BOT_MENTION, wang] });
    expect(text).toContain('华为技术有限公司');
    const last = (await visitsOf(seeded.customers.huawei)).at(-1);
    expect(last?.rawNote).toBe('今天电话回访华为 @王主管 一起参加');
  });

  it('flattens rich text (post) messages', async () => {
    const content = {
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: 'KAM Bot' },
          { tag: 'text', text: ' /visit 今天拜访' },
          { tag: 'text', text: '宁德时代', style: ['bold'] },
          { tag: 'text', text: '陈工，谈电池方案' },
        ],
      ],
    };
    const text = await h.say(zhang, '', { group: GROUP, messageType: 'post', content, mentions: [BOT_MENTION] });
    expect(text).toContain('宁德时代新能源科技股份有限公司');
  });

  it('answers other message types politely, in both languages, without calling the core', async () => {
    const text = await h.say(zhang, '', { messageType: 'image', content: { image_key: 'img_v3_abc' } });
    expect(text).toMatch(/只能读文字/);
    expect(text).toMatch(/text messages/);
  });

  it('ignores messages sent by apps (including itself)', async () => {
    const chat = p2pChatOf(zhang.openId);
    const before = h.fake.messagesIn(chat).length;
    const event = messageEvent({ senderOpenId: 'ou_other_app', senderType: 'app', chatId: chat, chatType: 'p2p', content: { text: '/help' } });
    expect((await h.post('/feishu/events', event)).status).toBe(200);
    expect(h.fake.messagesIn(chat)).toHaveLength(before);
  });

  it('answers a thread message inside the thread', async () => {
    const root = h.fake.messagesIn(GROUP)[0];
    expect(root).toBeDefined();
    const event = messageEvent({ senderOpenId: zhang.openId, chatId: GROUP, chatType: 'group', content: { text: `${BOT_MENTION.key} /whoami` }, mentions: [BOT_MENTION], threadRootId: root?.messageId });
    await h.post('/feishu/events', event);
    const replies = h.fake.callsTo('POST', /\/reply$/);
    expect(replies.length).toBeGreaterThan(0);
    expect((replies.at(-1)?.body as { reply_in_thread?: boolean }).reply_in_thread).toBe(true);
  });
});

describe('Feishu re-deliveries and acknowledgement', () => {
  it('creates one visit when the same event_id arrives three times, one after another or at once', async () => {
    const before = (await visitsOf(seeded.customers.catl)).length;
    const note = '/visit 今天拜访宁德时代，谈年度框架协议';
    for (let i = 0; i < 3; i++) await h.say(zhang, note, { eventId: 'ev-dup-sequential' });
    await Promise.all([0, 1, 2].map(() => h.say(zhang, note, { eventId: 'ev-dup-parallel' })));
    expect(await visitsOf(seeded.customers.catl)).toHaveLength(before + 2);
  });

  it('answers the HTTP request before the work is done', async () => {
    delayMs = 1500;
    try {
      const chat = p2pChatOf(zhang.openId);
      const before = h.fake.messagesIn(chat).length;
      const event = messageEvent({ senderOpenId: zhang.openId, chatId: chat, chatType: 'p2p', content: { text: '/whoami' } });
      const result = await h.sender.post('/feishu/events', event);
      expect(result.status).toBe(200);
      expect(result.ms).toBeLessThan(1000);
      expect(h.fake.messagesIn(chat)).toHaveLength(before);
      await h.idle();
      expect(h.fake.messagesIn(chat)).toHaveLength(before + 1);
    } finally {
      delayMs = 0;
    }
  });
});
