/**
 * monthly-rollup — the 1st of each month 09:00 (a holiday moves it to the next workday: the month must be over)
 * to the team's manager and director: last month's ABC analysis of accounts by revenue, the collection rate, and
 * visit-plan completion by rep.
 */
import type { Reply } from '../../src/core/messages.ts';
import { addDays, monthKey } from '../../src/domain/calendar.ts';
import { formatMoney } from '../../src/domain/context.ts';
import type { JobDefinition, PlanContext } from '../context.ts';
import { customerNames } from '../data/customers.ts';
import { abcClasses, monthFigures } from '../data/rollup.ts';
import type { Person } from '../people.ts';
import { MAIN_SLOT } from '../schedule/defaults.ts';
import type { PlannedDelivery } from '../types.ts';

const TOP = 10;
const pct = (part: number, of: number) => (of === 0 ? '—' : `${Math.round((part / of) * 1000) / 10}%`);

async function recipients(ctx: PlanContext): Promise<Person[]> {
  const manager = ctx.team.managerId ? (await ctx.people([ctx.team.managerId])).get(ctx.team.managerId) : undefined;
  const up = manager?.reportsTo;
  const director = up ? (await ctx.people([up])).get(up) : undefined;
  const inTeam = ctx.members.filter((m) => m.role === 'director');
  const all = [manager, director?.role === 'director' ? director : undefined, ...inTeam].filter((p): p is Person => Boolean(p));
  return [...new Map(all.map((p) => [p.id, p])).values()];
}

export const monthlyRollup: JobDefinition = {
  name: 'monthly-rollup',
  slots: [{ id: MAIN_SLOT, days: 'after' }],
  async plan(ctx) {
    const due = (await recipients(ctx)).flatMap((p) => {
      const occurrence = ctx.due(MAIN_SLOT, p.zone, p);
      return occurrence ? [{ person: p, month: monthKey(addDays(occurrence.nominalDay, -1)) }] : [];
    });
    if (due.length === 0) return [];
    const reps = ctx.members.filter((m) => m.role === 'rep');
    const out: PlannedDelivery[] = [];
    for (const month of [...new Set(due.map((d) => d.month))]) {
      const f = await monthFigures(ctx.env.models, ctx.team.id, month);
      const classes = abcClasses(f.revenue);
      const names = await customerNames(ctx.env.models, f.revenue.slice(0, TOP).map((r) => r.customerId));
      const total = f.revenue.reduce((s, r) => s + r.amount, 0);
      const dueTotal = [...f.due.values()].reduce((s, n) => s + n, 0);
      const collectedTotal = [...f.collected.values()].reduce((s, n) => s + n, 0);
      for (const { person } of due.filter((d) => d.month === month)) {
        const t = ctx.t(person.language);
        const money = (n: number) => formatMoney(n, 'CNY', person.language);
        const byClass = (['A', 'B', 'C'] as const).map((c) => {
          const rows = f.revenue.filter((r) => classes.get(r.customerId) === c);
          const sum = rows.reduce((s, r) => s + r.amount, 0);
          return [c, String(rows.length), money(sum), pct(sum, total)];
        });
        const replies: Reply[] = [
          { kind: 'text', text: t('jobs.rollup.title', { team: ctx.team.name, month }) },
          { kind: 'table', title: t('jobs.rollup.abc'), columns: ['class', 'accounts', 'revenue', 'share'].map((c) => t(`jobs.rollup.columns.${c}`)), rows: byClass },
          {
            kind: 'table',
            title: t('jobs.rollup.top', { count: Math.min(TOP, f.revenue.length) }),
            columns: ['customer', 'revenue', 'share', 'class'].map((c) => t(`jobs.rollup.columns.${c}`)),
            rows: f.revenue.slice(0, TOP).map((r) => [names.get(r.customerId) ?? r.customerId, money(r.amount), pct(r.amount, total), classes.get(r.customerId) ?? 'C']),
          },
          {
            kind: 'table',
            title: t('jobs.rollup.byRep', { rate: pct(collectedTotal, dueTotal) }),
            columns: ['rep', 'due', 'collected', 'rate', 'plan'].map((c) => t(`jobs.rollup.columns.${c}`)),
            rows: reps.map((r) => {
              const d = f.due.get(r.id) ?? 0;
              const c = f.collected.get(r.id) ?? 0;
              const planned = f.planned.get(r.id) ?? 0;
              const done = f.plannedDone.get(r.id) ?? 0;
              return [r.name, money(d), money(c), pct(c, d), `${pct(done, planned)} (${done}/${planned})`];
            }),
          },
        ];
        const d = ctx.toPerson(person, { period: month, replies });
        if (d) out.push(d);
      }
    }
    return out;
  },
};
