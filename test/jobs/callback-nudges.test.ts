/** callback-nudges on the real database: local 09:00 on workdays, leave, make-up Saturdays, cadence once per lapse. */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.ts';
import type { JobEnv } from '../../jobs/context.ts';
import { replyText } from './support/ports.ts';
import { runJob, world, useJobWorld, type JobTestStore } from './support/world.ts';

let store: JobTestStore;
let env: JobEnv;
let w: ReturnType<typeof world>;
useJobWorld(import.meta.filename, (x) => ({ store, env, w } = x));

const cards = (replies: Reply[]) => replies.filter((r): r is Extract<Reply, { kind: 'card' }> => r.kind === 'card');

describe('callback-nudges', () => {
  it('sends each rep one digest at their own 09:00, skips leave, and never twice', async () => {
    const team = await w.team('Nudges-East');
    const zhang = await w.person(team, { name: '张三', language: 'zh-CN' });
    const anna = await w.person(team, { name: 'Anna', zone: 'Europe/Berlin', language: 'en' });
    const li = await w.person(team, { name: '李四', leave: [{ from: '2026-10-09', to: '2026-10-12' }] });
    const huawei = await w.customer(zhang.id, team, { name: '华为', tier: 'B1', lastVisitDay: '2026-10-01' });
    const late = await w.callback(zhang.id, team, huawei, { dueDay: '2026-10-08', note: '报价' });
    const today = await w.callback(zhang.id, team, huawei, { dueDay: '2026-10-09' });
    await w.callback(zhang.id, team, huawei, { dueDay: '2026-10-20' });
    const bosch = await w.customer(anna.id, team, { name: 'Bosch', tier: 'B2', lastVisitDay: '2026-10-01' });
    await w.callback(anna.id, team, bosch, { dueDay: '2026-10-09' });
    const byd = await w.customer(li.id, team, { name: '比亚迪', tier: 'B1', lastVisitDay: '2026-10-01' });
    await w.callback(li.id, team, byd, { dueDay: '2026-10-09' });

    const { port, report } = await runJob(env, 'callback-nudges', team, '2026-10-09T09:00:00+08:00');
    expect(report.stats).toMatchObject({ sent: 1, failed: 0 });
    const mine = port.to(zhang.channel);
    expect(replyText(mine[0] as Reply)).toContain('2026-10-09 回访：2 项到期（其中 1 项已逾期）');
    expect(cards(mine).map((c) => c.buttons.map((b) => `${b.actionId}:${b.value}`))).toEqual([
      [`callback.done:${late}`, `callback.snooze:${late}`, `callback.reschedule:${late}`],
      [`callback.done:${today}`, `callback.snooze:${today}`, `callback.reschedule:${today}`],
    ]);
    expect(port.to(anna.channel)).toEqual([]); // 03:00 in Berlin
    expect(port.to(li.channel)).toEqual([]); // on leave

    const again = await runJob(env, 'callback-nudges', team, '2026-10-09T09:10:00+08:00');
    expect(again.port.sent).toEqual([]);
    expect(again.report).toMatchObject({ claimed: 0 });

    const berlin = await runJob(env, 'callback-nudges', team, '2026-10-09T09:00:00+02:00');
    expect(new Set(berlin.port.sent.map((s) => s.to.channelId))).toEqual(new Set([anna.channel]));
    expect(replyText(berlin.port.to(anna.channel)[0] as Reply)).toContain('Callbacks for 2026-10-09: 1 due (0 overdue)');

    // Forced, the rep on leave gets it; those already served still do not.
    const forced = await runJob(env, 'callback-nudges', team, '2026-10-09T11:00:00+08:00', { force: true });
    expect(new Set(forced.port.sent.map((s) => s.to.channelId))).toEqual(new Set([li.channel]));
  });

  it('runs on a make-up Saturday on the Chinese calendar, not on a plain one, and not on Sunday', async () => {
    const cn = await w.team('Nudges-CN');
    const plain = await w.team('Nudges-Plain', { calendar: 'plain' });
    for (const team of [cn, plain]) {
      const rep = await w.person(team, { name: `rep-${team}` });
      const c = await w.customer(rep.id, team, { name: `客户-${team}`, tier: 'B1', lastVisitDay: '2026-10-01' });
      await w.callback(rep.id, team, c, { dueDay: '2026-10-09' });
    }
    expect((await runJob(env, 'callback-nudges', cn, '2026-10-10T09:00:00+08:00')).report.stats.sent).toBe(1);
    expect((await runJob(env, 'callback-nudges', plain, '2026-10-10T09:00:00+08:00')).report.planned).toBe(0);
    expect((await runJob(env, 'callback-nudges', cn, '2026-10-11T09:00:00+08:00')).report.planned).toBe(0);
    expect((await runJob(env, 'callback-nudges', cn, '2026-10-12T09:00:00+08:00')).report.stats.sent).toBe(1);
  });

  it('creates a cadence callback once per lapse (A 14 days, B 30, never-visited accounts from their creation)', async () => {
    const team = await w.team('Cadence');
    const rep = await w.person(team, { name: '王五' });
    const a = await w.customer(rep.id, team, { name: '宁德时代', tier: 'A1', lastVisitDay: '2026-09-24' }); // 15 days
    await w.customer(rep.id, team, { name: '小米', tier: 'B1', lastVisitDay: '2026-09-24' }); // within 30
    await w.customer(rep.id, team, { name: '美的', tier: 'C', createdAt: new Date('2026-06-01T02:00:00Z') }); // never visited, 130 days
    await w.customer(rep.id, team, { name: '格力', tier: 'A2', status: 'dormant', lastVisitDay: '2026-01-01' }); // not active
    const withOpen = await w.customer(rep.id, team, { name: '海尔', tier: 'A1', lastVisitDay: '2026-09-01' });
    await w.callback(rep.id, team, withOpen, { dueDay: '2026-10-30' }); // already followed up

    const { port } = await runJob(env, 'callback-nudges', team, '2026-10-09T09:00:00+08:00');
    const created = await store.models.Callback.find({ teamId: team, origin: 'cadence' }).lean();
    expect(created.map((c) => `${c.customerName}:${c.cadenceKey}:${c.dueDay}`).sort()).toEqual(['宁德时代:2026-09-24:2026-10-09', '美的:2026-06-01:2026-10-09']);
    const titles = cards(port.to(rep.channel)).map((c) => c.title);
    expect(titles.map((t) => t.replace(/^#\d+ /, '')).sort()).toEqual(['回访：宁德时代', '回访：美的']); // 海尔's own callback is not due yet


    // Done without a visit: the lapse is the same, so no new callback the next workday.
    await store.models.Callback.updateMany({ teamId: team, origin: 'cadence' }, { $set: { status: 'done' } });
    await runJob(env, 'callback-nudges', team, '2026-10-12T09:00:00+08:00');
    expect(await store.models.Callback.countDocuments({ teamId: team, origin: 'cadence' })).toBe(2);

    // A visit starts a new cadence; 14 days later it lapses again, once.
    await store.models.Customer.updateOne({ _id: a }, { $set: { lastVisitDay: '2026-10-12' } });
    await runJob(env, 'callback-nudges', team, '2026-10-26T09:00:00+08:00');
    await runJob(env, 'callback-nudges', team, '2026-10-26T09:30:00+08:00', { force: true });
    expect(await store.models.Callback.countDocuments({ teamId: team, origin: 'cadence', customerId: a })).toBe(2);
  });
});
