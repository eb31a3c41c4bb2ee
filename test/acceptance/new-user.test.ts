/**
 * Tried as a new user would: import users, customers and receivables written by hand with Chinese headers,
 * pipe ten notes into `kam chat --now …`, then export the visits and look at callbacks and receivables —
 * all through the real `kam` command against the real MongoDB-compatible server.
 */
import { describe, expect, it } from 'vitest';
import { runKam } from '../support/cli.ts';
import { mongoUri, uniqueName } from '../support/store.ts';

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url).pathname;
const NOW = '2026-11-25T10:00:00+08:00'; // a Wednesday

const NOTES = [
  '今天拜访华为张总，谈续约，下周三回访',
  '昨天电话宁德时代李经理，报价120万，3天后发方案',
  '上周五视频会议阿里巴巴王总监，讨论云服务续费，月底前跟进',
  'Visited Xiaomi yesterday, met Ms. Li, discussed the 50k pilot, follow up in 2 weeks',
  '给中兴陈工发微信确认样品，下个月1号回访',
  '前天拜访京东方赵处长，谈招标',
  'Called CATL today about the invoice, next follow-up: 2026-12-15',
  '11月20日上门拜访华为刘董，谈年度框架协议，两周后跟进',
  '电话回访小米孙总监，客户满意',
  '/visit customer:京东方 date:2026-11-24 next:2026-12-10 channel:video summary:"方案评审"',
];

interface ExportedVisit {
  id: string;
  customer: string;
  owner: string;
  channel: string;
  visitedAt: string;
  contacts: string[];
  summary: string;
  nextFollowUpAt: string | null;
  amount: number | null;
}

describe('a new team, from CSV files to visits, callbacks and receivables', () => {
  it('works end to end through the kam command', async () => {
    const env = { MONGODB_URI: mongoUri(), MONGODB_DB: uniqueName('t_newuser') };
    for (const kind of ['users', 'customers', 'receivables']) {
      const imported = await runKam(['import', kind, fixture(`${kind}.csv`)], { env });
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toMatch(/rejected 0/);
    }

    const chat = await runKam(['chat', '--user', 'zhang', '--now', NOW], { input: `${NOTES.join('\n')}\n`, env });
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stdout.match(/拜访已记录|Visit saved/g)).toHaveLength(10);

    const exported = await runKam(['export', 'visits', '--format', 'json'], { env });
    const visits = JSON.parse(exported.stdout) as ExportedVisit[];
    expect(visits).toHaveLength(10);
    const byNote = (customer: RegExp, day: string) => visits.find((v) => customer.test(v.customer) && v.visitedAt.startsWith(day));
    expect(byNote(/华为/, '2026-11-25')).toMatchObject({ owner: 'zhang@example.com', channel: 'onsite', contacts: ['张总'], nextFollowUpAt: '2026-12-02', amount: null });
    expect(byNote(/华为/, '2026-11-25')?.visitedAt).toMatch(/^2026-11-25T10:00:00\.000\+08:00$/);
    expect(byNote(/宁德时代/, '2026-11-24')).toMatchObject({ channel: 'phone', contacts: ['李经理'], amount: 1_200_000, nextFollowUpAt: '2026-11-28' });
    expect(byNote(/宁德时代/, '2026-11-24')?.visitedAt).toBe('2026-11-24T00:00:00.000+08:00');
    expect(byNote(/阿里巴巴/, '2026-11-20')).toMatchObject({ channel: 'video', contacts: ['王总监'], nextFollowUpAt: '2026-11-30' });
    expect(byNote(/小米/, '2026-11-24')).toMatchObject({ channel: 'onsite', contacts: ['Ms. Li'], amount: 50_000, nextFollowUpAt: '2026-12-09' });
    expect(byNote(/中兴/, '2026-11-25')).toMatchObject({ channel: 'message', contacts: ['陈工'], nextFollowUpAt: '2026-12-01' });
    expect(byNote(/京东方/, '2026-11-23')).toMatchObject({ channel: 'onsite', contacts: ['赵处长'], nextFollowUpAt: null });
    expect(byNote(/宁德时代/, '2026-11-25')).toMatchObject({ channel: 'phone', nextFollowUpAt: '2026-12-15' });
    // Relative follow-ups count from when the note is written (decided in src/nlp), not from the visit day.
    expect(byNote(/华为/, '2026-11-20')).toMatchObject({ contacts: ['刘董'], nextFollowUpAt: '2026-12-09' });
    expect(byNote(/小米/, '2026-11-25')).toMatchObject({ channel: 'phone', contacts: ['孙总监'], nextFollowUpAt: null });
    expect(byNote(/京东方/, '2026-11-24')).toMatchObject({ channel: 'video', summary: '方案评审', nextFollowUpAt: '2026-12-10' });

    const followUps = await runKam(['chat', '--user', 'zhang', '--now', NOW], { input: '/callback list\n', env });
    const rows = followUps.stdout.split('\n').filter((l) => /^\d+\s/.test(l));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatch(/^1\s+宁德时代.*2026-11-28/);
    expect(rows.at(-1)).toMatch(/宁德时代.*2026-12-15/);

    const ar = await runKam(['chat', '--user', 'zhang', '--now', NOW], { input: '/ar\n', env });
    expect(ar.stdout).toMatch(/INV-2026-0901.*41.*31-60|INV-2026-0901[\s\S]*31[–-]60/);
    expect(ar.stdout).toMatch(/INV-2026-1102/);
    expect(ar.stdout).not.toMatch(/INV-2026-1004/); // 李四's customer
    expect(ar.stdout).not.toMatch(/INV-2026-1003/); // fully paid
  }, 120_000);
});
