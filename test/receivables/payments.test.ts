import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';
import { chat, NOW, rawInvoice, seedStandard, TODAY } from './support.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let cast: Awaited<ReturnType<typeof seedTeamWithCustomers>>;
let talk: ReturnType<typeof chat>;
const zhang = { id: 'zhang' };
const zhangEn = { id: 'zhang', lang: 'en' };
const wang = { id: 'wang' };

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

/** Every receivable as stored, to prove a refused command wrote nothing. */
const everything = () => store.models.Receivable.collection.find({}).sort({ key: 1 }).toArray();

describe('/ar paid', () => {
  it('books a partial payment, then the rest, and /undo walks both back', async () => {
    const original = await rawInvoice(store, 'Z-60');

    expect(await talk.say(zhang, '/回款 已收 Z-60 1000')).toBe('已登记回款 ¥1,000：Z-60（宁德时代新能源科技股份有限公司），尚未收 ¥2,000。输入 /撤销 可撤回。');
    const partial = await rawInvoice(store, 'Z-60');
    expect(partial).toMatchObject({ paidAmount: 1000, status: 'open' });
    expect(partial?.['payments']).toEqual([
      { id: expect.any(String), source: 'chat', amount: 1000, day: TODAY, at: new Date(NOW), byUserId: expect.anything(), week: '2026-W47', month: '2026-11' },
    ]);
    expect(String(partial?.['payments'][0].byUserId)).toBe(cast.zhang.id);

    expect(await talk.say(zhangEn, '/ar paid z-60')).toBe('Payment of ¥2,000 recorded: Z-60 (宁德时代新能源科技股份有限公司) is now fully paid. Type /undo to reverse it.');
    const full = await rawInvoice(store, 'Z-60');
    expect(full).toMatchObject({ paidAmount: 3000, status: 'paid', paidDay: TODAY });
    expect(full?.['payments'].map((p: { amount: number }) => p.amount)).toEqual([1000, 2000]);
    expect(await talk.say(zhang, '/ar paid Z-60')).toBe('Z-60 已全部收清。');

    // Each undo is the inverse of that payment: the invoice is as it was, except when it was last touched.
    const content = (doc: Record<string, unknown> | null) => ({ ...doc, updatedAt: undefined });
    expect(await talk.say(zhangEn, '/undo')).toContain('payment Z-60');
    expect(content(await rawInvoice(store, 'Z-60'))).toEqual(content(partial));
    expect(await talk.say(zhang, '/撤销')).toContain('收款 Z-60 ¥1,000');
    expect(content(await rawInvoice(store, 'Z-60'))).toEqual(content(original));
  });

  it('reads amounts as people type them', async () => {
    expect(await talk.say(zhang, '/ar paid Z-91 ¥1,500')).toContain('尚未收 ¥4,500');
    expect(await talk.say(zhang, '/ar 收款 Z-91 1.5k')).toContain('尚未收 ¥3,000');
    expect(await talk.say(zhang, '/ar paid Z-91 amount:0.2万')).toContain('尚未收 ¥1,000');
    expect(await talk.say(zhangEn, '/ar pay Z-91 1,000元')).toContain('fully paid');
    expect(await rawInvoice(store, 'Z-91')).toMatchObject({ paidAmount: 6000, status: 'paid' });
  });

  it('refuses an overpayment and writes nothing', async () => {
    const before = await everything();
    expect(await talk.say(zhang, '/ar paid Z-31 1501')).toBe('¥1,501 超过了 Z-31 的未收金额 ¥1,500，未做任何登记。');
    expect(await talk.say(zhangEn, '/ar paid Z-31 2k')).toBe('¥2,000 is more than the ¥1,500 outstanding on Z-31. Nothing was recorded.');
    expect(await everything()).toEqual(before);
    expect(await store.models.Change.countDocuments()).toBe(0);
  });

  it('refuses malformed, zero, negative, sub-cent and foreign-currency amounts', async () => {
    const before = await everything();
    expect(await talk.say(zhang, '/ar paid Z-90 abc')).toBe('无法识别金额“abc”。请写成 50000、5万、3.5万、50k 或 ¥30,000 这样的格式。');
    expect(await talk.say(zhangEn, '/ar paid Z-90 5万5')).toContain('I could not read the amount "5万5"');
    expect(await talk.say(zhangEn, '/ar paid Z-90 12.345')).toContain('I could not read the amount');
    expect(await talk.say(zhang, '/ar paid Z-90 0')).toBe('金额必须大于零（您写的是“0”）。');
    expect(await talk.say(zhangEn, '/ar paid Z-90 -500')).toBe('The amount must be more than zero (you wrote "-500").');
    expect(await talk.say(zhangEn, '/ar paid Z-90 $500')).toBe('Z-90 is billed in CNY, but "$500" is in another currency. Nothing was recorded.');
    expect(await talk.say(zhang, '/ar paid')).toBe('请写明发票号，例如：/回款 已收 INV-2026-001 5万');
    expect(await everything()).toEqual(before);
    expect(await store.models.Change.countDocuments()).toBe(0);
  });

  it('answers hostile or unknown invoices with the same not-found and writes nothing', async () => {
    const before = await everything();
    const notFound = (invoice: string) => `在您的应收账款中没有发票“${invoice}”。输入 /应收 查看列表。`;
    expect(await talk.say(zhang, '/ar paid {"$gt":""}')).toBe(notFound('{"$gt":""}'));
    expect(await talk.say(zhang, '/ar paid {"$gt": ""}')).toBe(notFound('{"$gt":'));
    expect(await talk.say(zhang, '/ar paid {"$gt":""} 100')).toBe(notFound('{"$gt":""}'));
    expect(await talk.say(zhang, '/ar paid {"$ne":null}')).toBe(notFound('{"$ne":null}'));
    expect(await talk.say(zhang, '/ar paid .*')).toBe(notFound('.*'));
    expect(await talk.say(zhang, '/ar paid NOPE-1')).toBe(notFound('NOPE-1'));
    // 李四's invoice looks exactly like one that does not exist.
    expect(await talk.say(zhang, '/ar paid L-40')).toBe(notFound('L-40'));
    expect(await talk.say(zhangEn, '/ar paid L-40 100')).toBe('No invoice "L-40" among your receivables. See /ar for the list.');
    expect(await talk.say({ id: 'zhao' }, '/ar paid Z-30')).toBe(notFound('Z-30'));
    expect(await everything()).toEqual(before);
    expect(await store.models.Change.countDocuments()).toBe(0);
  });

  it('lets a supervisor book a payment on a team member’s invoice', async () => {
    expect(await talk.say(wang, '/ar paid L-40 4000')).toContain('尚未收 ¥6,000');
    expect(await rawInvoice(store, 'L-40')).toMatchObject({ paidAmount: 4000, status: 'open' });
  });

  // FerretDB 1.24 has no atomic filtered update: the repository's per-invoice queue is what this proves there;
  // on MongoDB the `paidAmount ≤ amount − payment` filter alone does.
  it('never books two payments that together exceed the invoice, even at the same moment', async () => {
    const { mongoReceivables } = await import('../../src/persistence/receivables.ts');
    const repo = mongoReceivables(store.models);
    const r = await repo.findByInvoice({ kind: 'all' }, 'Z-30');
    const payment = { amount: 600, day: TODAY, at: new Date(NOW), byUserId: cast.zhang.id, week: '2026-W47', month: '2026-11' };
    const outcomes = await Promise.allSettled([repo.recordPayment(r!.id, payment), repo.recordPayment(r!.id, payment)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'ar.changed' } });
    expect(await rawInvoice(store, 'Z-30')).toMatchObject({ paidAmount: 600, status: 'open' });
  });

  it('settles exactly when cents add up with float noise', async () => {
    const { mongoReceivables } = await import('../../src/persistence/receivables.ts');
    const repo = mongoReceivables(store.models);
    await store.models.Receivable.updateOne({ key: 'z-30' }, { $set: { amount: 0.3 } });
    const r = await repo.findByInvoice({ kind: 'all' }, 'z-30');
    const pay = (amount: number) => repo.recordPayment(r!.id, { amount, day: TODAY, at: new Date(NOW), byUserId: cast.zhang.id, week: '2026-W47', month: '2026-11' });
    await pay(0.1);
    const last = await pay(0.2);
    expect(last.record).toMatchObject({ paidAmount: 0.3, status: 'paid' });
  });
});
