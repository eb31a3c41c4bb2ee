import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naturalKey } from '../../src/domain/customers/rules.ts';
import { EXPORT_COLUMNS } from '../../src/operations/export-rows.ts';
import { exportRecords, type ExportFormat, type ExportKind } from '../../src/operations/export.ts';
import { importFile } from '../../src/operations/import.ts';
import { openTestStore } from '../support/store.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../fixtures', name);
let store: Awaited<ReturnType<typeof openTestStore>>;

async function exported(kind: ExportKind, format: ExportFormat, now = '2026-11-25T10:00:00+08:00'): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await exportRecords({ models: store.models, kind, format, out, timeZone: 'Asia/Shanghai', now: new Date(now) });
  return Buffer.concat(chunks).toString('utf8');
}

const json = async (kind: ExportKind) => JSON.parse(await exported(kind, 'json')) as Array<Record<string, unknown>>;
const csv = async (kind: ExportKind) => parse(await exported(kind, 'csv'), { bom: true, columns: true }) as Array<Record<string, string>>;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});
afterAll(async () => {
  await store?.drop();
});

describe('an empty store', () => {
  it('exports an empty JSON array and a CSV with only the header', async () => {
    expect(await exported('visits', 'json')).toBe('[]\n');
    expect(await exported('visits', 'csv')).toBe(`\uFEFF${EXPORT_COLUMNS.visits.join(',')}\r\n`);
  });
});

describe('exports of a populated store', () => {
  beforeAll(async () => {
    for (const kind of ['users', 'customers', 'receivables'] as const) {
      await importFile({ models: store.models, kind, file: fixture(`${kind}.csv`), defaultTimeZone: 'Asia/Shanghai' });
    }
    const { User, Customer, Visit, Callback, WeeklyReport } = store.models;
    const zhang = (await User.findOne({ consoleId: 'zhang' }).lean())!;
    const li = (await User.findOne({ consoleId: 'li' }).lean())!;
    const huawei = (await Customer.findOne({ key: naturalKey('华为技术有限公司') }).lean())!;
    const byd = (await Customer.findOne({ key: naturalKey('比亚迪股份有限公司') }).lean())!;
    await Customer.updateOne({ _id: huawei._id }, { $set: { contacts: [{ name: '张总', title: '采购总监', phone: '13800000000' }, { name: '李工' }] } });
    const base = { week: '2026-W47', month: '2026-11', teamId: zhang.teamId };
    await Visit.create([
      {
        ...base,
        customerId: huawei._id,
        customerName: '华为',
        ownerId: zhang._id,
        channel: 'onsite',
        visitDay: '2026-11-20',
        visitedAt: new Date('2026-11-20T06:30:00Z'),
        timeZone: 'Asia/Shanghai',
        contacts: ['张总', '李工'],
        summary: '谈续约，对方关注交付周期',
        amount: 500_000,
        currency: 'CNY',
        nextFollowUpDay: '2026-11-25',
      },
      {
        ...base,
        customerId: byd._id,
        customerName: '比亚迪',
        ownerId: li._id,
        channel: 'phone',
        visitDay: '2026-11-19',
        visitedAt: new Date('2026-11-19T09:00:00Z'),
        timeZone: 'Europe/Berlin',
        summary: '=HYPERLINK("http://evil.example","click")',
      },
    ]);
    await Callback.create({ customerId: huawei._id, customerName: '华为', ownerId: zhang._id, dueDay: '2026-11-25', origin: 'visit', note: '确认报价', week: '2026-W48' });
    await WeeklyReport.create({
      userId: zhang._id,
      week: '2026-W47',
      status: 'submitted',
      highlights: '拜访华为',
      problems: '',
      plan: '跟进宁德时代',
      submittedAt: new Date('2026-11-20T09:00:00Z'),
    });
  });

  it('writes JSON exactly as JSON.stringify(rows, null, 2), every row with every column', async () => {
    for (const kind of Object.keys(EXPORT_COLUMNS) as ExportKind[]) {
      const text = await exported(kind, 'json');
      const rows = JSON.parse(text) as Array<Record<string, unknown>>;
      expect(text).toBe(`${JSON.stringify(rows, null, 2)}\n`);
      expect(rows.length, kind).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row), kind).toEqual([...EXPORT_COLUMNS[kind]]);
    }
  });

  it('exports visits with canonical customer names, owners, zoned times and follow-ups', async () => {
    const [huawei, byd] = await json('visits');
    expect(huawei).toMatchObject({
      customer: '华为技术有限公司',
      owner: 'zhang@example.com',
      channel: 'onsite',
      visitedAt: '2026-11-20T14:30:00.000+08:00',
      contacts: ['张总', '李工'],
      summary: '谈续约，对方关注交付周期',
      nextFollowUpAt: '2026-11-25',
      amount: 500_000,
    });
    expect(byd).toMatchObject({ customer: '比亚迪股份有限公司', owner: 'li@example.com', visitedAt: '2026-11-19T10:00:00.000+01:00', contacts: [], nextFollowUpAt: null, amount: null });
  });

  it('writes CSV for Excel: BOM, CRLF, lists joined with |, formulas defused', async () => {
    const text = await exported('visits', 'csv');
    expect(text.startsWith(`\uFEFF${EXPORT_COLUMNS.visits.join(',')}\r\n`)).toBe(true);
    const [huawei, byd] = await csv('visits');
    expect(huawei).toMatchObject({ customer: '华为技术有限公司', contacts: '张总|李工', nextFollowUpAt: '2026-11-25', amount: '500000' });
    expect(byd).toMatchObject({ contacts: '', nextFollowUpAt: '', amount: '' });
    // The summary was typed by a user: in a spreadsheet it must stay text.
    expect(byd!['summary']).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('exports customers with aliases, owners and contacts', async () => {
    const rows = await json('customers');
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({
      name: '华为技术有限公司',
      aliases: ['华为', 'Huawei'],
      owner: 'zhang@example.com',
      tier: 'A1',
      status: 'active',
      contacts: [{ name: '张总', title: '采购总监', phone: '13800000000' }, { name: '李工', title: null, phone: null }],
      creditLimit: 1_000_000,
      annualRevenue: 1_200_000,
      lastVisitDay: null,
    });
    const [huawei] = await csv('customers');
    expect(huawei).toMatchObject({ aliases: '华为|Huawei', contacts: '张总 (采购总监, 13800000000)|李工', creditLimit: '1000000' });
  });

  it('exports receivables with outstanding amounts and days overdue as of --now', async () => {
    const rows = await json('receivables');
    const byInvoice = new Map(rows.map((r) => [r['invoiceNo'], r]));
    expect(byInvoice.get('INV-2026-0901')).toMatchObject({ customer: '华为技术有限公司', owner: 'zhang@example.com', amount: 350_000, outstanding: 350_000, dueDay: '2026-10-15', status: 'open', daysOverdue: 41, promiseDay: null });
    expect(byInvoice.get('INV-2026-1001')).toMatchObject({ paidAmount: 50_000, outstanding: 70_000, daysOverdue: 18 });
    expect(byInvoice.get('INV-2026-1003')).toMatchObject({ status: 'paid', outstanding: 0, daysOverdue: 0 });
    expect(byInvoice.get('INV-2026-1101')).toMatchObject({ daysOverdue: 0, outstanding: 150_000 });
    const later = JSON.parse(await exported('receivables', 'json', '2026-12-01T00:30:00+08:00')) as Array<Record<string, unknown>>;
    expect(later.find((r) => r['invoiceNo'] === 'INV-2026-0901')).toMatchObject({ daysOverdue: 47 });
  });

  it('exports callbacks, weekly reports and users', async () => {
    expect(await json('callbacks')).toEqual([
      { id: expect.any(String), customer: '华为技术有限公司', owner: 'zhang@example.com', dueDay: '2026-11-25', status: 'open', origin: 'visit', note: '确认报价', doneDay: null },
    ]);
    expect(await json('reports')).toEqual([
      { userId: expect.any(String), user: '张三', week: '2026-W47', status: 'submitted', highlights: '拜访华为', problems: '', plan: '跟进宁德时代', submittedAt: '2026-11-20T17:00:00.000+08:00' },
    ]);
    const users = await json('users');
    expect(users.find((u) => u['consoleId'] === 'zhang')).toEqual({
      id: expect.any(String),
      name: '张三',
      email: 'zhang@example.com',
      role: 'rep',
      team: '华东一组',
      reportsTo: 'wang@example.com',
      lang: 'zh-CN',
      timezone: 'Asia/Shanghai',
      slackId: 'U01ZHANG',
      feishuOpenId: null,
      consoleId: 'zhang',
    });
    const zhang = (await csv('users')).find((u) => u['consoleId'] === 'zhang');
    expect(zhang).toMatchObject({ team: '华东一组', feishuOpenId: '', reportsTo: 'wang@example.com' });
  });

  it('pages through a large collection and resolves names on every page', async () => {
    const { Visit, Customer, User } = store.models;
    const owner = (await User.findOne({ consoleId: 'li' }).lean())!;
    const midea = (await Customer.findOne({ key: naturalKey('美的集团股份有限公司') }).lean())!;
    const many = Array.from({ length: 1_203 }, (_, i) => ({
      customerId: midea._id,
      customerName: '美的',
      ownerId: owner._id,
      channel: 'message',
      visitDay: '2026-11-18',
      visitedAt: new Date(Date.UTC(2026, 10, 18, 1, 0, i % 60)),
      timeZone: 'Asia/Shanghai',
      summary: `第 ${i + 1} 次`,
      week: '2026-W47',
      month: '2026-11',
    }));
    await Visit.insertMany(many);
    const rows = await csv('visits');
    expect(rows).toHaveLength(1_205);
    expect(rows.slice(2).every((r) => r['customer'] === '美的集团股份有限公司' && r['owner'] === 'li@example.com')).toBe(true);
    expect(rows.at(-1)?.['summary']).toBe('第 1203 次');
  });
});
