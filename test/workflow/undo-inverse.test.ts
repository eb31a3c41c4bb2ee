/**
 * Undo is the inverse of one change, never a snapshot: a payment's undo subtracts that payment only, an edit's
 * undo puts back only the fields it changed and refuses once someone changed them again; contacts are added with
 * atomic array operators. All through the core, on the real database, with users writing at the same moment.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main.ts';
import type { UndoStep } from '../../src/domain/ports.ts';
import { roundMoney } from '../../src/domain/receivables/rules.ts';
import { asText, testCore, textMessage } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';
import { NOW, rawInvoice, seedReceivable, TODAY } from '../receivables/support.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let cast: Awaited<ReturnType<typeof seedTeamWithCustomers>>;
let core: Core;
const zhang = { id: 'zhang' };
const zhangEn = { id: 'zhang', lang: 'en' };
const wang = { id: 'wang' };

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  cast = await seedTeamWithCustomers(store);
  core = await testCore(store, { now: NOW });
});
afterAll(async () => {
  await store?.drop();
});
beforeEach(async () => {
  const m = store.models;
  await Promise.all([m.Receivable.deleteMany({}), m.Change.deleteMany({}), m.Visit.deleteMany({}), m.Callback.deleteMany({})]);
  await m.Customer.updateMany({}, { $set: { contacts: [] } });
});

const say = async (user: { id: string; lang?: string }, text: string) => asText(await core.bot.handle(textMessage(user, text)));
const invoice = (invoiceNo: string, amount: number) =>
  seedReceivable(store, { invoiceNo, ownerId: cast.zhang.id, customerId: cast.customers.catl, amount, dueDay: '2026-10-31' }, cast.teamId);
const ledger = async (invoiceNo: string) => ((await rawInvoice(store, invoiceNo))?.['payments'] ?? []) as Array<{ id: string; amount: number; byUserId: unknown }>;

describe('undoing a payment', () => {
  it('/undo by the rep after a supervisor’s payment leaves the supervisor’s payment', async () => {
    await invoice('U-1', 3000);
    expect(await say(zhang, '/ar paid U-1 1000')).toContain('尚未收 ¥2,000');
    expect(await say(wang, '/ar paid U-1 2000')).toContain('全部收清');
    expect(await rawInvoice(store, 'U-1')).toMatchObject({ paidAmount: 3000, status: 'paid', paidDay: TODAY });

    expect(await say(zhangEn, '/undo')).toBe('Undone: payment U-1 ¥1,000.');
    const after = await rawInvoice(store, 'U-1');
    expect(after).toMatchObject({ paidAmount: 2000, status: 'open' });
    expect(after?.['paidDay']).toBeUndefined();
    const left = await ledger('U-1');
    expect(left.map((p) => [p.amount, String(p.byUserId)])).toEqual([[2000, cast.supervisor.id]]);
    // The rep has nothing more to undo here; the supervisor's own /undo takes hers back.
    expect(await say(zhang, '/undo')).toBe('没有可以撤销的操作。');
    expect(await say(wang, '/撤销')).toBe('已撤销：收款 U-1 ¥2,000。');
    expect(await rawInvoice(store, 'U-1')).toMatchObject({ paidAmount: 0, status: 'open', payments: [] });
  });

  it('20 payments and 10 undos by two users at once: paid is exactly the payments not undone, never above the amount', async () => {
    // 20 × ¥1,000 would be ¥20,000 on a ¥15,000 invoice: some payments must be refused, whatever the order.
    await invoice('U-20', 15_000);
    const work: Array<Promise<string>> = [];
    for (let i = 0; i < 10; i++) {
      work.push(say(zhang, `/ar paid U-20 ${1000 + i}`), say(wang, `/ar paid U-20 ${1000 + 10 * i}`));
      if (i % 2 === 1) work.push(say(zhang, '/undo'), say(wang, '/undo'));
    }
    const answers = await Promise.all(work);
    expect(answers.filter((a) => a.startsWith('已撤销'))).not.toHaveLength(0);

    const stored = await rawInvoice(store, 'U-20');
    const entries = await ledger('U-20');
    const kept = await store.models.Change.find({ kind: 'ar.paid', undone: false }).lean();
    const undone = await store.models.Change.find({ kind: 'ar.paid', undone: true }).lean();
    const entryOf = (c: { steps: unknown[] }) => (c.steps[0] as UndoStep).entry!;
    const sum = (xs: number[]) => roundMoney(xs.reduce((a, b) => a + b, 0));
    // Every payment not undone is on the ledger, every undone one is gone, and paid is their sum.
    expect(entries.map((e) => e.id).sort()).toEqual(kept.map((c) => entryOf(c).id).sort());
    expect(roundMoney(Number(stored?.['paidAmount']))).toBe(sum(kept.map((c) => entryOf(c).amount)));
    expect(roundMoney(Number(stored?.['paidAmount']))).toBe(sum(entries.map((e) => e.amount)));
    expect(Number(stored?.['paidAmount'])).toBeLessThanOrEqual(15_000);
    expect(undone.length).toBe(answers.filter((a) => a.startsWith('已撤销')).length);
    expect(kept.length + undone.length).toBe(answers.filter((a) => a.startsWith('已登记回款')).length);
    expect(stored?.['status']).toBe(Number(stored?.['paidAmount']) >= 15_000 ? 'paid' : 'open');
  });
});

describe('undoing an edit', () => {
  it('puts back only what the edit changed: a payment booked after a promise survives the promise’s undo', async () => {
    await invoice('U-P', 5000);
    await say(zhang, '/ar promise U-P 2026-11-30');
    await say(wang, '/ar paid U-P 1000');
    // The supervisor's latest change is the payment; the rep's is the promise.
    expect(await say(zhang, '/undo')).toBe('已撤销：承诺付款 U-P 2026-11-30。');
    const after = await rawInvoice(store, 'U-P');
    expect(after?.['promiseDay']).toBeUndefined();
    expect(after).toMatchObject({ paidAmount: 1000 });
  });

  it('refuses, in both languages, when someone changed the same fields since — and changes nothing', async () => {
    await invoice('U-C', 5000);
    await say(zhang, '/ar promise U-C 2026-11-30');
    await say(wang, '/ar promise U-C 2026-12-15');
    const refusal = await say(zhang, '/undo');
    expect(refusal).toBe('无法撤销：承诺付款 U-C 2026-11-30——它修改过的内容之后又被（您或他人）改动过。未撤回任何内容；请直接修改。');
    expect(await say(zhangEn, '/undo')).toBe(
      'Not undone: promise-to-pay U-C 2026-11-30 — what it changed has been changed again since (by you or someone else). Nothing was reversed; make the correction directly instead.',
    );
    expect((await rawInvoice(store, 'U-C'))?.['promiseDay']).toBe('2026-12-15');
    // Once the supervisor takes hers back, the rep's undo applies.
    expect(await say(wang, '/undo')).toContain('已撤销');
    expect(await say(zhang, '/undo')).toContain('已撤销');
    expect((await rawInvoice(store, 'U-C'))?.['promiseDay']).toBeUndefined();
  });

  it('a callback snoozed by the rep and rescheduled by the supervisor: the rep’s undo is refused, the date stays', async () => {
    await say(zhang, '/callback add 华为 2026-11-24 发报价');
    await say(zhang, '/callback snooze 1');
    const snoozed = await store.models.Callback.findOne({ customerId: cast.customers.huawei }).lean();
    expect(snoozed).toMatchObject({ status: 'snoozed', dueDay: '2026-11-25' });
    await say(wang, '/callback reschedule 1 2026-12-01');
    expect(await say(zhang, '/undo')).toContain('无法撤销：回访变更');
    expect(await store.models.Callback.findById(snoozed?._id).lean()).toMatchObject({ status: 'open', dueDay: '2026-12-01' });
  });
});

describe('contacts', () => {
  it('30 concurrent visits naming 30 new contacts of one customer leave 30 contacts, each once', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `Contact${String(i + 1).padStart(2, '0')}`);
    const answers = await Promise.all(names.map((n) => say(zhang, `/visit customer:华为 contacts:${n} summary:谈续约`)));
    expect(answers.every((a) => a.includes('拜访已记录'))).toBe(true);
    const customer = await store.models.Customer.findById(cast.customers.huawei).lean();
    expect(customer?.contacts.map((c) => c.name).sort()).toEqual(names);
    // The same names again add nothing; undoing one visit that added a contact removes exactly that contact.
    await Promise.all(names.slice(0, 5).map((n) => say(zhang, `/visit customer:华为 contacts:${n} summary:再谈`)));
    expect((await store.models.Customer.findById(cast.customers.huawei).lean())?.contacts).toHaveLength(30);
    const adding = await store.models.Change.findOne({ kind: 'visit.create', 'steps.items.name': 'Contact07' }).lean();
    await core.services.changes.undo(cast.zhang.id, adding?.ref ?? '');
    const left = (await store.models.Customer.findById(cast.customers.huawei).lean())?.contacts.map((c) => c.name);
    expect(left?.sort()).toEqual(names.filter((n) => n !== 'Contact07'));
  });
});
