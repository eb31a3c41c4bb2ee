/**
 * weekly-report-reminder — Friday 16:00 (local) to each rep who has not submitted this week's report, with a button
 * that opens the pre-filled report; Monday 09:00 a second reminder for last week's, and the supervisor gets who is
 * still missing. A Friday holiday moves the first to the last workday before it, a Monday holiday the second to
 * the next workday.
 */
import type { Reply } from '../../src/core/messages.ts';
import { addDays, isoWeekKey, weekStart } from '../../src/domain/calendar.ts';
import type { JobDefinition, PlanContext } from '../context.ts';
import { submittedReports } from '../data/reports.ts';
import type { Person } from '../people.ts';
import type { Occurrence } from '../schedule/slots.ts';
import type { PlannedDelivery } from '../types.ts';

const FIRST = 'first';
const SECOND = 'second';

/** The report week a reminder is about: Friday's own week; for Monday's, the week before. */
const reportWeek = (slot: string, o: Occurrence) => isoWeekKey(slot === FIRST ? o.nominalDay : addDays(o.nominalDay, -3));

function reminder(ctx: PlanContext, person: Person, slot: string, week: string): Reply[] {
  const t = ctx.t(person.language);
  const start = weekStart(week);
  const end = addDays(start, 6);
  return [
    {
      kind: 'card',
      title: t(slot === FIRST ? 'jobs.report.firstTitle' : 'jobs.report.secondTitle', { week }),
      body: t(slot === FIRST ? 'jobs.report.firstBody' : 'jobs.report.secondBody', { week, from: start, to: end, command: slot === FIRST ? '/report' : '/report last' }),
      fields: [],
      buttons: [{ actionId: 'report.edit', label: t('jobs.report.open'), value: week, style: 'primary' }],
    },
  ];
}

export const weeklyReportReminder: JobDefinition = {
  name: 'weekly-report-reminder',
  slots: [
    { id: FIRST, days: 'before' },
    { id: SECOND, days: 'after' },
  ],
  async plan(ctx) {
    const out: PlannedDelivery[] = [];
    const reps = ctx.members.filter((m) => m.role === 'rep');
    for (const slot of [FIRST, SECOND]) {
      const due = reps.flatMap((m) => {
        const occurrence = ctx.due(slot, m.zone, m);
        return occurrence ? [{ person: m, week: reportWeek(slot, occurrence) }] : [];
      });
      const supervisorId = ctx.team.supervisorId;
      const supervisor = slot === SECOND && supervisorId ? (await ctx.people([supervisorId])).get(supervisorId) : undefined;
      const supervisorDue = supervisor ? ctx.due(slot, supervisor.zone, supervisor) : null;
      if (due.length === 0 && !supervisorDue) continue;

      const weeks = [...new Set([...due.map((d) => d.week), ...(supervisorDue ? [reportWeek(slot, supervisorDue)] : [])])];
      const submitted = await submittedReports(ctx.env.models, reps.map((r) => r.id), weeks);
      for (const { person, week } of due) {
        if (submitted.has(`${person.id}:${week}`)) continue;
        const d = ctx.toPerson(person, { period: week, step: slot, replies: reminder(ctx, person, slot, week) });
        if (d) out.push(d);
      }
      if (supervisor && supervisorDue) {
        const week = reportWeek(slot, supervisorDue);
        const missing = reps.filter((r) => !submitted.has(`${r.id}:${week}`));
        const t = ctx.t(supervisor.language);
        const text = missing.length
          ? [t('jobs.report.missingTitle', { week, count: missing.length, total: reps.length }), ...missing.map((m) => `• ${m.name}`)].join('\n')
          : t('jobs.report.noneMissing', { week, total: reps.length });
        const d = ctx.toPerson(supervisor, { period: week, step: 'missing', replies: [{ kind: 'text', text }] });
        if (d) out.push(d);
      }
    }
    return out;
  },
};
