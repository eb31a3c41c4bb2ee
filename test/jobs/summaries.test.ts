/** manager-summary and monthly-rollup on the real database: exceptions first, per-rep figures, chart, ABC. */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.ts';
import type { JobEnv } from '../../jobs/context.ts';
import { chartHeight } from '../../jobs/chart/render.ts';
import { CHART_WIDTH } from '../../jobs/definitions/manager-summary.ts';
import { pngSize } from './support/png.ts';
import { replyText } from './support/ports.ts';
import { runJob, world, useJobWorld } from './support/world.ts';

let env: JobEnv;
let w: ReturnType<typeof world>;
useJobWorld(import.meta.filename, (x) => ({ env, w } = x));

describe('manager-summary', () => {
  it('posts last week to the team channel on the first workday after Monday, exceptions first, with a chart', async () => {
    const team = await w.team('Summary-East');
    const manager = await w.person(team, { name: 'Mgr', role: 'manager' });
    await w.lead(team, { managerId: manager.id, summaryChannel: { platform: 'console', channelId: 'team-room' } });
    const zhang = await w.person(team, { name: '张三' });
    const anna = await w.person(team, { name: 'Anna', zone: 'Europe/Berlin' });
    const huawei = await w.customer(zhang.id, team, { name: '华为', tier: 'A1', lastVisitDay: '2026-09-30' });
    const zte = await w.customer(zhang.id, team, { name: '中兴', tier: 'A2', lastVisitDay: '2026-08-01' });
    await w.customer(anna.id, team, { name: 'Bosch', tier: 'B1', lastVisitDay: '2026-09-29', createdAt: new Date('2026-09-29T02:00:00Z') });
    for (const day of ['2026-09-28', '2026-09-30']) await w.visit(zhang.id, team, huawei, day);
    await w.visit(zhang.id, team, zte, '2026-10-04');
    await w.visit(zhang.id, team, zte, '2026-10-05'); // next week
    await w.callback(zhang.id, team, huawei, { dueDay: '2026-09-29', status: 'done', doneDay: '2026-09-29' });
    await w.callback(zhang.id, team, zte, { dueDay: '2026-09-30' }); // open: overdue, and half the plan
    await w.receivable(zhang.id, team, huawei, { amount: 10_000, dueDay: '2026-09-01', payments: [{ amount: 4_000, day: '2026-09-29' }] });
    await w.report(anna.id, team, '2026-W40');

    expect((await runJob(env, 'manager-summary', team, '2026-10-05T09:30:00+08:00')).report.planned).toBe(0); // holiday
    const { port } = await runJob(env, 'manager-summary', team, '2026-10-08T09:30:00+08:00');
    const replies = port.to('team-room');
    expect(replies.map((r) => r.kind)).toEqual(['text', 'card', 'table', 'image']);
    const [title, exceptions, table, image] = replies as [Reply, Reply, Reply, Extract<Reply, { kind: 'image' }>];
    expect(replyText(title)).toBe('Summary-East · 2026-W40 周报汇总（2026-09-28 – 2026-10-04）');
    const ex = replyText(exceptions);
    expect(ex).toContain('未交周报（1）: 张三');
    expect(ex).toContain('逾期应收：1 笔，¥6,000');
    expect(ex).toContain('华为：¥6,000，最久逾期 37 天');
    expect(ex).toContain('超过拜访周期的客户（1）: 张三 1'); // 中兴: A-tier, last visit 2026-08-01
    expect(ex).toContain('逾期回访（1）: 张三 1');
    expect(replyText(table)).toContain('张三|3|2|0|1|¥4,000|50% (1/2)');
    expect(replyText(table)).toContain('Anna|0|0|1|0|¥0|— (0/0)');
    expect(pngSize(image.png)).toEqual({ width: CHART_WIDTH, height: chartHeight(2) });

    // The stored delivery carries the same PNG, and a second run sends nothing.
    const stored = await env.ledger.get(`manager-summary:team.${team}:2026-W40`);
    expect(stored?.status).toBe('sent');
    const storedImage = stored?.replies.find((r) => r.kind === 'image') as Extract<Reply, { kind: 'image' }>;
    expect(pngSize(storedImage.png)).toEqual({ width: CHART_WIDTH, height: chartHeight(2) });
    expect((await runJob(env, 'manager-summary', team, '2026-10-08T09:40:00+08:00')).port.sent).toEqual([]);
  });
});

describe('monthly-rollup', () => {
  it('sends the manager and the director last month’s ABC analysis, collection rate and visit plan', async () => {
    const team = await w.team('Rollup-East');
    const director = await w.person(undefined, { name: 'Dir', role: 'director', language: 'en' });
    const manager = await w.person(team, { name: 'Mgr2', role: 'manager', reportsTo: director.id });
    await w.lead(team, { managerId: manager.id });
    const rep = await w.person(team, { name: '李四' });
    const other = await w.person(team, { name: '周八' });
    const a = await w.customer(rep.id, team, { name: '大客户' });
    const b = await w.customer(rep.id, team, { name: '中客户' });
    const c = await w.customer(other.id, team, { name: '小客户' });
    await w.receivable(rep.id, team, a, { amount: 80_000, dueDay: '2026-03-10', status: 'paid', paid: 80_000 });
    await w.receivable(rep.id, team, b, { amount: 10_000, dueDay: '2026-09-10', paid: 6_000 });
    await w.receivable(rep.id, team, b, { amount: 5_000, dueDay: '2026-08-10', status: 'paid', paid: 5_000 });
    await w.receivable(other.id, team, c, { amount: 5_000, dueDay: '2026-09-20', status: 'paid', paid: 5_000 });
    await w.receivable(other.id, team, c, { amount: 1_000_000, dueDay: '2025-09-30', status: 'paid', paid: 1_000_000 }); // 13 months ago
    await w.callback(rep.id, team, a, { dueDay: '2026-09-03', status: 'done', doneDay: '2026-09-03' });
    await w.callback(rep.id, team, b, { dueDay: '2026-09-15' });
    await w.callback(rep.id, team, b, { dueDay: '2026-09-16', status: 'cancelled' });

    expect((await runJob(env, 'monthly-rollup', team, '2026-10-01T09:00:00+08:00')).report.planned).toBe(0); // National Day
    const { port } = await runJob(env, 'monthly-rollup', team, '2026-10-08T09:00:00+08:00');
    const zh = port.to(manager.channel).map(replyText).join('\n');
    expect(zh).toContain('Rollup-East · 2026-09 月度汇总');
    expect(zh).toContain('A|1|¥80,000|80%');
    expect(zh).toContain('B|1|¥15,000|15%');
    expect(zh).toContain('C|1|¥5,000|5%');
    expect(zh).toContain('团队回款率 73.3%');
    expect(zh).toContain('李四|¥10,000|¥6,000|60%|50% (1/2)');
    expect(zh).toContain('周八|¥5,000|¥5,000|100%|— (0/0)');
    expect(port.to(director.channel).map(replyText).join('\n')).toContain('Rollup-East · monthly roll-up 2026-09');
    expect((await runJob(env, 'monthly-rollup', team, '2026-10-08T09:10:00+08:00')).port.sent).toEqual([]);
  });
});
