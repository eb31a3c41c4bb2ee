import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';
import { chat, NOW, rawInvoice, seedStandard, tableOf } from './support.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let cast: Awaited<ReturnType<typeof seedTeamWithCustomers>>;
let talk: ReturnType<typeof chat>;
const zhang = { id: 'zhang' };
const zhangEn = { id: 'zhang', lang: 'en' };

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  cast = await seedTeamWithCustomers(store);
  talk = chat(await testCore(store, { now: NOW }));
});
afterAll(async () => {
  await store?.drop();
});
beforeEach(async () => {
  await Promise.all([store.models.Receivable.deleteMany({}), store.models.Change.deleteMany({})]);
  await seedStandard(store, cast);
});

const promiseOf = async (invoiceNo: string) => (await rawInvoice(store, invoiceNo))?.['promiseDay'];
const everything = () => store.models.Receivable.collection.find({}).sort({ key: 1 }).toArray();

describe('/ar promise', () => {
  it('records a promise-to-pay date, shows it in the list, and /undo removes it', async () => {
    expect(await talk.say(zhang, '/应收 承诺 Z-30 12-15')).toBe('已登记承诺付款：华为技术有限公司 将于 2026-12-15 前支付 Z-30（未收 ¥1,000）。');
    expect(await promiseOf('Z-30')).toBe('2026-12-15');
    const table = tableOf(await talk.replies(zhang, '/ar'));
    expect(table.columns).toContain('承诺付款日');
    expect(table.rows.find((r) => r[1] === 'Z-30')?.[6]).toBe('2026-12-15');
    expect(await talk.say(zhang, '/undo')).toContain('承诺付款 Z-30 2026-12-15');
    expect(await promiseOf('Z-30')).toBeUndefined();
  });

  it('reads ISO, 12-15, 12月15日 and 12月15号; English replies too', async () => {
    expect(await talk.say(zhangEn, '/ar promise Z-61 2026-12-20')).toBe('Promise to pay recorded: 宁德时代新能源科技股份有限公司 will pay Z-61 (¥4,000 outstanding) by 2026-12-20.');
    expect(await promiseOf('Z-61')).toBe('2026-12-20');
    await talk.say(zhang, '/回款 承诺付款 Z-61 12月15号');
    expect(await promiseOf('Z-61')).toBe('2026-12-15');
    await talk.say(zhang, '/回款 承诺 Z-61 1月5日');
    expect(await promiseOf('Z-61')).toBe('2027-01-05');
    await talk.say(zhang, '/ar promise Z-61 date:2026-11-22');
    expect(await promiseOf('Z-61')).toBe('2026-11-22');
  });

  it('undoing a promise keeps a payment booked after it', async () => {
    await talk.say(zhang, '/ar promise Z-90 12-01');
    await talk.say({ id: 'wang' }, '/ar paid Z-90 1000');
    await talk.say(zhang, '/undo');
    expect(await rawInvoice(store, 'Z-90')).toMatchObject({ paidAmount: 1000 });
    expect(await promiseOf('Z-90')).toBeUndefined();
  });

  it('clears a promise, and marks a promise that has passed as missed', async () => {
    await store.models.Receivable.updateOne({ key: 'z-91' }, { $set: { promiseDay: '2026-11-01' } });
    expect(tableOf(await talk.replies(zhangEn, '/ar')).rows[0]?.[6]).toBe('2026-11-01 (missed)');
    expect(await talk.say(zhang, '/ar promise Z-91 清除')).toBe('已清除 Z-91（宁德时代新能源科技股份有限公司）的承诺付款日期。');
    expect(await promiseOf('Z-91')).toBeUndefined();
  });

  it('refuses past, impossible and unreadable dates, and invoices out of reach, writing nothing', async () => {
    const before = await everything();
    expect(await talk.say(zhang, '/ar promise Z-30 2026-11-01')).toBe('承诺付款日期 2026-11-01 已经过去了。');
    expect(await talk.say(zhangEn, '/ar promise Z-30 2026-11-21')).toBe('The promise date 2026-11-21 is in the past.');
    expect(await talk.say(zhangEn, '/ar promise Z-30 2月30日')).toBe('"2月30日" is not a real date. Please check it.');
    expect(await talk.say(zhangEn, '/ar promise Z-30 02-30')).toBe('"02-30" is not a real date. Please check it.');
    expect(await talk.say(zhangEn, '/ar promise Z-30 2026-02-30')).toContain('is not a real date');
    expect(await talk.say(zhangEn, '/ar promise Z-30 someday')).toContain('I could not read the date "someday"');
    expect(await talk.say(zhang, '/ar promise Z-30')).toBe('客户承诺哪天付款？例如：/应收 承诺 INV-2026-001 12月15日');
    expect(await talk.say(zhang, '/ar promise L-40 12-15')).toBe('在您的应收账款中没有发票“L-40”。输入 /应收 查看列表。');
    expect(await talk.say(zhang, '/ar promise {"$ne":null} 12-15')).toBe('在您的应收账款中没有发票“{"$ne":null}”。输入 /应收 查看列表。');
    expect(await talk.say(zhangEn, '/ar promise Z-PAID 12-15')).toBe('Z-PAID is already fully paid.');
    expect(await everything()).toEqual(before);
    expect(await store.models.Change.countDocuments()).toBe(0);
  });

  it('lets a supervisor record a promise on the team’s invoice', async () => {
    expect(await talk.say({ id: 'wang', lang: 'en' }, '/ar promise L-40 12-31')).toContain('by 2026-12-31');
    expect(await promiseOf('L-40')).toBe('2026-12-31');
  });
});
