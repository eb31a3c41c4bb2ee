/**
 * callback-nudges — every workday 09:00 (each rep's local time): one digest per rep of the callbacks due today
 * and overdue, each with Done / Snooze / Reschedule. Before that, the tier cadence (A 14 days, B 30, C and D
 * 90 by default) adds a callback for each active account without a visit within its cadence, once per lapse.
 */
import type { Reply } from '../../src/core/messages.ts';
import { daysBetween } from '../../src/domain/calendar.ts';
import type { JobDefinition, PlanContext } from '../context.ts';
import { cadenceLapses, createCadenceCallbacks, dueCallbacks, type DueCallback } from '../data/callbacks.ts';
import { MAIN_SLOT } from '../schedule/defaults.ts';
import type { Occurrence } from '../schedule/slots.ts';
import type { Person } from '../people.ts';
import type { PlannedDelivery } from '../types.ts';

function digest(ctx: PlanContext, person: Person, day: string, callbacks: DueCallback[]): Reply[] {
  const t = ctx.t(person.language);
  const overdue = callbacks.filter((c) => c.dueDay < day).length;
  const when = (c: DueCallback) => (c.dueDay < day ? t('callback.overdue', { days: daysBetween(c.dueDay, day) }) : t('callback.dueToday'));
  const lines = callbacks.map((c, i) => `${i + 1}. ${c.customerName} — ${c.dueDay} (${when(c)})${c.note ? ` · ${c.note}` : ''}`);
  const shown = callbacks.slice(0, ctx.env.rules.maxCallbackCards);
  const cards: Reply[] = shown.map((c, i) => ({
    kind: 'card',
    title: `#${i + 1} ${t('callback.title', { customer: c.customerName })}`,
    fields: [
      { label: t('callback.columns.due'), value: `${c.dueDay} (${when(c)})` },
      ...(c.note ? [{ label: t('callback.columns.note'), value: c.note }] : []),
    ],
    buttons: [
      { actionId: 'callback.done', label: t('callback.buttons.done'), value: c.id, style: 'primary' },
      { actionId: 'callback.snooze', label: t('callback.buttons.snooze'), value: c.id },
      { actionId: 'callback.reschedule', label: t('callback.buttons.reschedule'), value: c.id },
    ],
  }));
  const more = callbacks.length > shown.length ? [t('jobs.callbacks.more', { count: callbacks.length - shown.length })] : [];
  return [{ kind: 'text', text: [t('jobs.callbacks.header', { count: callbacks.length, overdue, day }), ...lines, ...more].join('\n') }, ...cards];
}

export const callbackNudges: JobDefinition = {
  name: 'callback-nudges',
  slots: [{ id: MAIN_SLOT, days: 'workdays' }],
  async plan(ctx) {
    const due = ctx.members.flatMap((m) => {
      const occurrence = ctx.due(MAIN_SLOT, m.zone, m);
      return occurrence ? [{ person: m, occurrence }] : [];
    });
    if (due.length === 0) return [];

    // Cadence first, so today's lapses are in today's digest.
    const owners = due.map(({ person, occurrence }) => ({ id: person.id, today: occurrence.day, zone: person.zone }));
    const lapses = await cadenceLapses(ctx.env.models, owners, ctx.env.rules.cadenceDays);
    const notes = new Map(
      due.map(({ person, occurrence }: { person: Person; occurrence: Occurrence }) => [
        person.id,
        { today: occurrence.day, teamId: ctx.team.id, note: (l: { tier: string; days: number }) => ctx.t(person.language)('jobs.callbacks.cadenceNote', { tier: l.tier, days: l.days }) },
      ]),
    );
    await createCadenceCallbacks(ctx.env.models, lapses, notes);

    const latest = due.map((d) => d.occurrence.day).sort().at(-1) as string;
    const callbacks = await dueCallbacks(ctx.env.models, owners.map((o) => o.id), latest);
    const out: PlannedDelivery[] = [];
    for (const { person, occurrence } of due) {
      const mine = callbacks.filter((c) => c.ownerId === person.id && c.dueDay <= occurrence.day);
      if (mine.length === 0) continue;
      const delivery = ctx.toPerson(person, { period: occurrence.day, replies: digest(ctx, person, occurrence.day, mine) });
      if (delivery) out.push(delivery);
    }
    return out;
  },
};
