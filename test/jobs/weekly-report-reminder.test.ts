/** weekly-report-reminder: Friday 16:00 local (a holiday Friday moves earlier), Monday 09:00 (moves later), zones. */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.ts';
import type { JobEnv } from '../../jobs/context.ts';
import { replyText } from './support/ports.ts';
import { runJob, world, useJobWorld } from './support/world.ts';

let env: JobEnv;
let w: ReturnType<typeof world>;
useJobWorld(import.meta.filename, (x) => ({ env, w } = x));

describe('weekly-report-reminder', () => {
  it('reminds reps without a submitted report at their own Friday 16:00, with a button to the pre-filled report', async () => {
    const team = await w.team('Reports-East');
    const sh = await w.person(team, { name: '张三' });
    const berlin = await w.person(team, { name: 'Anna', zone: 'Europe/Berlin', language: 'en' });
    const done = await w.person(team, { name: '李四' });
    const away = await w.person(team, { name: '王五', leave: [{ from: '2026-10-09', to: '2026-10-09' }] });
    await w.person(team, { name: 'Sup', role: 'supervisor' });
    await w.report(done.id, team, '2026-W41');
    await w.report(sh.id, team, '2026-W41', 'draft');

    const shanghai = await runJob(env, 'weekly-report-reminder', team, '2026-10-09T16:00:00+08:00');
    expect(shanghai.port.sent.map((s) => s.to.channelId)).toEqual([sh.channel]);
    const card = shanghai.port.to(sh.channel)[0] as Extract<Reply, { kind: 'card' }>;
    expect(card.title).toBe('周报 2026-W41：尚未提交');
    expect(card.buttons).toEqual([expect.objectContaining({ actionId: 'report.edit', value: '2026-W41' })]);
    expect(card.body).toContain('/report');
    expect(shanghai.port.to(away.channel)).toEqual([]); // on leave that day

    const inBerlin = await runJob(env, 'weekly-report-reminder', team, '2026-10-09T16:00:00+02:00');
    expect(inBerlin.port.sent.map((s) => s.to.channelId)).toEqual([berlin.channel]);
    expect(replyText(inBerlin.port.to(berlin.channel)[0] as Reply)).toContain('Weekly report 2026-W41: not submitted yet');

    expect((await runJob(env, 'weekly-report-reminder', team, '2026-10-09T16:30:00+08:00')).port.sent).toEqual([]);
  });

  it('moves Friday’s reminder off the National Day holiday, Monday’s after it, and tells the supervisor who is missing', async () => {
    const team = await w.team('Reports-Holiday');
    const rep = await w.person(team, { name: '赵六' });
    const other = await w.person(team, { name: '钱七' });
    const sup = await w.person(team, { name: '孙主管', role: 'supervisor' });
    await w.lead(team, { supervisorId: sup.id });
    await w.report(other.id, team, '2026-W40');

    expect((await runJob(env, 'weekly-report-reminder', team, '2026-10-02T16:00:00+08:00')).report.planned).toBe(0);
    const wednesday = await runJob(env, 'weekly-report-reminder', team, '2026-09-30T16:00:00+08:00');
    expect(wednesday.port.sent.map((s) => s.to.channelId)).toEqual([rep.channel]);
    expect((wednesday.port.to(rep.channel)[0] as Extract<Reply, { kind: 'card' }>).title).toContain('2026-W40');

    expect((await runJob(env, 'weekly-report-reminder', team, '2026-10-05T09:00:00+08:00')).report.planned).toBe(0);
    const thursday = await runJob(env, 'weekly-report-reminder', team, '2026-10-08T09:00:00+08:00');
    expect(replyText(thursday.port.to(rep.channel)[0] as Reply)).toContain('提醒：周报 2026-W40 仍未提交');
    expect(replyText(thursday.port.to(sup.channel)[0] as Reply)).toBe('周报 2026-W40：2 名客户经理中有 1 名未提交\n• 赵六');
  });
});
