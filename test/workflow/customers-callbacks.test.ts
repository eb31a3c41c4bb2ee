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
const wang = { id: 'wang' };

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  cast = await seedTeamWithCustomers(store);
  // Friday 2026-11-27, 09:00 in Shanghai.
  core = await testCore(store, { clock: fixedClock('2026-11-27T09:00:00+08:00') });
});
afterAll(async () => {
  await store?.drop();
});
beforeEach(async () => {
  await Promise.all([store.models.Callback.deleteMany({}), store.models.Change.deleteMany({})]);
});

async function send(message: InboundMessage) {
  const replies = await core.bot.handle(message);
  return { replies, text: asText(replies) };
}
const say = (user: { id: string }, text: string) => send(textMessage(user, text));
const press = (user: { id: string }, id: string, value: string, form?: Record<string, string>) =>
  send({ ...textMessage(user, ''), kind: 'action', text: undefined, action: { id, value, form } });

async function seedCallback(customerId: string, ownerId: string, dueDay: string, note = '') {
  const c = await store.models.Customer.findById(customerId).lean();
  const doc = await store.models.Callback.create({ customerId, customerName: c!.name, ownerId, teamId: cast.teamId, dueDay, week: '2026-W48', origin: 'manual', note });
  return String(doc._id);
}

describe('/customer', () => {
  it('adds a customer with tier from the revenue thresholds, and refuses a duplicate name', async () => {
    const added = await say(zhang, '/customer add 美的集团 alias:美的|Midea industry:家电 revenue:80万');
    expect(added.text).toContain('客户“美的集团”已新增（分级 A1');
    const doc = await store.models.Customer.findOne({ name: '美的集团' }).lean();
    expect(doc).toMatchObject({ aliases: ['美的', 'Midea'], industry: '家电', annualRevenue: 800000, tier: 'A1', status: 'active' });
    expect(String(doc?.ownerId)).toBe(cast.zhang.id);
    // Stamped by the bot's clock, not the machine's: "new this week" holds at any date.
    expect(doc?.createdAt?.toISOString()).toBe('2026-11-27T01:00:00.000Z');
    const dup = await say(zhang, '/客户 新增 美的集团');
    expect(dup.text).toContain('已存在名为“美的集团”的客户');
    expect(await store.models.Customer.countDocuments({ name: '美的集团' })).toBe(1);
    expect((await say(zhang, '/undo')).text).toContain('美的集团');
    expect(await store.models.Customer.countDocuments({ name: '美的集团' })).toBe(0);
  });

  it('shows a customer file with contacts, callbacks and recent visits; by alias and lowercase too', async () => {
    await store.models.Customer.updateOne({ _id: cast.customers.catl }, { $set: { contacts: [{ name: '李经理', title: '经理', phone: '13800000000' }] } });
    await seedCallback(cast.customers.catl, cast.zhang.id, '2026-11-30');
    const { text } = await say(zhang, '/customer show catl');
    expect(text).toContain('宁德时代新能源科技股份有限公司');
    expect(text).toMatch(/联系人\s+李经理/);
    expect(text).toMatch(/待回访\s+2026-11-30/);
    const en = await say(li, '/customer show byd');
    expect(en.text).toMatch(/Tier\s+B1/);
  });

  it('lists mine and finds by partial name within scope only', async () => {
    const mine = await say(zhang, '/customer mine');
    expect(mine.text).toContain('华为技术有限公司');
    expect(mine.text).not.toContain('比亚迪');
    const supervisorFind = await say(wang, '/customer find 比亚迪');
    expect(supervisorFind.text).toContain('比亚迪股份有限公司');
    const repFind = await say(zhang, '/customer find 比亚迪');
    expect(repFind.text).toContain('没有找到客户');
  });

  it('explains bad arguments in the user’s language', async () => {
    expect((await say(zhang, '/customer add')).text).toContain('缺少');
    expect((await say(li, '/customer add Foo status:sleeping')).text).toContain('Status must be');
    expect((await say(li, '/customer add Foo revenue:lots')).text).toContain('could not read the number');
  });
});

describe('/callback', () => {
  it('lists open callbacks overdue first with Done/Snooze/Reschedule buttons on those due', async () => {
    await seedCallback(cast.customers.huawei, cast.zhang.id, '2026-11-20', '发报价');
    await seedCallback(cast.customers.catl, cast.zhang.id, '2026-12-03');
    await seedCallback(cast.customers.byd, cast.li.id, '2026-11-27');
    const { replies, text } = await say(zhang, '/回访');
    expect(text).toMatch(/1\s+华为技术有限公司\s+2026-11-20 已逾期 7 天/);
    expect(text).toMatch(/2\s+宁德时代新能源科技股份有限公司\s+2026-12-03\s+待办/);
    expect(text).not.toContain('比亚迪');
    const cards = replies.filter((r) => r.kind === 'card');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.kind === 'card' && cards[0].buttons.map((b) => b.actionId)).toEqual(['callback.done', 'callback.snooze', 'callback.reschedule']);
  });

  it('marks done by number, snoozes to the next workday, reschedules by date — and each can be undone', async () => {
    const a = await seedCallback(cast.customers.huawei, cast.zhang.id, '2026-11-20');
    const b = await seedCallback(cast.customers.catl, cast.zhang.id, '2026-11-26');
    expect((await say(zhang, '/callback done 1')).text).toContain('已完成：华为技术有限公司');
    expect(await store.models.Callback.findById(a).lean()).toMatchObject({ status: 'done', doneDay: '2026-11-27', doneWeek: '2026-W48' });
    // Friday → snooze 1 workday → Monday.
    expect((await say(zhang, '/callback snooze 1')).text).toContain('2026-11-30');
    expect(await store.models.Callback.findById(b).lean()).toMatchObject({ status: 'snoozed', dueDay: '2026-11-30' });
    expect((await say(zhang, '/callback reschedule 宁德时代 12月15日')).text).toContain('2026-12-15');
    expect((await say(zhang, '/undo')).text).toContain('已撤销');
    expect(await store.models.Callback.findById(b).lean()).toMatchObject({ status: 'snoozed', dueDay: '2026-11-30' });
  });

  it('snoozes over a Chinese public holiday and onto a make-up workday (调休)', async () => {
    // National Day 2026: Oct 1–7 off; Saturday Oct 10 is a make-up workday (chinese-days' calendar).
    const cases = [
      ['2026-09-30T09:00:00+08:00', '2026-09-30', '2026-10-08'],
      ['2026-10-09T09:00:00+08:00', '2026-10-09', '2026-10-10'],
    ] as const;
    for (const [now, due, expected] of cases) {
      const cb = await seedCallback(cast.customers.huawei, cast.zhang.id, due);
      const atThatDay = await testCore(store, { clock: fixedClock(now) });
      const reply = await atThatDay.bot.handle({ ...textMessage(zhang, ''), kind: 'action', text: undefined, action: { id: 'callback.snooze', value: cb } });
      expect(asText(reply)).toContain(expected);
      expect((await store.models.Callback.findById(cb).lean())?.dueDay).toBe(expected);
    }
  });

  it('snoozes by plain weekdays for a team outside China', async () => {
    await store.models.Team.updateOne({ _id: cast.teamId }, { $set: { calendar: 'plain' } });
    try {
      const cb = await seedCallback(cast.customers.huawei, cast.zhang.id, '2026-09-30');
      const atThatDay = await testCore(store, { clock: fixedClock('2026-09-30T09:00:00+08:00') });
      await atThatDay.bot.handle({ ...textMessage(zhang, ''), kind: 'action', text: undefined, action: { id: 'callback.snooze', value: cb } });
      expect((await store.models.Callback.findById(cb).lean())?.dueDay).toBe('2026-10-01');
    } finally {
      await store.models.Team.updateOne({ _id: cast.teamId }, { $set: { calendar: 'cn' } });
    }
  });

  it('works from the card buttons, including a reschedule form', async () => {
    const id = await seedCallback(cast.customers.huawei, cast.zhang.id, '2026-11-25');
    const form = await press(zhang, 'callback.reschedule', id);
    expect(form.replies[0]?.kind).toBe('form');
    expect((await press(zhang, 'callback.reschedule', id, { date: '2026-12-02' })).text).toContain('2026-12-02');
    expect((await press(zhang, 'callback.done', id)).text).toContain('已完成');
    // Pressing Done again on the stale card.
    expect((await press(zhang, 'callback.done', id)).text).toContain('没有找到待回访');
  });

  it('refuses past dates, bad numbers and other reps’ callbacks; a supervisor acts on the team’s', async () => {
    const mine = await seedCallback(cast.customers.huawei, cast.zhang.id, '2026-11-25');
    const theirs = await seedCallback(cast.customers.byd, cast.li.id, '2026-11-25');
    expect((await say(zhang, '/callback reschedule 1 2026-11-01')).text).toContain('已经过去');
    expect((await say(zhang, '/callback snooze 1 99')).text).toContain('1 到 30');
    expect((await say(zhang, '/callback done 9')).text).toContain('没有找到待回访');
    expect((await press(zhang, 'callback.done', theirs)).text).toContain('没有找到待回访');
    expect((await say(wang, '/callback')).text).toMatch(/比亚迪[\s\S]*李四/);
    expect((await press(wang, 'callback.done', theirs)).text).toContain('已完成');
    expect(await store.models.Callback.findById(mine).lean()).toMatchObject({ status: 'open' });
  });

  it('plans a callback by hand', async () => {
    expect((await say(li, '/callback add BYD 2026-12-10 send the quote')).text).toContain('Callback to 比亚迪股份有限公司 planned for 2026-12-10');
    expect(await store.models.Callback.findOne({ origin: 'manual' }).lean()).toMatchObject({ dueDay: '2026-12-10', note: 'send the quote' });
  });
});

describe('/leave', () => {
  it('records leave periods in order, lists upcoming ones, and refuses a reversed period', async () => {
    expect((await say(li, '/leave add 2026-12-21 2026-12-25')).text).toContain('Leave added: 2026-12-21 → 2026-12-25');
    expect((await say(li, '/leave add tomorrow')).text).toContain('2026-11-28 → 2026-11-28');
    expect((await say(li, '/leave add 2026-12-10 2026-12-01')).text).toContain('ends (2026-12-01) before it starts');
    const doc = await store.models.User.findById(cast.li.id).lean();
    expect(doc?.leave.map((l) => l.from)).toEqual(['2026-11-28', '2026-12-21']);
    expect((await say(li, '/leave')).text).toMatch(/2026-11-28[\s\S]*2026-12-21/);
    expect((await say(li, '/leave clear')).text).toContain('removed');
    expect((await store.models.User.findById(cast.li.id).lean())?.leave).toEqual([]);
  });
});

describe('/team (admins)', () => {
  it('sets a team’s manager, its summary channel and its calendar; refuses reps', async () => {
    const admin = { id: 'admin-1' };
    await say(admin, '/whoami');
    const adminUser = await core.services.users.findByHandle('admin-1');
    await core.services.users.setRole(adminUser!.id, 'admin');
    expect((await say(zhang, '/team lead 华东一组 manager li')).text).toContain('您没有权限');
    expect((await say(admin, '/team lead 华东一组 manager 李四')).text).toContain('李四 现在是 华东一组 的大客户经理');
    const team = await store.models.Team.findById(cast.teamId).lean();
    expect(String(team?.managerId)).toBe(cast.li.id);
    expect((await store.models.User.findById(cast.li.id).lean())?.role).toBe('manager');
    const inChannel = { ...textMessage(admin, '/team channel 华东一组'), conversation: { platform: 'console' as const, channelId: 'team-room', direct: false } };
    expect(asText(await core.bot.handle(inChannel))).toContain('汇总将发到这里');
    expect((await store.models.Team.findById(cast.teamId).lean())?.summaryChannel).toMatchObject({ platform: 'console', channelId: 'team-room', direct: false });
    expect((await say(admin, '/team calendar 华东一组 moon')).text).toContain('日历只能是 cn 或 plain');
    expect((await say(admin, '/team calendar 华东一组 plain')).text).toContain('周一至周五');
    await store.models.Team.updateOne({ _id: cast.teamId }, { $set: { calendar: 'cn' } });
    await store.models.User.updateOne({ _id: cast.li.id }, { $set: { role: 'rep' } });
    await store.models.Team.updateOne({ _id: cast.teamId }, { $unset: { managerId: 1 } });
  });
});

describe('/home', () => {
  it('shows the rep’s callbacks due, receivables and this week’s report; a supervisor also sees who is missing', async () => {
    await seedCallback(cast.customers.huawei, cast.zhang.id, '2026-11-26', '发报价');
    await seedCallback(cast.customers.catl, cast.zhang.id, '2026-12-20');
    const rep = await say(zhang, '/home');
    expect(rep.text).toContain('今天到期或已逾期的回访 1 条');
    expect(rep.text).toContain('华为技术有限公司');
    expect(rep.text).not.toMatch(/回访：宁德时代/);
    expect(rep.text).toContain('2026-W48');
    const lead = await say(wang, '/主页');
    expect(lead.text).toMatch(/张三[\s\S]*李四|李四[\s\S]*张三/);
  });
});
