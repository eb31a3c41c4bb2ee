/** overdue-alerts on the real database: aging buckets, each escalation step once, promise-to-pay, credit limit. */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.ts';
import type { JobEnv } from '../../jobs/context.ts';
import { replyText } from './support/ports.ts';
import { runJob, world, useJobWorld, type JobTestStore } from './support/world.ts';

let store: JobTestStore;
let env: JobEnv;
let w: ReturnType<typeof world>;
useJobWorld(import.meta.filename, (x) => ({ store, env, w } = x));

const texts = (replies: Reply[]) => replies.map(replyText).join('\n');

describe('overdue-alerts', () => {
  it('sends the rep a digest by aging bucket, climbs the escalation ladder once per step, pauses on a promise', async () => {
    const team = await w.team('AR-East');
    const director = await w.person(undefined, { name: 'Dir', role: 'director', language: 'en' });
    const manager = await w.person(team, { name: 'Mgr', role: 'manager', reportsTo: director.id });
    const supervisor = await w.person(team, { name: 'Sup', role: 'supervisor' });
    await w.lead(team, { supervisorId: supervisor.id, managerId: manager.id });
    const rep = await w.person(team, { name: '张三' });
    const huawei = await w.customer(rep.id, team, { name: '华为', creditLimit: 100_000 });
    await w.receivable(rep.id, team, huawei, { amount: 10_000, dueDay: '2026-10-01' }); // 8 days
    const r15 = await w.receivable(rep.id, team, huawei, { amount: 20_000, dueDay: '2026-09-24' }); // 15 days
    const r30 = await w.receivable(rep.id, team, huawei, { amount: 30_000, dueDay: '2026-09-09', payments: [{ amount: 5_000, day: '2026-09-20' }] }); // 30
    const r60 = await w.receivable(rep.id, team, huawei, { amount: 40_000, dueDay: '2026-08-10' }); // 60
    const promised = await w.receivable(rep.id, team, huawei, { amount: 50_000, dueDay: '2026-08-01', promiseDay: '2026-10-12' });
    await w.receivable(rep.id, team, huawei, { amount: 10_000, dueDay: '2026-10-20' }); // not due
    await w.receivable(rep.id, team, huawei, { amount: 99_000, dueDay: '2026-07-01', status: 'paid', paid: 99_000 });

    const first = await runJob(env, 'overdue-alerts', team, '2026-10-09T09:30:00+08:00');
    const digest = texts(first.port.to(rep.channel));
    expect(digest).toContain('2026-10-09 逾期应收：4 笔，未收 ¥95,000');
    expect(digest).toContain('1–30 天|3|¥55,000');
    expect(digest).toContain('31–60 天|1|¥40,000');
    expect(digest).not.toContain('¥50,000'); // promised: paused until 2026-10-12 has passed

    const escalations = async () => (await store.models.Delivery.find({ kind: 'claim', job: 'overdue-alerts' }).lean()).filter((d) => ['supervisor', 'manager', 'director'].includes(d.step ?? ''));
    let escalated = await escalations();
    const ladder = (userId: string) => escalated.filter((d) => String(d.recipientUserId) === userId).map((d) => d.period).sort();
    expect(ladder(supervisor.id)).toEqual([r15, r30, r60].sort());
    expect(ladder(manager.id)).toEqual([r30, r60].sort());
    expect(ladder(director.id)).toEqual([r60]);
    expect(texts(first.port.to(director.channel))).toContain('Escalation to director: 华为 is 60 days overdue');

    // Credit: 155,000 outstanding on open invoices against a 100,000 limit, to the rep and the supervisor.
    expect(texts(first.port.to(rep.channel))).toContain('超出信用额度：华为');
    expect(texts(first.port.to(supervisor.channel))).toContain('未收金额 ¥155,000 超出信用额度 ¥100,000，超出 ¥55,000');

    // The same run again sends nothing.
    const again = await runJob(env, 'overdue-alerts', team, '2026-10-09T09:45:00+08:00');
    expect(again.port.sent).toEqual([]);

    // The promise day itself still pauses; the day after, the receivable is back, with every step it has reached.
    const onPromise = await runJob(env, 'overdue-alerts', team, '2026-10-12T09:30:00+08:00');
    expect(texts(onPromise.port.to(rep.channel))).not.toContain('¥50,000');
    expect(onPromise.port.to(manager.channel)).toEqual([]);
    const after = await runJob(env, 'overdue-alerts', team, '2026-10-13T09:30:00+08:00');
    expect(texts(after.port.to(rep.channel))).toContain('5 笔');
    for (const who of [supervisor, manager, director]) {
      expect(after.port.to(who.channel).map(replyText).join('\n')).toContain('73');
      expect(after.port.to(who.channel)).toHaveLength(1);
    }
    escalated = await escalations();
    expect(ladder(supervisor.id)).toHaveLength(4);
    expect((await store.models.Delivery.find({ kind: 'claim', period: promised }).lean()).map((d) => d.step).sort()).toEqual(['director', 'manager', 'supervisor']);
  });

  it('escalates a receivable to the supervisor exactly on day 15, and not on a holiday', async () => {
    const team = await w.team('AR-Day15');
    const supervisor = await w.person(team, { name: 'Sup15', role: 'supervisor' });
    await w.lead(team, { supervisorId: supervisor.id });
    const rep = await w.person(team, { name: 'Rep15' });
    const c = await w.customer(rep.id, team, { name: '小米' });
    await w.receivable(rep.id, team, c, { amount: 1_000, dueDay: '2026-09-14' }); // day 15 = 2026-09-29
    expect((await runJob(env, 'overdue-alerts', team, '2026-09-28T09:30:00+08:00')).port.to(supervisor.channel)).toEqual([]);
    expect((await runJob(env, 'overdue-alerts', team, '2026-09-29T09:30:00+08:00')).port.to(supervisor.channel)).toHaveLength(1);
    // National Day: nobody is alerted; the next workday's rep digest comes, the step is not repeated.
    expect((await runJob(env, 'overdue-alerts', team, '2026-10-02T09:30:00+08:00')).report.planned).toBe(0);
    const back = await runJob(env, 'overdue-alerts', team, '2026-10-08T09:30:00+08:00');
    expect(back.port.to(rep.channel).length).toBeGreaterThan(0);
    expect(back.port.to(supervisor.channel)).toEqual([]);
  });
});
