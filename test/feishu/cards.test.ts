/** Card callbacks through the webhook: buttons and forms become neutral actions; the card is updated in place. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageHandler } from '../../src/core/messages.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { cardActionEvent, p2pChatOf } from './support/events.ts';
import type { FakeUser } from './support/fake-feishu.ts';
import { cardFormFields, messageText } from './support/card-text.ts';
import { feishuHarness, type FeishuHarness } from './support/harness.ts';

const zhang: FakeUser = { openId: 'ou_zhang', name: '张三', email: 'zhang@example.com' };
const colleague: FakeUser = { openId: 'ou_colleague', name: '路人甲', email: 'colleague@example.com' };
const chat = p2pChatOf(zhang.openId);
const GROUP = 'oc_group_cards';

let h: FeishuHarness;
let seeded: Awaited<ReturnType<typeof seedTeamWithCustomers>>;

beforeAll(async () => {
  h = await feishuHarness(import.meta.filename, { users: [zhang, colleague] });
  seeded = await seedTeamWithCustomers(h.store);
});
afterAll(() => h?.close());

const lastCard = () => {
  const message = h.fake.messagesIn(chat).at(-1);
  if (!message) throw new Error('no message');
  return { message, card: JSON.parse(message.content) as Record<string, unknown> };
};

describe('the visit card', () => {
  it('Edit turns the card into a pre-filled form, in place and within 3 seconds', async () => {
    await h.say(zhang, '/visit 今天拜访华为张总，谈续约，下周三回访');
    const { message } = lastCard();
    const pressed = await h.press(zhang, 'visit.edit');
    expect(pressed.status).toBe(200);
    expect(pressed.ms).toBeLessThan(3000);
    expect(pressed.answer.card?.type).toBe('raw');
    const form = h.fake.messages.get(message.messageId);
    const fields = cardFormFields(JSON.parse(form?.content ?? '{}'));
    expect(Object.fromEntries(fields.map((f) => [f.name, f.initial]))).toMatchObject({
      customer: '华为技术有限公司',
      date: '2026-11-22',
      channel: 'onsite',
      summary: '谈续约',
      next: '2026-11-25',
    });
    expect(fields.find((f) => f.name === 'date')?.tag).toBe('date_picker');
    expect(fields.find((f) => f.name === 'channel')?.tag).toBe('select_static');
  });

  it('a form the core refuses stays as it was, with the reason in a toast', async () => {
    const { message } = lastCard();
    const before = message.content;
    const pressed = await h.press(zhang, 'visit.update', { form: { customer: '不存在的公司XYZ', summary: '我写了很多字' } });
    expect(pressed.answer.card).toBeUndefined();
    expect(pressed.answer.toast?.content).toBeTruthy();
    expect(h.fake.messages.get(message.messageId)?.content).toBe(before);
    expect((await h.store.models.Visit.findOne({ customerId: seeded.customers.huawei }).lean())?.summary).toBe('谈续约');
  });

  it('submitting the form updates the visit (date pickers send "yyyy-MM-dd +0800") and shows the card again', async () => {
    const pressed = await h.press(zhang, 'visit.update', { form: { summary: '谈续约和二期扩容', next: '2026-12-02', channel: 'phone' } });
    expect(pressed.text).toContain('谈续约和二期扩容');
    const visit = await h.store.models.Visit.findOne({ customerId: seeded.customers.huawei }).lean();
    expect(visit?.summary).toBe('谈续约和二期扩容');
    expect(visit?.nextFollowUpDay).toBe('2026-12-02');
    expect(visit?.channel).toBe('phone');
  });

  it('Undo removes the visit and says so on the card', async () => {
    await h.say(zhang, '/visit 昨天电话联系华为王经理，确认交付时间');
    const before = await h.store.models.Visit.countDocuments({ customerId: seeded.customers.huawei });
    const { message } = lastCard();
    const pressed = await h.press(zhang, 'visit.undo');
    expect(pressed.text).toContain('撤销');
    expect(await h.store.models.Visit.countDocuments({ customerId: seeded.customers.huawei })).toBe(before - 1);
    expect(messageText('interactive', h.fake.messages.get(message.messageId)?.content ?? '{}')).toContain('撤销');
  });

  it('an ambiguous customer is picked from buttons', async () => {
    const asked = await h.say(zhang, '/visit 今天拜访华润，谈门店合作');
    expect(asked).toContain('华润万家');
    expect(asked).toContain('华润置地');
    const pressed = await h.press(zhang, 'visit.pick', { value: undefined });
    expect(pressed.text).toMatch(/华润(万家|置地)/);
    expect(await h.store.models.Visit.countDocuments({ customerName: /^华润/ })).toBe(1);
  });

  it('a repeated callback (same event_id) acts once', async () => {
    await h.say(zhang, '/visit 今天拜访宁德时代，谈电池');
    const { message } = lastCard();
    const visit = await h.store.models.Visit.findOne({ customerId: seeded.customers.catl }).lean();
    const value = { action: 'visit.undo', value: String(visit?._id), dm: 1 };
    const event = cardActionEvent({ operatorOpenId: zhang.openId, messageId: message.messageId, chatId: chat, value, eventId: 'ev-card-dup' });
    const first = await h.post('/feishu/cards', event);
    const second = await h.post('/feishu/cards', event);
    expect(first.body['card']).toBeDefined();
    expect(second.body).toEqual({});
    expect(await h.store.models.Visit.countDocuments({ customerId: seeded.customers.catl })).toBe(0);
  });
});

describe('callback cards', () => {
  it('Done, Snooze 1 day and Reschedule (a date picker) work from the cards', async () => {
    await h.say(zhang, '/回访 新增 华为 今天 发报价');
    await h.say(zhang, '/回访 新增 宁德时代 今天 确认样品');
    await h.say(zhang, '/回访 新增 华润万家 今天 对账');
    const list = await h.say(zhang, '/回访');
    expect(list).toContain('华为技术有限公司');
    const open = await h.store.models.Callback.find({ ownerId: seeded.zhang.id, status: 'open', dueDay: '2026-11-22' }).lean();
    const byName = (n: RegExp) => String(open.find((c) => n.test(c.customerName))?._id);

    const done = await h.press(zhang, 'callback.done', { value: byName(/华为/) });
    expect(done.answer.card).toBeDefined();
    expect((await h.store.models.Callback.findById(byName(/华为/)).lean())?.status).toBe('done');

    await h.press(zhang, 'callback.snooze', { value: byName(/宁德/) });
    const snoozed = await h.store.models.Callback.findById(byName(/宁德/)).lean();
    expect(snoozed?.status).toBe('snoozed');
    expect(String(snoozed?.dueDay) > '2026-11-22').toBe(true);

    const form = await h.press(zhang, 'callback.reschedule', { value: byName(/华润/) });
    expect(form.answer.card).toBeDefined();
    const rescheduled = await h.press(zhang, 'callback.reschedule', { value: byName(/华润/), form: { date: '2026-12-10' } });
    expect(rescheduled.text).toContain('2026-12-10');
    expect((await h.store.models.Callback.findById(byName(/华润/)).lean())?.dueDay).toBe('2026-12-10');
  });
});

describe('the weekly report', () => {
  it('opens as a card and a pre-filled form; saving shows the card in place with a toast; Submit submits', async () => {
    const opened = await h.say(zhang, '周报');
    expect(opened).toMatch(/highlights|本周亮点|亮点/i);
    const saved = await h.press(zhang, 'report.save', { form: { highlights: '华为续约推进', problems: '无', plan: '跟进宁德时代样品' } });
    expect(saved.answer.card).toBeDefined();
    expect(saved.answer.toast?.content).toBeTruthy();
    expect(saved.text).toContain('华为续约推进');
    const submitted = await h.press(zhang, 'report.submit');
    expect(submitted.answer.card).toBeDefined();
    const report = await h.store.models.WeeklyReport.findOne({ userId: seeded.zhang.id }).lean();
    expect(report?.status).toBe('submitted');
  });
});

describe('cards in a group chat', () => {
  it('buttons work for the person who presses them', async () => {
    await h.say(zhang, '/visit 今天拜访华为李经理，谈交付', { group: GROUP });
    const pressed = await h.press(zhang, 'visit.undo', { chatId: GROUP });
    expect(pressed.text).toContain('撤销');
  });

  it('a rep’s Undo pressed by another member of the group is refused, and the visit and its card stay', async () => {
    await h.say(zhang, '/visit 今天拜访华为王工，谈验收', { group: GROUP });
    const card = h.fake.messagesIn(GROUP).at(-1);
    const visits = await h.store.models.Visit.countDocuments();
    const pressed = await h.press(colleague, 'visit.undo', { chatId: GROUP });
    expect(pressed.answer.toast?.content).toBe('这个按钮是发给其他人的，只有对方本人可以操作。未做任何更改。');
    expect(pressed.answer.card).toBeUndefined();
    expect(await h.store.models.Visit.countDocuments()).toBe(visits);
    expect(h.fake.messages.get(card?.messageId ?? '')?.content).toBe(card?.content);
  });
});

describe('slow work after a card callback', () => {
  it('answers with a toast within the deadline, then patches the card when the core is done', async () => {
    let slow = false;
    const slowable = (bot: MessageHandler): MessageHandler => ({
      async handle(m) {
        if (slow) await new Promise((r) => setTimeout(r, 1500));
        return bot.handle(m);
      },
    });
    const s = await feishuHarness(import.meta.filename, { users: [zhang], wrapBot: slowable, cardDeadlineMs: 200 });
    try {
      await seedTeamWithCustomers(s.store);
      await s.say(zhang, '/visit 今天拜访华为张总，谈续约');
      const card = s.fake.messagesIn(chat).at(-1);
      slow = true;
      const pressed = await s.press(zhang, 'visit.undo');
      expect(pressed.ms).toBeLessThan(1000);
      expect(pressed.answer.card).toBeUndefined();
      expect(pressed.answer.toast?.content).toMatch(/处理中/);
      const patches = s.fake.callsTo('PATCH', new RegExp(`/open-apis/im/v1/messages/${card?.messageId}$`));
      expect(patches).toHaveLength(1);
      expect(messageText('interactive', s.fake.messages.get(card?.messageId ?? '')?.content ?? '{}')).toContain('撤销');
    } finally {
      await s.close();
    }
  });
});
