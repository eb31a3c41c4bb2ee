/**
 * overdue-alerts — every workday 09:30 (local): each rep's overdue receivables by aging bucket with totals; an
 * escalation ladder (supervisor from day 15, manager from day 30, director from day 60), each step sent once per
 * receivable (its own ledger key); a promise-to-pay date pauses both until it has passed; a customer whose
 * outstanding amount exceeds its credit limit raises a separate alert to the rep and the supervisor (weekly).
 */
import type { Language } from '../../src/core/identity.ts';
import type { Reply } from '../../src/core/messages.ts';
import { addDays, isoWeekKey, localDay } from '../../src/domain/calendar.ts';
import { formatMoney } from '../../src/domain/context.ts';
import { AGING_BUCKETS, agingBucket, daysOverdue, roundMoney } from '../../src/domain/receivables/rules.ts';
import type { JobDefinition, PlanContext } from '../context.ts';
import { customersWithLimits, outstandingByCustomer, overdueOfOwners, overdueOfTeam, type OpenReceivable } from '../data/receivables.ts';
import type { Person } from '../people.ts';
import { MAIN_SLOT } from '../schedule/defaults.ts';
import { deliveryKey, type PlannedDelivery } from '../types.ts';

const MAX_ROWS = 30;
type Step = 'supervisor' | 'manager' | 'director';
const STEPS: Step[] = ['supervisor', 'manager', 'director'];

/** A promise-to-pay date pauses alerts until it has passed. */
const paused = (r: OpenReceivable, today: string) => r.promiseDay !== undefined && r.promiseDay >= today;

const money = (n: number, currency: string, lang: Language) => formatMoney(roundMoney(n), currency, lang);

function repDigest(ctx: PlanContext, person: Person, today: string, items: OpenReceivable[]): Reply[] {
  const t = ctx.t(person.language);
  const currency = items[0]?.currency ?? 'CNY';
  const rows = items.map((r) => ({ r, days: daysOverdue(r.dueDay, today) })).sort((a, b) => b.days - a.days || b.r.outstanding - a.r.outstanding);
  const total = rows.reduce((s, x) => s + x.r.outstanding, 0);
  const buckets = AGING_BUCKETS.map((b) => {
    const inBucket = rows.filter((x) => agingBucket(x.days) === b);
    return [t(`jobs.overdue.buckets.${b}`), String(inBucket.length), money(inBucket.reduce((s, x) => s + x.r.outstanding, 0), currency, person.language)];
  });
  return [
    { kind: 'text', text: t('jobs.overdue.header', { count: rows.length, total: money(total, currency, person.language), day: today }) },
    {
      kind: 'table',
      title: t('jobs.overdue.byBucket'),
      columns: [t('jobs.overdue.columns.bucket'), t('jobs.overdue.columns.count'), t('jobs.overdue.columns.outstanding')],
      rows: [...buckets, [t('jobs.overdue.total'), String(rows.length), money(total, currency, person.language)]],
    },
    {
      kind: 'table',
      title: t('jobs.overdue.items'),
      columns: [t('jobs.overdue.columns.customer'), t('jobs.overdue.columns.invoice'), t('jobs.overdue.columns.due'), t('jobs.overdue.columns.days'), t('jobs.overdue.columns.outstanding')],
      rows: rows.slice(0, MAX_ROWS).map(({ r, days }) => [r.customerName, r.invoiceNo, r.dueDay, String(days), money(r.outstanding, r.currency, person.language)]),
    },
    ...(rows.length > MAX_ROWS ? [{ kind: 'text' as const, text: t('jobs.overdue.more', { count: rows.length - MAX_ROWS }) }] : []),
  ];
}

function escalationCard(ctx: PlanContext, to: Person, r: OpenReceivable, days: number, step: Step, owner: string): Reply {
  const t = ctx.t(to.language);
  return {
    kind: 'card',
    title: t(`jobs.overdue.escalation.${step}`, { customer: r.customerName, days }),
    fields: [
      { label: t('jobs.overdue.columns.customer'), value: r.customerName },
      { label: t('jobs.overdue.columns.invoice'), value: r.invoiceNo },
      { label: t('jobs.overdue.columns.due'), value: r.dueDay },
      { label: t('jobs.overdue.columns.days'), value: String(days) },
      { label: t('jobs.overdue.columns.outstanding'), value: money(r.outstanding, r.currency, to.language) },
      { label: t('jobs.overdue.columns.owner'), value: owner },
    ],
    buttons: [],
  };
}

/** Who gets each step: the team's supervisor (else the owner's), the manager, the manager's director. */
async function ladder(ctx: PlanContext, ownerId: string): Promise<Partial<Record<Step, Person>>> {
  const owner = (await ctx.people([ownerId])).get(ownerId);
  const first = await ctx.people([ctx.team.supervisorId ?? owner?.reportsTo, ctx.team.managerId]);
  const supervisor = first.get(ctx.team.supervisorId ?? owner?.reportsTo ?? '');
  const manager = first.get(ctx.team.managerId ?? '');
  const up = manager?.reportsTo ?? supervisor?.reportsTo;
  const director = up ? (await ctx.people([up])).get(up) : undefined;
  return { supervisor, manager, director: director?.role === 'director' ? director : undefined };
}

async function escalations(ctx: PlanContext, names: Map<string, string>): Promise<PlannedDelivery[]> {
  const { rules } = ctx.env;
  // Only receivables old enough for the first step matter. A local day is at most one day past the UTC day, so
  // this bound keeps every candidate; each recipient's own "today" decides the rest.
  const first = Math.min(rules.escalation.supervisor, rules.escalation.manager, rules.escalation.director);
  const before = addDays(localDay(ctx.now, 'UTC'), 2 - first);
  const candidates = (await overdueOfTeam(ctx.env.models, ctx.team.id, before)).sort((a, b) => a.dueDay.localeCompare(b.dueDay));
  const out: PlannedDelivery[] = [];
  const perRecipient = new Map<string, PlannedDelivery[]>();
  for (const r of candidates) {
    const people = await ladder(ctx, r.ownerId);
    for (const step of STEPS) {
      const to = people[step];
      if (!to || to.id === r.ownerId) continue;
      const occurrence = ctx.due(MAIN_SLOT, to.zone, to);
      if (!occurrence || paused(r, occurrence.day)) continue;
      const days = daysOverdue(r.dueDay, occurrence.day);
      if (days < rules.escalation[step]) continue;
      const d = ctx.toPerson(to, { period: r.id, step, replies: [escalationCard(ctx, to, r, days, step, names.get(r.ownerId) ?? '')] });
      if (d) perRecipient.set(to.id, [...(perRecipient.get(to.id) ?? []), d]);
    }
  }
  // Cap each person's messages per run, oldest debts first, counting only steps not yet in the ledger.
  for (const list of perRecipient.values()) {
    const taken = await ctx.env.ledger.existing(list.map(deliveryKey));
    out.push(...list.filter((d) => !taken.has(deliveryKey(d))).slice(0, rules.maxEscalationsPerRun));
  }
  return out;
}

async function creditAlerts(ctx: PlanContext): Promise<PlannedDelivery[]> {
  const totals = await outstandingByCustomer(ctx.env.models, ctx.team.id);
  const customers = await customersWithLimits(ctx.env.models, [...totals.keys()]);
  const out: PlannedDelivery[] = [];
  for (const c of customers) {
    const owed = totals.get(c.id) ?? 0;
    if (owed <= c.creditLimit) continue;
    const people = await ctx.people([c.ownerId, ctx.team.supervisorId]);
    const owner = people.get(c.ownerId);
    const supervisor = (await ctx.people([ctx.team.supervisorId ?? owner?.reportsTo])).get(ctx.team.supervisorId ?? owner?.reportsTo ?? '');
    for (const to of [owner, supervisor]) {
      if (!to || (to === supervisor && supervisor?.id === owner?.id)) continue;
      const occurrence = ctx.due(MAIN_SLOT, to.zone, to);
      if (!occurrence) continue;
      const t = ctx.t(to.language);
      const reply: Reply = {
        kind: 'card',
        title: t('jobs.overdue.credit.title', { customer: c.name }),
        body: t('jobs.overdue.credit.body', { owed: money(owed, 'CNY', to.language), limit: money(c.creditLimit, 'CNY', to.language), over: money(owed - c.creditLimit, 'CNY', to.language) }),
        fields: [{ label: t('jobs.overdue.columns.owner'), value: owner?.name ?? '' }],
        buttons: [],
      };
      const d = ctx.toPerson(to, { period: isoWeekKey(occurrence.day), step: `credit-${c.id}`, replies: [reply] });
      if (d) out.push(d);
    }
  }
  return out;
}

export const overdueAlerts: JobDefinition = {
  name: 'overdue-alerts',
  slots: [{ id: MAIN_SLOT, days: 'workdays' }],
  async plan(ctx) {
    const due = ctx.members.flatMap((m) => {
      const occurrence = ctx.due(MAIN_SLOT, m.zone, m);
      return occurrence ? [{ person: m, today: occurrence.day }] : [];
    });
    const out: PlannedDelivery[] = [];
    if (due.length > 0) {
      const latest = due.map((d) => d.today).sort().at(-1) as string;
      const items = await overdueOfOwners(ctx.env.models, due.map((d) => d.person.id), latest);
      for (const { person, today } of due) {
        const mine = items.filter((r) => r.ownerId === person.id && r.dueDay < today && !paused(r, today));
        if (mine.length === 0) continue;
        const d = ctx.toPerson(person, { period: today, replies: repDigest(ctx, person, today, mine) });
        if (d) out.push(d);
      }
    }
    const names = new Map(ctx.members.map((m) => [m.id, m.name]));
    out.push(...(await escalations(ctx, names)), ...(await creditAlerts(ctx)));
    return out;
  },
};
