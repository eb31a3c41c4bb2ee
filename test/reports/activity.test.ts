/** The week's figures and the report's storage, on the real database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongoReports } from '../../src/persistence/reports.ts';
import { openTestStore } from '../support/store.ts';
import { testCore } from '../support/bot.ts';
import { fieldsOf, only, person, seeder, send } from './support.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});
afterAll(async () => {
  await store?.drop();
});

describe("a rep's figures for one ISO week", () => {
  it('counts visits, distinct customers, new customers, callbacks, payments and overdue receivables exactly', async () => {
    const core = await testCore(store, { language: 'en' });
    const alice = await person(core, { id: 'fig-alice' }, 'rep');
    const bob = await person(core, { id: 'fig-bob' }, 'rep');
    const seed = seeder(store);
    // Customers created around the week's edges in Shanghai (W47 = 2026-11-16 … 2026-11-22).
    const a1 = await seed.customer(alice, 'A1', new Date('2026-11-16T00:00:00+08:00'));
    const a2 = await seed.customer(alice, 'A2', new Date('2026-11-15T23:59:59+08:00'));
    await seed.customer(alice, 'A3', new Date('2026-11-22T23:59:59+08:00'));
    await seed.customer(alice, 'A4', new Date('2026-11-23T00:00:00+08:00'));
    const b1 = await seed.customer(bob, 'B1', new Date('2026-11-18T12:00:00+08:00'));

    // Five visits to two customers this week; one the week before, one the week after, one by Bob.
    for (const day of ['2026-11-16', '2026-11-18', '2026-11-22']) await seed.visit(alice, a1, day);
    for (const day of ['2026-11-17', '2026-11-17']) await seed.visit(alice, a2, day);
    await seed.visit(alice, a1, '2026-11-15');
    await seed.visit(alice, a2, '2026-11-23');
    await seed.visit(bob, b1, '2026-11-17');

    await seed.callback(alice, a1, { dueDay: '2026-11-16', status: 'done', doneDay: '2026-11-16' });
    await seed.callback(alice, a1, { dueDay: '2026-11-10', status: 'done', doneDay: '2026-11-22' });
    await seed.callback(alice, a2, { dueDay: '2026-11-10', status: 'done', doneDay: '2026-11-13' });
    await seed.callback(bob, b1, { dueDay: '2026-11-17', status: 'done', doneDay: '2026-11-17' });
    await seed.callback(alice, a1, { dueDay: '2026-11-20', status: 'open' });
    await seed.callback(alice, a2, { dueDay: '2026-11-21', status: 'snoozed' });
    await seed.callback(alice, a2, { dueDay: '2026-11-22', status: 'open' }); // due today: not overdue yet
    await seed.callback(alice, a2, { dueDay: '2026-11-25', status: 'open' });
    await seed.callback(alice, a2, { dueDay: '2026-11-01', status: 'cancelled' });
    await seed.callback(bob, b1, { dueDay: '2026-11-01', status: 'open' });

    await seed.receivable(alice, a1, { amount: 10000, dueDay: '2026-11-10', payments: [{ amount: 3000, day: '2026-11-18' }, { amount: 1000, day: '2026-11-12' }] });
    await seed.receivable(alice, a2, { amount: 5000, dueDay: '2026-11-01', status: 'paid', payments: [{ amount: 2500.5, day: '2026-11-16' }, { amount: 2499.5, day: '2026-11-22' }] });
    await seed.receivable(alice, a2, { amount: 2000, dueDay: '2026-11-22' });
    await seed.receivable(alice, a1, { amount: 800.25, dueDay: '2026-11-21' });
    await seed.receivable(alice, a1, { amount: 9999, dueDay: '2026-11-01', status: 'written_off' });
    await seed.receivable(bob, b1, { amount: 1_000_000, dueDay: '2026-11-01', payments: [{ amount: 500_000, day: '2026-11-18' }] });

    expect(await core.services.reports.activity(alice, '2026-W47', '2026-11-22')).toEqual({
      visits: 5,
      customersTouched: 2,
      newCustomers: 2,
      callbacksDone: 2,
      callbacksOverdue: 2,
      paymentsReceived: 8000,
      overdueReceivables: 2,
      overdueAmount: 6800.25,
    });
    // The week before: one visit, one customer created, one callback done, the 1000 paid that week.
    expect(await core.services.reports.activity(alice, '2026-W46', '2026-11-22')).toMatchObject({
      visits: 1,
      customersTouched: 1,
      newCustomers: 1,
      callbacksDone: 1,
      paymentsReceived: 1000,
    });

    // The same figures reach the card of /report.
    const card = only(await send(core, { id: 'fig-alice' }, '/report'), 'card');
    expect(fieldsOf(card)).toMatchObject({
      Visits: '5',
      'Customers visited': '2',
      'New customers': '2',
      'Callbacks done': '2',
      'Callbacks overdue': '2',
      'Payments received': '¥8,000',
      'Overdue receivables': '2 · ¥6,800.25',
    });
  });

  it('is all zeros for a user with no records, and for an id that is not one', async () => {
    const reports = mongoReports(store.models);
    const zeros = { visits: 0, customersTouched: 0, newCustomers: 0, callbacksDone: 0, callbacksOverdue: 0, paymentsReceived: 0, overdueReceivables: 0, overdueAmount: 0 };
    expect(await reports.activity('64b7f0c2a1b2c3d4e5f60718', '2026-W47', '2026-11-22')).toEqual(zeros);
    expect(await reports.activity('{"$gt": ""}', '2026-W47', '2026-11-22')).toEqual(zeros);
  });
});

describe('week boundaries in the user’s zone', () => {
  // Sunday 2026-11-22 23:30 in Berlin is already Monday 06:30 in Shanghai.
  const now = '2026-11-22T22:30:00Z';

  it('files the same instants under different weeks in Asia/Shanghai and Europe/Berlin', async () => {
    const core = await testCore(store, { language: 'en', now });
    const sh = { id: 'edge-shanghai' };
    const be = { id: 'edge-berlin' };
    const shId = await person(core, sh, 'rep');
    const beId = await person(core, be, 'rep');
    await send(core, be, '/tz Europe/Berlin');
    const seed = seeder(store);
    const instants = [
      '2026-11-15T22:59:59Z', // Sun 23:59:59 Berlin (W46) · Mon 06:59 Shanghai (W47)
      '2026-11-15T23:00:00Z', // Mon 00:00 Berlin (W47)
      '2026-11-22T15:59:59Z', // Sun 23:59:59 Shanghai (W47) · Sun 16:59 Berlin (W47)
      '2026-11-22T16:00:00Z', // Mon 00:00 Shanghai (W48) · Sun 17:00 Berlin (W47)
      '2026-11-22T22:59:59Z', // Sun 23:59:59 Berlin (W47) · Mon Shanghai (W48)
      '2026-11-22T23:00:00Z', // Mon 00:00 Berlin (W48)
    ];
    for (const [owner, tag] of [[shId, 'sh'], [beId, 'be']] as const) {
      for (const [i, at] of instants.entries()) await seed.customer(owner, `${tag}-${i}`, new Date(at));
      const c = await seed.customer(owner, `${tag}-visited`);
      await seed.callback(owner, c, { dueDay: '2026-11-22', status: 'open' });
    }
    const c = await seed.customer(beId, 'be-sunday');
    await seed.visit(beId, c, '2026-11-22', 'Europe/Berlin');

    const berlin = only(await send(core, be, '/report'), 'card');
    expect(berlin.title).toContain('2026-W47');
    // Due on Sunday: still today in Berlin, yesterday in Shanghai.
    expect(fieldsOf(berlin)).toMatchObject({ 'New customers': '4', Visits: '1', 'Callbacks overdue': '0' });

    const shanghai = only(await send(core, sh, '/report'), 'card');
    expect(shanghai.title).toContain('2026-W48');
    expect(fieldsOf(shanghai)).toMatchObject({ 'New customers': '3', Visits: '0', 'Callbacks overdue': '1' });

    const shanghaiLast = only(await send(core, sh, '/report last'), 'card');
    expect(shanghaiLast.title).toContain('2026-W47');
    expect(fieldsOf(shanghaiLast)).toMatchObject({ 'New customers': '3' });

    expect((await core.services.reports.activity(beId, '2026-W46', '2026-11-22')).newCustomers).toBe(1);
    expect((await core.services.reports.activity(shId, '2026-W46', '2026-11-23')).newCustomers).toBe(0);
  });
});

describe('storing a report', () => {
  it('upserts one report per user and week, with an undo that deletes a new one and reverts only what a later save changed', async () => {
    const reports = mongoReports(store.models);
    const userId = '64b7f0c2a1b2c3d4e5f60719';
    const first = await reports.save({ userId, week: '2026-W47', highlights: 'one', stats: { visits: 1 } });
    expect(first.record).toMatchObject({ userId, week: '2026-W47', status: 'draft', highlights: 'one', problems: '', plan: '' });
    expect(first.undo).toEqual({ op: 'delete', collection: 'weekly_reports', id: first.record.id });

    const second = await reports.save({ userId, week: '2026-W47', plan: 'two', stats: { visits: 2 } });
    expect(second.record).toMatchObject({ id: first.record.id, highlights: 'one', plan: 'two', stats: { visits: 2 } });
    // The inverse of this save only: the fields it changed, back to what they were while they still hold.
    expect(second.undo).toMatchObject({ op: 'set', id: first.record.id, fields: { plan: '', stats: { visits: 1 } }, expect: { plan: 'two', stats: { visits: 2 } }, strict: true });
    expect(await store.models.WeeklyReport.countDocuments({ week: '2026-W47' })).toBe(1);

    const changes = (await testCore(store)).services.changes;
    await changes.revert([second.undo]);
    expect(await reports.get(userId, '2026-W47')).toMatchObject({ highlights: 'one', plan: '', stats: { visits: 1 } });
    await changes.revert([first.undo]);
    expect(await reports.get(userId, '2026-W47')).toBeNull();
  });

  it('keeps one report when two first saves race', async () => {
    const reports = mongoReports(store.models);
    const userId = '64b7f0c2a1b2c3d4e5f6071a';
    const saves = await Promise.all(['a', 'b', 'c', 'd'].map((plan) => reports.save({ userId, week: '2026-W47', plan, stats: {} })));
    expect(new Set(saves.map((s) => s.record.id)).size).toBe(1);
    expect(await store.models.WeeklyReport.countDocuments({ userId, week: '2026-W47' })).toBe(1);
  });

  it('lists the reports of some users for one week', async () => {
    const reports = mongoReports(store.models);
    const [u1, u2, u3] = ['64b7f0c2a1b2c3d4e5f60720', '64b7f0c2a1b2c3d4e5f60721', '64b7f0c2a1b2c3d4e5f60722'];
    await reports.save({ userId: u1 as string, week: '2026-W45', stats: {} });
    await reports.save({ userId: u2 as string, week: '2026-W45', stats: {} });
    await reports.save({ userId: u3 as string, week: '2026-W44', stats: {} });
    const listed = await reports.listForUsers([u1 as string, u3 as string, 'not-an-id'], '2026-W45');
    expect(listed.map((r) => r.userId)).toEqual([u1]);
  });
});
