import { unaddressed } from '../../src/core/addressed.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { InboundMessage } from '../../src/core/messages.ts';
import { asText, testCore, textMessage } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let cast: Awaited<ReturnType<typeof seedTeamWithCustomers>>;
let core: Core;
const zhang = { id: 'zhang' };
const li = { id: 'li' };

// Sunday 2026-11-22, 10:00 in Shanghai.
const SUNDAY = '2026-11-22T10:00:00+08:00';

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  cast = await seedTeamWithCustomers(store);
  core = await testCore(store, { clock: fixedClock(SUNDAY) });
});
afterAll(async () => {
  await store?.drop();
});
beforeEach(async () => {
  await Promise.all([store.models.Visit.deleteMany({}), store.models.Callback.deleteMany({}), store.models.Change.deleteMany({})]);
});

async function send(message: InboundMessage) {
  const replies = await core.bot.handle(message);
  return { replies, text: asText(replies) };
}
const say = (user: { id: string }, text: string) => send(textMessage(user, text));
const press = (user: { id: string }, id: string, value: string, form?: Record<string, string>) =>
  send({ ...textMessage(user, ''), kind: 'action', text: undefined, action: { id, value, form } });

describe('visit capture in one message', () => {
  it('saves a clear note at once with a card of what was understood, and creates the follow-up callback', async () => {
    const { replies, text } = await say(zhang, '/visit 今天拜访华为张总，谈续约，下周三回访');
    expect(text).toContain('拜访已记录');
    expect(text).toContain('华为技术有限公司');
    expect(text).toMatch(/下次回访\s+2026-11-25/);
    const card = replies[0];
    expect(card?.kind === 'card' && card.buttons.map((b) => b.actionId)).toEqual(['visit.edit', 'visit.undo']);
    const visit = await store.models.Visit.findOne({ customerId: cast.customers.huawei }).lean();
    expect(visit).toMatchObject({ visitDay: '2026-11-22', channel: 'onsite', contacts: ['张总'], nextFollowUpDay: '2026-11-25', week: '2026-W47', month: '2026-11' });
    expect(visit?.rawNote).toBe('今天拜访华为张总，谈续约，下周三回访');
    const callback = await store.models.Callback.findOne({ visitId: visit?._id }).lean();
    expect(callback).toMatchObject({ dueDay: '2026-11-25', status: 'open', origin: 'visit', week: '2026-W48' });
    const customer = await store.models.Customer.findById(cast.customers.huawei).lean();
    expect(customer?.contacts.map((c) => c.name)).toContain('张总');
    expect(customer?.lastVisitDay).toBe('2026-11-22');
  });

  it('reads a plain direct message that reads like a visit note, in English too', async () => {
    const { text } = await say(li, 'Visited BYD yesterday, met Ms. Li, discussed the Q1 order, follow up in 2 weeks');
    expect(text).toContain('Visit saved');
    const visit = await store.models.Visit.findOne({ customerId: cast.customers.byd }).lean();
    expect(visit).toMatchObject({ visitDay: '2026-11-21', nextFollowUpDay: '2026-12-06' });
  });

  it('does not treat small talk as a visit', async () => {
    const { text } = await say(zhang, '你好');
    expect(text).toContain('没有看懂');
    expect(await store.models.Visit.countDocuments()).toBe(0);
  });

  it('asks when the customer is ambiguous, keeps the note, and saves it for the one picked', async () => {
    const { replies, text } = await say(zhang, '/visit 昨天拜访华润陈总，谈合作');
    expect(text).toContain('记录已保留');
    expect(await store.models.Visit.countDocuments()).toBe(0);
    const card = replies[0];
    if (card?.kind !== 'card') throw new Error('expected a card');
    const pick = card.buttons.find((b) => b.label === '华润置地');
    expect(pick).toBeDefined();
    const saved = await press(zhang, 'visit.pick', pick!.value);
    expect(saved.text).toContain('华润置地');
    expect(await store.models.Visit.findOne({ customerId: cast.customers.crland }).lean()).toMatchObject({ visitDay: '2026-11-21' });
    // A double click saves nothing twice.
    const again = await press(zhang, 'visit.pick', pick!.value);
    expect(again.text).toContain('已经处理过');
    expect(await store.models.Visit.countDocuments()).toBe(1);
  });

  it('offers to create an unknown customer as a prospect, then saves the visit for it', async () => {
    const { replies } = await say(zhang, '/visit 今天拜访小米科技王总，谈试点');
    const card = replies[0];
    if (card?.kind !== 'card') throw new Error('expected a card');
    const prospect = card.buttons.find((b) => b.actionId === 'visit.prospect');
    expect(prospect?.label).toMatch(/小米/);
    const saved = await press(zhang, 'visit.prospect', prospect!.value);
    expect(saved.text).toContain('拜访已记录');
    const customer = await store.models.Customer.findOne({ name: /小米/ }).lean();
    expect(customer).toMatchObject({ status: 'prospect' });
    expect(String(customer?.ownerId)).toBe(cast.zhang.id);
  });

  it('takes structured arguments too', async () => {
    const { text } = await say(zhang, '/visit customer:华为 date:2026-11-20 next:2026-12-01 channel:phone summary:"价格复盘"');
    expect(text).toContain('拜访已记录');
    expect(await store.models.Visit.findOne({}).lean()).toMatchObject({ visitDay: '2026-11-20', channel: 'phone', summary: '价格复盘', nextFollowUpDay: '2026-12-01' });
  });

  it('asks field by field when /visit has no text, and saves the submitted form', async () => {
    const { replies } = await say(zhang, '/visit');
    expect(replies[0]?.kind).toBe('form');
    const saved = await press(zhang, 'visit.create', 'new', { customer: '宁德时代', date: '上周五', channel: 'video', contacts: '李经理', summary: '方案评审', next: '-', amount: '50万' });
    expect(saved.text).toContain('宁德时代新能源科技股份有限公司');
    expect(await store.models.Visit.findOne({}).lean()).toMatchObject({ visitDay: '2026-11-13', channel: 'video', amount: 500000 });
  });

  it('refuses impossible or future dates and a follow-up before the visit, writing nothing', async () => {
    for (const [note, message] of [
      ['/visit 2月30日拜访华为张总', '不是有效日期'],
      ['/visit 明天拜访华为', '在将来'],
      ['/visit customer:华为 date:2026-11-20 next:2026-11-19', '不晚于拜访日期'],
      ['/visit customer:华为 date:2026-13-45', '不是有效日期'],
    ] as const) {
      const { text } = await say(zhang, note);
      expect(text, note).toContain(message);
    }
    expect(await store.models.Visit.countDocuments()).toBe(0);
    expect(await store.models.Callback.countDocuments()).toBe(0);
  });

  it('answers hostile and oversized input clearly, writing nothing', async () => {
    const long = await say(zhang, `/visit 今天拜访华为，${'很'.repeat(4100)}`);
    expect(long.text).toContain('上限是 4000');
    const injection = await say(zhang, '/visit customer:{"$gt": ""} date:2026-11-20');
    expect(injection.text).toContain('找不到');
    const markup = await say(zhang, '/visit <script>alert(1)</script> 🎉');
    expect(markup.text).not.toContain('拜访已记录');
    expect(await store.models.Visit.countDocuments()).toBe(0);
  });
});

describe('edit and undo', () => {
  it('edits a visit through the pre-filled form and moves its callback', async () => {
    const { replies } = await say(zhang, '/visit 今天拜访华为张总，谈续约，下周三回访');
    const visitId = replies[0]?.kind === 'card' ? unaddressed(replies[0].buttons[0]!.value) : '';
    const form = await press(zhang, 'visit.edit', visitId);
    const reply = form.replies[0];
    expect(reply?.kind === 'form' && reply.fields.find((f) => f.name === 'next')?.value).toBe('2026-11-25');
    const edited = await press(zhang, 'visit.update', visitId, { customer: '华为技术有限公司', date: '2026-11-22', channel: 'phone', contacts: '张总', summary: '谈续约和价格', next: '2026-11-27', amount: '-' });
    expect(edited.text).toContain('拜访已更新');
    expect(await store.models.Visit.findById(visitId).lean()).toMatchObject({ channel: 'phone', summary: '谈续约和价格', nextFollowUpDay: '2026-11-27' });
    expect(await store.models.Callback.find({ status: 'open' }).lean()).toMatchObject([{ dueDay: '2026-11-27' }]);
  });

  it('undoes a visit from its card: the visit, its callback and the new contact go away', async () => {
    const { replies } = await say(zhang, '/visit 今天拜访华为赵处长，谈招标，3天后发方案');
    const undo = replies[0]?.kind === 'card' ? replies[0].buttons.find((b) => b.actionId === 'visit.undo') : undefined;
    const before = await store.models.Customer.findById(cast.customers.huawei).lean();
    expect(before?.contacts.map((c) => c.name)).toContain('赵处长');
    const { text } = await press(zhang, 'visit.undo', undo!.value);
    expect(text).toContain('已撤销');
    expect(await store.models.Visit.countDocuments()).toBe(0);
    expect(await store.models.Callback.countDocuments()).toBe(0);
    const after = await store.models.Customer.findById(cast.customers.huawei).lean();
    expect(after?.contacts.map((c) => c.name)).not.toContain('赵处长');
    const twice = await press(zhang, 'visit.undo', undo!.value);
    expect(twice.text).toContain('已经撤销');
  });

  it('/undo reverses the latest change, then the one before, then says there is nothing left', async () => {
    await say(zhang, '/visit 今天拜访华为张总');
    await say(zhang, '/visit 今天电话宁德时代李经理');
    expect((await say(zhang, '/undo')).text).toContain('宁德时代');
    expect(await store.models.Visit.countDocuments()).toBe(1);
    expect((await say(zhang, '/撤销')).text).toContain('华为');
    expect(await store.models.Visit.countDocuments()).toBe(0);
    expect((await say(zhang, '/undo')).text).toContain('没有可以撤销');
  });
});

describe('who sees what', () => {
  it('a rep cannot log a visit to another rep’s customer: the answer reveals nothing', async () => {
    const { text } = await say(zhang, '/visit customer:比亚迪 date:2026-11-20');
    expect(text).toContain('在您的客户中找不到“比亚迪”');
    const show = await say(zhang, '/customer show 比亚迪');
    expect(show.text).toBe(text);
  });

  it('an outsider with no team sees none of the team’s customers', async () => {
    const { text } = await say({ id: 'zhao' }, '/customer find 华');
    expect(text).toContain('没有找到客户');
  });
});

describe('double clicks', () => {
  it('an Undo pressed twice at once reverses the visit once', async () => {
    const { replies } = await say(zhang, '/visit 今天拜访华为张总，谈续约，下周三回访');
    await say(zhang, '/visit 今天拜访宁德时代李经理');
    const undo = replies[0]?.kind === 'card' ? replies[0].buttons.find((b) => b.actionId === 'visit.undo') : undefined;
    const both = await Promise.all([press(zhang, 'visit.undo', undo!.value), press(zhang, 'visit.undo', undo!.value)]);
    expect(both.filter((r) => r.text.includes('已撤销'))).toHaveLength(1);
    expect(await store.models.Visit.countDocuments()).toBe(1);
    expect(await store.models.Change.countDocuments({ undone: true })).toBe(1);
  });
});
