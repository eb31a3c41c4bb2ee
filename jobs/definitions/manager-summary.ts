/**
 * manager-summary — Monday 09:30 (team zone; a holiday Monday moves to the next workday) to the team's summary
 * channel (else the manager's, else the supervisor's direct chat): last week, exceptions first — missing weekly
 * reports, overdue receivables by amount and age, accounts past their cadence, overdue callbacks — then each rep's
 * visits, customers touched, new customers, callbacks done, payments received and visit-plan completion, and a
 * chart of the week.
 */
import type { Language } from '../../src/core/identity.ts';
import type { ConversationRef, Reply } from '../../src/core/messages.ts';
import { addDays, daysBetween, isoWeekKey, weekStart } from '../../src/domain/calendar.ts';
import { formatMoney } from '../../src/domain/context.ts';
import { AGING_BUCKETS, agingBucket, daysOverdue } from '../../src/domain/receivables/rules.ts';
import { chartHeight, renderBarChart } from '../chart/render.ts';
import type { JobDefinition, PlanContext } from '../context.ts';
import { teamWeek, overdueSummary, type RepWeek } from '../data/activity.ts';
import { cadenceLapses, overdueCallbackCounts } from '../data/callbacks.ts';
import { submittedReports } from '../data/reports.ts';
import { MAIN_SLOT } from '../schedule/defaults.ts';
import { plainText } from '../delivery/plain-text.ts';
import type { PlannedDelivery } from '../types.ts';
import { customerNames } from '../data/customers.ts';

export const CHART_WIDTH = 800;

const pct = (done: number, of: number) => (of === 0 ? '—' : `${Math.round((done / of) * 100)}%`);

async function destination(ctx: PlanContext): Promise<{ ref: ConversationRef; language: Language; userId?: string } | null> {
  const lead = (await ctx.people([ctx.team.managerId, ctx.team.supervisorId])) ;
  const manager = lead.get(ctx.team.managerId ?? '');
  const supervisor = lead.get(ctx.team.supervisorId ?? '');
  const language = manager?.language ?? supervisor?.language ?? ctx.env.people.language;
  if (ctx.team.summaryChannel && ctx.env.people.platforms.includes(ctx.team.summaryChannel.platform)) return { ref: ctx.team.summaryChannel, language };
  const person = [manager, supervisor].find((p) => p?.ref);
  return person?.ref ? { ref: person.ref, language: person.language, userId: person.id } : null;
}

export const managerSummary: JobDefinition = {
  name: 'manager-summary',
  slots: [{ id: MAIN_SLOT, days: 'after' }],
  async plan(ctx) {
    const occurrence = ctx.due(MAIN_SLOT, ctx.team.timeZone);
    if (!occurrence) return [];
    const to = await destination(ctx);
    if (!to) {
      ctx.env.logger.warn({ team: ctx.team.name }, 'manager summary has nowhere to go: no summary channel, manager or supervisor reachable');
      return [];
    }
    const today = occurrence.day;
    const week = isoWeekKey(addDays(occurrence.nominalDay, -1));
    const t = ctx.t(to.language);
    const money = (n: number) => formatMoney(n, 'CNY', to.language);
    const reps = ctx.members.filter((m) => m.role === 'rep');
    const repIds = reps.map((r) => r.id);

    const [figures, submitted, overdue, lapses, lateCallbacks] = await Promise.all([
      teamWeek(ctx.env.models, ctx.team.id, repIds, week, ctx.team.timeZone),
      submittedReports(ctx.env.models, repIds, [week]),
      overdueSummary(ctx.env.models, ctx.team.id, today, (dueDay) => agingBucket(daysOverdue(dueDay, today)) ?? '1-30'),
      cadenceLapses(ctx.env.models, reps.map((r) => ({ id: r.id, today, zone: r.zone })), ctx.env.rules.cadenceDays),
      overdueCallbackCounts(ctx.env.models, ctx.team.id, today),
    ]);
    const names = await customerNames(ctx.env.models, overdue.top.map((o) => o.customerId));
    const nameOf = new Map(reps.map((r) => [r.id, r.name]));

    const missing = reps.filter((r) => !submitted.has(`${r.id}:${week}`));
    const lapsesBy = new Map<string, number>();
    for (const l of lapses) lapsesBy.set(l.ownerId, (lapsesBy.get(l.ownerId) ?? 0) + 1);
    const perRep = (m: Map<string, number>) => [...m].filter(([id]) => nameOf.has(id)).map(([id, n]) => `${nameOf.get(id)} ${n}`).join(', ');
    const lateTotal = [...lateCallbacks.values()].reduce((s, n) => s + n, 0);

    const exceptions: Reply = {
      kind: 'card',
      title: t('jobs.summary.exceptions'),
      fields: [
        { label: t('jobs.summary.missingReports', { count: missing.length }), value: missing.map((m) => m.name).join(', ') || t('jobs.summary.none') },
        {
          label: t('jobs.summary.overdue', { count: overdue.count, total: money(overdue.outstanding) }),
          value:
            overdue.count === 0
              ? t('jobs.summary.none')
              : [
                  AGING_BUCKETS.filter((b) => overdue.byBucket[b]).map((b) => `${t(`jobs.overdue.buckets.${b}`)} ${money(overdue.byBucket[b] ?? 0)}`).join(' · '),
                  ...overdue.top.map((o) => t('jobs.summary.topDebtor', { customer: names.get(o.customerId) ?? o.customerId, amount: money(o.outstanding), days: daysBetween(o.oldestDueDay, today) })),
                ].join('\n'),
        },
        { label: t('jobs.summary.pastCadence', { count: lapses.length }), value: perRep(lapsesBy) || t('jobs.summary.none') },
        { label: t('jobs.summary.lateCallbacks', { count: lateTotal }), value: perRep(lateCallbacks) || t('jobs.summary.none') },
      ],
      buttons: [],
    };
    const rows = reps.map((r) => [r, figures.get(r.id) as RepWeek] as const);
    const table: Reply = {
      kind: 'table',
      title: t('jobs.summary.perRep'),
      columns: ['rep', 'visits', 'customers', 'new', 'callbacks', 'payments', 'plan'].map((c) => t(`jobs.summary.columns.${c}`)),
      rows: rows.map(([r, f]) => [r.name, String(f.visits), String(f.customersTouched), String(f.newCustomers), String(f.callbacksDone), money(f.paymentsReceived), `${pct(f.plannedDone, f.planned)} (${f.plannedDone}/${f.planned})`]),
    };
    const replies: Reply[] = [
      { kind: 'text', text: t('jobs.summary.title', { team: ctx.team.name, week, from: weekStart(week), to: addDays(weekStart(week), 6) }) },
      exceptions,
      table,
    ];
    if (reps.length > 0) {
      try {
        const png = await renderBarChart({
          title: t('jobs.summary.chartTitle', { team: ctx.team.name, week }),
          categories: rows.map(([r]) => r.name),
          series: [
            { name: t('jobs.summary.columns.visits'), values: rows.map(([, f]) => f.visits) },
            { name: t('jobs.summary.columns.customers'), values: rows.map(([, f]) => f.customersTouched) },
            { name: t('jobs.summary.columns.callbacks'), values: rows.map(([, f]) => f.callbacksDone) },
          ],
          width: CHART_WIDTH,
          height: chartHeight(rows.length),
          fontFile: ctx.env.chartFont,
        });
        replies.push({ kind: 'image', title: t('jobs.summary.chartTitle', { team: ctx.team.name, week }), alt: t('jobs.summary.chartAlt'), png });
      } catch (err) {
        // A missing font or renderer must not cost the managers their summary.
        ctx.env.logger.error({ err, team: ctx.team.name }, 'summary chart failed; sending the summary without it');
      }
    }
    const delivery: PlannedDelivery = {
      job: 'manager-summary',
      recipient: to.userId ?? `team.${ctx.team.id}`,
      recipientUserId: to.userId,
      teamId: ctx.team.id,
      period: week,
      ref: to.ref,
      replies,
      text: plainText(replies),
      language: to.language,
    };
    return [delivery];
  },
};
