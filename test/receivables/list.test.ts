import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';
import { cardOf, chat, NOW, seedStandard, tableOf } from './support.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let talk: ReturnType<typeof chat>;
const zhang = { id: 'zhang' };
const zhangEn = { id: 'zhang', lang: 'en' };
const wang = { id: 'wang' };
const zhao = { id: 'zhao' };

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  const cast = await seedTeamWithCustomers(store);
  await seedStandard(store, cast);
  talk = chat(await testCore(store, { now: NOW }));
});
afterAll(async () => {
  await store?.drop();
});

describe('/ar lists open receivables with aging', () => {
  it('puts each invoice in its bucket at the 30/31/60/61/90/91-day boundaries, most overdue first', async () => {
    const table = tableOf(await talk.replies(zhang, '/ar'));
    expect(table.columns).toEqual(['客户', '发票号', '未收金额', '到期日', '逾期天数', '账龄']);
    const rows = table.rows.map((r) => [r[1], r[2], r[4], r[5]]);
    expect(rows).toEqual([
      ['Z-91', '¥6,000', '91', '逾期90天以上'],
      ['Z-90', '¥5,000', '90', '逾期61–90天'],
      ['Z-61', '¥4,000', '61', '逾期61–90天'],
      ['Z-60', '¥3,000', '60', '逾期31–60天'],
      ['Z-31', '¥1,500', '31', '逾期31–60天'],
      ['Z-30', '¥1,000', '30', '逾期1–30天'],
      ['Z-0', '¥7,000', '—', '未到期'],
      ['Z+5', '¥8,000', '—', '未到期'],
    ]);
  });

  it('totals each bucket, the overdue and the outstanding', async () => {
    const card = cardOf(await talk.replies(zhang, '/应收'));
    expect(card).toEqual({
      '逾期1–30天': '¥1,000（1 笔）',
      '逾期31–60天': '¥4,500（2 笔）',
      '逾期61–90天': '¥9,000（2 笔）',
      '逾期90天以上': '¥6,000（1 笔）',
      未到期: '¥15,000（2 笔）',
      逾期合计: '¥20,500（6 笔）',
      未收合计: '¥35,500（8 笔）',
    });
  });

  it('speaks English', async () => {
    const replies = await talk.replies(zhangEn, '/ar list');
    expect(tableOf(replies).columns).toEqual(['Customer', 'Invoice', 'Outstanding', 'Due', 'Days overdue', 'Aging']);
    expect(tableOf(replies).rows[0]?.[5]).toBe('over 90 days');
    expect(tableOf(replies).rows.at(-1)?.[5]).toBe('not due');
    expect(cardOf(replies)).toMatchObject({ '1–30 days': '¥1,000 (1)', 'Total overdue': '¥20,500 (6)', 'Total outstanding': '¥35,500 (8)' });
  });

  it('filters by customer, by name or alias, within scope only', async () => {
    const huawei = tableOf(await talk.replies(zhang, '/回款 华为'));
    expect(huawei.title).toBe('未结应收账款：华为技术有限公司');
    expect(huawei.rows.map((r) => r[1])).toEqual(['Z-31', 'Z-30']);
    expect(tableOf(await talk.replies(zhangEn, '/ar customer:Huawei')).rows).toHaveLength(2);
    expect(await talk.say(zhang, '/ar 比亚迪')).toBe('在您的客户中找不到“比亚迪”。');
    expect(tableOf(await talk.replies(wang, '/ar 比亚迪')).rows.map((r) => r[1])).toEqual(['L-40']);
    expect(await talk.say(zhang, '/ar {"$gt": ""}')).toMatch(/^在您的客户中找不到“\{"\$gt":/);
  });

  it('says so kindly when there is nothing open', async () => {
    expect(await talk.say(zhao, '/ar')).toBe('没有未结的应收账款，无需催收。');
    expect(await talk.say({ id: 'zhao', lang: 'en' }, '/ar')).toBe('No open receivables. Nothing to chase.');
    expect(await talk.say({ id: 'li', lang: 'en' }, '/ar BYD')).toContain('L-40');
  });

  it('shows a supervisor the whole team, with the owner of each invoice', async () => {
    const table = tableOf(await talk.replies(wang, '/应收账款'));
    expect(table.columns.at(-1)).toBe('负责人');
    expect(table.rows.map((r) => [r[1], r.at(-1)])).toContainEqual(['L-40', '李四']);
    expect(table.rows).toHaveLength(9);
    expect(cardOf(await talk.replies(wang, '/ar'))).toMatchObject({ '逾期31–60天': '¥14,500（3 笔）' });
  });

  it('explains itself in both languages', async () => {
    expect(await talk.say(zhang, '/help 应收')).toContain('/应收 承诺 INV-2026-001 12月15日');
    expect(await talk.say(zhangEn, '/help ar')).toContain('/ar paid INV-2026-001 50k');
  });
});
