import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Model } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naturalKey } from '../../src/domain/customers/rules.ts';
import { importFile, type ImportKind } from '../../src/operations/import.ts';
import { ImportFileError } from '../../src/operations/csv-read.ts';
import { formatReport } from '../../src/operations/import-run.ts';
import { openTestStore } from '../support/store.ts';
import { say, testCore } from '../support/bot.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../fixtures', name);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'kam-import-'));
/** A CSV written for one test (bytes exactly as given). */
function csvFile(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

let store: Awaited<ReturnType<typeof openTestStore>>;
const run = (kind: ImportKind, file: string) => importFile({ models: store.models, kind, file, defaultTimeZone: 'Asia/Shanghai' });

/** Every document of every collection, for "nothing changed" comparisons. */
async function snapshot(): Promise<string> {
  const dump: Record<string, unknown> = {};
  for (const [name, model] of Object.entries(store.models)) dump[name] = await (model as Model<any>).find().sort({ _id: 1 }).lean();
  return JSON.stringify(dump);
}

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});
afterAll(async () => {
  await store?.drop();
});

describe('importing the hand-written fixtures', () => {
  it('imports users with identities, teams, reporting lines and team leads', async () => {
    const report = await run('users', fixture('users.csv'));
    expect(report).toMatchObject({ imported: 4, updated: 0, unchanged: 0, rejected: [] });
    const { User, Identity, Team } = store.models;
    const team = await Team.findOne({ key: '华东一组' }).lean();
    expect(team).toMatchObject({ name: '华东一组', timeZone: 'Asia/Shanghai' });
    const zhang = await User.findOne({ email: 'zhang@example.com' }).lean();
    const wang = await User.findOne({ email: 'wang@example.com' }).lean();
    const chen = await User.findOne({ email: 'chen@example.com' }).lean();
    expect(zhang).toMatchObject({ name: '张三', role: 'rep', language: 'zh-CN', timeZone: 'Asia/Shanghai', consoleId: 'zhang', slackId: 'U01ZHANG' });
    // 张三 is listed before 王芳, whom he reports to: the forward reference is resolved after the other rows.
    expect(String(zhang?.reportsTo)).toBe(String(wang?._id));
    expect(String(wang?.reportsTo)).toBe(String(chen?._id));
    expect(String(zhang?.teamId)).toBe(String(team?._id));
    expect(String(team?.supervisorId)).toBe(String(wang?._id));
    expect(String(team?.managerId)).toBe(String(chen?._id));
    expect(await Identity.findById('console:zhang').lean()).toMatchObject({ platform: 'console', platformUserId: 'zhang' });
    expect(String((await Identity.findById('slack:U01WANG').lean())?.userId)).toBe(String(wang?._id));
    expect(report.notes).toEqual(['created team "华东一组" (time zone Asia/Shanghai)', 'team "华东一组": manager is now 陈明', 'team "华东一组": supervisor is now 王芳']);
  });

  it('makes a chat user with an imported console id that user', async () => {
    const core = await testCore(store, { language: 'en' });
    expect(await say(core, { id: 'zhang', lang: 'en' }, '/whoami')).toMatch(/^You are 张三 \(rep\), team: 华东一组/);
    expect(await store.models.User.countDocuments({ consoleId: 'zhang' })).toBe(1);
  });

  it('completes a user who chatted before the import instead of creating a second one', async () => {
    const core = await testCore(store, { language: 'en' });
    await say(core, { id: 'xu', lang: 'en' }, '/whoami');
    const report = await run('users', csvFile('xu.csv', 'Email,Name,Role,Team,Console ID\nxu@example.com,徐九,大客户专员,华东一组,xu\n'));
    expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 0, rejected: [] });
    expect(await store.models.User.countDocuments({ consoleId: 'xu' })).toBe(1);
    expect(await say(core, { id: 'xu', lang: 'en' }, '/whoami')).toMatch(/^You are 徐九 \(rep\), team: 华东一组/);
  });

  it('imports customers: aliases, owners by any handle, team from the owner, tier from revenue', async () => {
    const report = await run('customers', fixture('customers.csv'));
    expect(report).toMatchObject({ imported: 12, updated: 0, unchanged: 0, rejected: [] });
    const { Customer, User } = store.models;
    const zhang = await User.findOne({ email: 'zhang@example.com' }).lean();
    const huawei = await Customer.findOne({ key: naturalKey('华为技术有限公司') }).lean();
    expect(huawei).toMatchObject({ aliases: ['华为', 'Huawei'], industry: '通信设备', region: '深圳', annualRevenue: 1_200_000, creditLimit: 1_000_000, status: 'active', tier: 'A1' });
    expect(String(huawei?.ownerId)).toBe(String(zhang?._id));
    expect(String(huawei?.teamId)).toBe(String(zhang?.teamId));
    expect(await Customer.findOne({ key: naturalKey('宁德时代新能源科技股份有限公司') }).lean()).toMatchObject({ aliases: ['宁德时代', 'CATL'], annualRevenue: 850_000, tier: 'A1' });
    expect(await Customer.findOne({ key: naturalKey('比亚迪股份有限公司') }).lean()).toMatchObject({ aliases: ['比亚迪', 'BYD'], tier: 'A2' });
    expect(await Customer.findOne({ key: naturalKey('腾讯科技（深圳）有限公司') }).lean()).toMatchObject({ aliases: ['腾讯', 'Tencent'], status: 'prospect', tier: 'B1' });
    // Owner given by Slack id.
    expect(String((await Customer.findOne({ key: naturalKey('阿里巴巴（中国）有限公司') }).lean())?.ownerId)).toBe(String(zhang?._id));
    expect(await Customer.findOne({ key: naturalKey('小米科技有限责任公司') }).lean()).toMatchObject({ annualRevenue: 35_000, status: 'dormant', tier: 'B2' });
    expect(await Customer.findOne({ key: naturalKey('海尔智家股份有限公司') }).lean()).toMatchObject({ status: 'lost', tier: 'D' });
    // An explicit tier wins over the revenue band (C: big volume, low profit).
    expect(await Customer.findOne({ key: naturalKey('京东方科技集团股份有限公司') }).lean()).toMatchObject({ tier: 'C', annualRevenue: 2_500_000 });
    const saic = await Customer.findOne({ key: naturalKey('上海汽车集团股份有限公司') }).lean();
    expect(saic).toMatchObject({ status: 'active' });
    expect(saic?.tier).toBeUndefined();
  });

  it('imports receivables: customer by name or alias, owner and team from the customer, paid status', async () => {
    const report = await run('receivables', fixture('receivables.csv'));
    expect(report).toMatchObject({ imported: 10, updated: 0, unchanged: 0, rejected: [] });
    const { Receivable, Customer } = store.models;
    const huawei = await Customer.findOne({ key: naturalKey('华为技术有限公司') }).lean();
    const partly = await Receivable.findOne({ key: 'inv-2026-1001' }).lean();
    expect(partly).toMatchObject({ invoiceNo: 'INV-2026-1001', customerName: '华为技术有限公司', amount: 120_000, paidAmount: 50_000, currency: 'CNY', issuedDay: '2026-10-08', dueDay: '2026-11-07', dueMonth: '2026-11', status: 'open' });
    expect(String(partly?.customerId)).toBe(String(huawei?._id));
    expect(String(partly?.ownerId)).toBe(String(huawei?.ownerId));
    expect(String(partly?.teamId)).toBe(String(huawei?.teamId));
    expect(await Receivable.findOne({ key: 'inv-2026-1002' }).lean()).toMatchObject({ amount: 280_000, paidAmount: 0, dueDay: '2026-11-10' });
    expect(await Receivable.findOne({ key: 'inv-2026-1003' }).lean()).toMatchObject({ amount: 96_000.5, paidAmount: 96_000.5, status: 'paid' });
    expect(await Receivable.findOne({ key: 'boe-us-0007' }).lean()).toMatchObject({ currency: 'USD', customerName: '京东方科技集团股份有限公司' });
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await snapshot();
    for (const [kind, file] of [['users', 'users.csv'], ['customers', 'customers.csv'], ['receivables', 'receivables.csv']] as const) {
      const report = await run(kind, fixture(file));
      expect(report.imported + report.updated + report.rejected.length, kind).toBe(0);
      expect(report.notes).toEqual([]);
    }
    expect(await snapshot()).toBe(before);
  });

  it('updates only what a changed row changes, and a blank cell erases nothing', async () => {
    const { Customer } = store.models;
    const before = await Customer.findOne({ key: naturalKey('格力电器股份有限公司') }).lean();
    const file = csvFile('gree.csv', 'name,owner,status,industry\n格力电器股份有限公司,wang@example.com,休眠,\n华为技术有限公司,zhang,活跃,通信设备\n');
    const report = await run('customers', file);
    expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    const after = await Customer.findOne({ key: naturalKey('格力电器股份有限公司') }).lean();
    expect(after).toMatchObject({ status: 'dormant', industry: '家电', aliases: ['格力', 'Gree'], annualRevenue: 90_000 });
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime());
    await run('customers', csvFile('gree-back.csv', 'name,owner,status\n格力电器股份有限公司,wang,活跃\n'));
  });
});

describe('rows that cannot be imported', () => {
  it('reports each bad user row with its line and reason, and imports the good ones', async () => {
    const report = await run('users', fixture('users-bad.csv'));
    expect(report.imported).toBe(1);
    expect(report.rejected).toEqual([
      { line: 3, reason: expect.stringMatching(/^role: "boss" is not a role \(rep, supervisor, manager, director, admin or the Chinese name\)$/) },
      { line: 4, reason: 'reports_to "nobody@example.com": no such user (in the store or this file)' },
      { line: 5, reason: 'email: is not an email address' },
      { line: 6, reason: 'lang: "fr" is not a language (zh, zh-CN, en or the Chinese name); timezone: is not an IANA time zone such as Asia/Shanghai' },
      { line: 7, reason: 'repeats line 2 (same email)' },
    ]);
    expect(await store.models.Team.findOne({ key: '华南二组' }).lean()).toMatchObject({ timeZone: 'Asia/Shanghai' });
    expect(await store.models.User.countDocuments({ email: 'sun@example.com' })).toBe(0);
  });

  it('reports bad customer rows in the file’s own column names, counting lines of multi-line cells', async () => {
    const report = await run('customers', fixture('customers-bad.csv'));
    expect(report.imported).toBe(2);
    expect(report.rejected).toEqual([
      { line: 2, reason: '负责人 "nobody@example.com": no such user (import users first)' },
      { line: 3, reason: '名称: is required' },
      { line: 6, reason: '年销售额: "-5000": must be zero or more' },
      { line: 7, reason: '状态: "倒闭" is not a customer status (prospect, active, dormant, lost or the Chinese name)' },
      { line: 8, reason: 'has 9 cells but the header has 8 columns' },
    ]);
    expect(await store.models.Customer.findOne({ key: naturalKey('多行备注有限公司') }).lean()).toMatchObject({ industry: '通信\n设备' });
    expect(await store.models.Customer.countDocuments({ key: naturalKey('顺丰控股股份有限公司') })).toBe(1);
  });

  it('reports bad receivable rows: impossible dates, negative amounts, unknown customers, repeats', async () => {
    const report = await run('receivables', fixture('receivables-bad.csv'));
    expect(report.imported).toBe(1);
    expect(report.rejected).toEqual([
      { line: 2, reason: 'due_at: "2026-02-30" is not a real date' },
      { line: 3, reason: 'amount: "-500": must be greater than 0' },
      { line: 4, reason: 'customer "不存在的公司": no such customer (import customers first)' },
      { line: 5, reason: 'due_at: 2026-10-01 is before the issue date 2026-11-01' },
      { line: 6, reason: 'currency: is CNY but the amount is in USD' },
      { line: 7, reason: 'issued_at: "next monday" is not a date (YYYY-MM-DD)' },
      { line: 9, reason: 'repeats line 8 (same invoice_no)' },
    ]);
    const text = formatReport('receivables-bad.csv', report);
    expect(text).toMatch(/^receivables-bad\.csv: imported 1, updated 0, unchanged 0, rejected 7\n {2}line 2: due_at: "2026-02-30" is not a real date\n/);
  });

  it('keeps hostile content inert: formulas refused, operators and emoji stored as text, huge cells refused', async () => {
    const huge = 'x'.repeat(10_000);
    const file = csvFile(
      'hostile.csv',
      [
        'name,aliases,owner,industry',
        '"=cmd|\' /C calc\'!A0",,zhang,',
        '"{""$gt"":""""}",,zhang,',
        '安全公司,,"{""$gt"":""""}",',
        `${huge},,zhang,`,
        '表情公司 🚀,🚀|火箭,zhang,"@SUM(1+1)"',
        '正常公司,"=HYPERLINK(""http://evil"")",zhang,',
        '火箭公司 🚀,🚀|火箭,zhang,航天',
      ].join('\n'),
    );
    const report = await run('customers', file);
    expect(report.imported).toBe(2);
    expect(report.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, 'name: starts with = + - or @, which a spreadsheet would run as a formula'],
      [4, 'owner "{\\"$gt\\":\\"\\"}": no such user (import users first)'],
      [5, 'name: is longer than 200 characters'],
      [6, 'industry: starts with = + - or @, which a spreadsheet would run as a formula'],
      [7, 'aliases: starts with = + - or @, which a spreadsheet would run as a formula'],
    ]);
    // `{"$gt":""}` is a name like any other, never a query operator.
    expect(await store.models.Customer.findOne({ key: naturalKey('{"$gt":""}') }).lean()).toMatchObject({ name: '{"$gt":""}' });
    expect(await store.models.Customer.countDocuments({ name: '表情公司 🚀' })).toBe(0);
    expect(await store.models.Customer.findOne({ name: '火箭公司 🚀' }).lean()).toMatchObject({ aliases: ['🚀', '火箭'] });
  });
});

describe('files that cannot be imported at all', () => {
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['unknown-header.csv', 'name,owner,colour\nA,zhang,red\n', /unknown column "colour"; the columns are: name\/名称/],
    ['missing-column.csv', '名称,行业\nA,制造\n', /missing column: owner/],
    ['two-names.csv', 'name,名称,owner\nA,B,zhang\n', /columns "name" and "名称" both mean name/],
    ['gbk.csv', Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x6f, 0x77, 0x6e, 0x65, 0x72, 0x0a]), /not UTF-8/],
    ['unclosed.csv', 'name,owner\n"A,zhang\nB,zhang\n', /line 2: a quoted cell is never closed/],
    ['empty.csv', '\n\n', /empty/],
  ];
  for (const [name, content, message] of cases) {
    it(`refuses ${name} before writing anything`, async () => {
      const before = await snapshot();
      const error = await run('customers', csvFile(name, content)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportFileError);
      expect((error as Error).message).toMatch(message);
      expect(await snapshot()).toBe(before);
    });
  }

  it('refuses a file that does not exist', async () => {
    await expect(run('users', path.join(scratch, 'nope.csv'))).rejects.toThrow(/no such file/);
  });
});
