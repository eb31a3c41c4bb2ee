/**
 * The examples of issue 17, each through the whole bot on a real store: implausible dates and amounts are
 * refused with the accepted range, odd option values are unknown values, over-long fields are refused by
 * name, and a rep's note stays visible word for word (card, /customer show, export).
 */
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import type { Core } from '../../src/main.ts';
import { exportRecords } from '../../src/operations/export.ts';
import { asText, testCore, textMessage } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
const zhang = { id: 'zhang' };
const li = { id: 'li', lang: 'en' };

// Sunday 2026-11-22, 10:00 in Shanghai: visits back to 2024-11-22, anything ahead up to 2027-11-23.
const SUNDAY = '2026-11-22T10:00:00+08:00';
// errors.unexpected in either language (it always carries a reference id).
const NOTHING_WENT_WRONG = /系统出了点问题|参考编号|something went wrong|Reference: /i;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  await seedTeamWithCustomers(store);
  core = await testCore(store, { clock: fixedClock(SUNDAY) });
});
afterAll(async () => store?.drop());
beforeEach(async () => {
  await Promise.all([store.models.Visit.deleteMany({}), store.models.Callback.deleteMany({}), store.models.Change.deleteMany({})]);
});

async function say(user: { id: string; lang?: string }, text: string): Promise<string> {
  const out = asText(await core.bot.handle(textMessage(user, text)));
  expect(out).not.toMatch(NOTHING_WENT_WRONG);
  return out;
}
async function submit(user: { id: string }, actionId: string, form: Record<string, string>): Promise<string> {
  const out = asText(await core.bot.handle({ ...textMessage(user, ''), kind: 'action', text: undefined, action: { id: actionId, value: 'new', form } }));
  expect(out).not.toMatch(NOTHING_WENT_WRONG);
  return out;
}
const visits = () => store.models.Visit.countDocuments({});
const callbacks = () => store.models.Callback.countDocuments({});

describe('implausible dates are refused with the range', () => {
  it('99999天后 as a follow-up: no callback in 2300, the range in Chinese', async () => {
    const out = await say(zhang, '/visit 今天拜访华为，99999天后回访');
    expect(out).toContain('2300-09-06');
    expect(out).toContain('2024-11-22 至 2027-11-23');
    expect(await visits()).toBe(0);
    expect(await callbacks()).toBe(0);
  });

  it('…and in English, for a typed follow-up field', async () => {
    const out = await say(li, '/visit customer:BYD next:2300-01-01 summary:review');
    expect(out).toContain('out of range');
    expect(out).toContain('2024-11-22 to 2027-11-23');
    expect(await visits()).toBe(0);
  });

  it('173月20日 is not a date (never year 17)', async () => {
    const out = await say(zhang, '/visit 173月20日拜访华为');
    expect(out).toContain('173月20日');
    expect(out).toContain('不是有效日期');
    expect(await visits()).toBe(0);
  });

  it('a visit three years ago is refused, two weeks ago is fine', async () => {
    expect(await say(zhang, '/visit customer:华为 date:2023-11-01 summary:旧账')).toContain('超出允许范围');
    expect(await say(zhang, '/visit customer:华为 date:2026-11-08 summary:复盘')).toContain('拜访已记录');
  });

  it('leave in 2300 is refused', async () => {
    const out = await say(zhang, '/leave add 2300-01-01 2300-01-05');
    expect(out).toContain('超出允许范围');
    const user = await store.models.User.findOne({ consoleId: 'zhang' }).lean();
    expect(JSON.stringify(user)).not.toContain('2300-01');
  });
});

describe('numbers', () => {
  it('-5万, a 308-digit amount and 1e28 are refused with the accepted range; nothing is created', async () => {
    for (const revenue of ['-5万', `${'9'.repeat(308)}元`, '1e28']) {
      const out = await say(zhang, `/customer add 测试${revenue.length}公司 revenue:${revenue}`);
      expect(out, revenue).toContain('超出允许范围');
      expect(out, revenue).toContain('0 至 1,000,000,000,000');
    }
    expect(await store.models.Customer.countDocuments({ name: /^测试/ })).toBe(0);
  });

  it('a negative amount in a visit note is refused, not stored as positive', async () => {
    const out = await say(zhang, '/visit 今天拜访华为，谈续约，金额-5万元');
    expect(out).toContain('-5万');
    expect(out).toContain('超出允许范围');
    expect(await visits()).toBe(0);
  });

  it('a customer name over 200 characters is refused by name, not cut', async () => {
    const out = await say(zhang, `/customer add ${'长'.repeat(201)}`);
    expect(out).toContain('名称长度为 201 个字符，上限为 200');
    expect(await store.models.Customer.countDocuments({ name: /^长长/ })).toBe(0);
  });
});

describe('odd option values are unknown values', () => {
  it('channel:__proto__, constructor, toString', async () => {
    for (const v of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const out = await say(zhang, `/visit customer:华为 channel:${v} summary:x`);
      expect(out, v).toContain('方式只能是');
    }
    expect(await visits()).toBe(0);
  });

  it('status:constructor and friends', async () => {
    for (const v of ['constructor', '__proto__', 'toString', 'valueOf']) {
      const out = await say(zhang, `/customer add 奇怪公司 status:${v}`);
      expect(out, v).not.toContain('已新增');
    }
    expect(await store.models.Customer.countDocuments({ name: '奇怪公司' })).toBe(0);
  });

  it('an over-long industry names the field', async () => {
    const out = await say(li, `/customer add Odd Co industry:${'x'.repeat(150)}`);
    expect(out).toContain('industry is 150 characters long; the limit is 100');
  });

  it('a 5,000-character form summary is refused under its field; a 4,001-character one too', async () => {
    const form = { customer: '华为', date: '2026-11-20', channel: 'onsite', contacts: '', summary: '很'.repeat(5000), next: '', amount: '' };
    expect(await submit(zhang, 'visit.create', form)).toContain('5000');
    expect(await submit(zhang, 'visit.create', { ...form, summary: '很'.repeat(4001) })).toContain('4000');
    expect(await visits()).toBe(0);
    const replies = await core.bot.handle({ ...textMessage(zhang, ''), kind: 'action', text: undefined, action: { id: 'visit.create', value: 'new', form: { ...form, summary: '很'.repeat(4001) } } });
    expect(replies[0]).toMatchObject({ kind: 'text', field: 'summary' });
  });
});

describe("the rep's words stay visible", () => {
  const NOTE = '今天拜访华为张总（他下月调岗，对价格敏感），谈续约，下周三回访，12月15日前发方案，过几天再联系李工';

  it('a note with brackets, two follow-up dates and 过几天再联系: every word in the summary and the note on the card', async () => {
    const out = await say(zhang, `/visit ${NOTE}`);
    expect(out).toMatch(/下次回访\s+2026-11-25/);
    expect(out).toMatch(new RegExp(`原文\\s+${NOTE}`));
    const visit = await store.models.Visit.findOne({}).lean();
    expect(visit?.rawNote).toBe(NOTE);
    for (const words of ['他下月调岗，对价格敏感', '12月15日前发方案', '过几天再联系李工', '谈续约']) expect(visit?.summary, words).toContain(words);
  });

  it('报价12.8 is a price, not a follow-up on 2027-12-08, and stays in the summary', async () => {
    const out = await say(zhang, '/visit 今天拜访华为，报价12.8');
    expect(out).toContain('报价12.8');
    const visit = await store.models.Visit.findOne({}).lean();
    expect(visit?.nextFollowUpDay ?? null).toBeNull();
    expect(visit?.summary).toContain('报价12.8');
  });

  it('/customer show lists the note as typed; kam export visits has the note column', async () => {
    await say(zhang, `/visit ${NOTE}`);
    expect(await say(zhang, '/customer show 华为')).toContain(`原文: ${NOTE}`);
    const chunks: Buffer[] = [];
    const out = new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) });
    await exportRecords({ models: store.models, kind: 'visits', format: 'csv', out, timeZone: 'Asia/Shanghai', now: new Date(SUNDAY) });
    const rows = parse(Buffer.concat(chunks).toString('utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r['note'])).toContain(NOTE);
  });
});
