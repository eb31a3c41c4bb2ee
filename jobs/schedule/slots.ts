/**
 * When a job is due for one person: a slot is a cron pattern (times and nominal days, team-configurable) plus a
 * rule for days the calendar says are not workdays. Everything is evaluated in the person's own zone.
 *
 * - `workdays`: every workday the pattern names, plus make-up workdays (调休) that fall on a weekend;
 * - `before`: a nominal day that is not a workday moves to the last workday before it (Friday's reminder);
 * - `after`: it moves to the next workday (Monday's reminder and summary, the 1st-of-month roll-up).
 */
import { DateTime } from 'luxon';
import { addDays, type Day, type WorkdayCalendar } from '../../src/domain/calendar.ts';
import { cronNamesDay, isWeekend, parseCron, type CronSpec } from './cron.ts';

export type DayRule = 'workdays' | 'before' | 'after';

export interface Slot {
  /** `job` or `job/slot`: also the key of a team's override in `team.schedules`. */
  key: string;
  id: string;
  cron: CronSpec;
  days: DayRule;
}

export interface Occurrence {
  slot: string;
  /** The day the pattern names; periods are derived from it (the report week of Friday, the month of the 1st). */
  nominalDay: Day;
  /** The day it actually happens, after moving off holidays. */
  day: Day;
  /** The instant it happens in the zone. */
  at: Date;
  zone: string;
}

const SEARCH_DAYS = 40;

/** The nominal days that `day` stands in for (usually none or one). */
export function nominalDaysFor(slot: Slot, day: Day, calendar: WorkdayCalendar): Day[] {
  if (!calendar.isWorkday(day)) return [];
  switch (slot.days) {
    case 'workdays': {
      const named = cronNamesDay(slot.cron, day);
      // A make-up Saturday is a workday the weekday field cannot name: it counts when the pattern names weekdays.
      const makeUp = isWeekend(day) && slot.cron.daysOfMonth === null && (slot.cron.daysOfWeek === null || [1, 2, 3, 4, 5].some((d) => slot.cron.daysOfWeek?.has(d)));
      return named || makeUp ? [day] : [];
    }
    case 'before': {
      // `day` stands for itself and for the non-workdays right after it.
      const out: Day[] = [];
      for (let d = day, i = 0; i < SEARCH_DAYS && (d === day || !calendar.isWorkday(d)); d = addDays(d, 1), i++) {
        if (cronNamesDay(slot.cron, d)) out.push(d);
      }
      return out;
    }
    case 'after': {
      const out: Day[] = [];
      for (let d = day, i = 0; i < SEARCH_DAYS && (d === day || !calendar.isWorkday(d)); d = addDays(d, -1), i++) {
        if (cronNamesDay(slot.cron, d)) out.push(d);
      }
      return out;
    }
  }
}

function instant(day: Day, minutes: number, zone: string): Date {
  return DateTime.fromISO(day, { zone })
    .startOf('day')
    .plus({ minutes })
    .toJSDate();
}

function local(now: Date, zone: string): { day: Day; minutes: number } {
  const dt = DateTime.fromJSDate(now, { zone });
  return { day: dt.toISODate() as Day, minutes: dt.hour * 60 + dt.minute };
}

/**
 * The occurrence happening at `now` in `zone`: its time has come and `graceMinutes` have not passed yet (a tick
 * that runs a little late still counts; a stale one does not).
 */
export function occurrenceAt(slot: Slot, now: Date, zone: string, calendar: WorkdayCalendar, graceMinutes: number): Occurrence | null {
  const { day, minutes } = local(now, zone);
  for (const [d, m] of [
    [day, minutes],
    [addDays(day, -1), minutes + 1440],
  ] as const) {
    for (const time of slot.cron.times) {
      if (m < time || m >= time + graceMinutes) continue;
      const nominal = nominalDaysFor(slot, d, calendar)[0];
      if (nominal) return { slot: slot.id, nominalDay: nominal, day: d, at: instant(d, time, zone), zone };
    }
  }
  return null;
}

/** The latest occurrence at or before `now` (what a forced run serves). */
export function latestOccurrence(slot: Slot, now: Date, zone: string, calendar: WorkdayCalendar): Occurrence | null {
  const { day, minutes } = local(now, zone);
  for (let i = 0; i < 400; i++) {
    const d = addDays(day, -i);
    const nominal = nominalDaysFor(slot, d, calendar).at(-1);
    if (!nominal) continue;
    const times = slot.cron.times.filter((t) => i > 0 || t <= minutes);
    const time = times.at(-1);
    if (time !== undefined) return { slot: slot.id, nominalDay: nominal, day: d, at: instant(d, time, zone), zone };
  }
  return null;
}

/** The first occurrence strictly after `after` (for `kam jobs list`). */
export function nextOccurrence(slot: Slot, after: Date, zone: string, calendar: WorkdayCalendar): Occurrence | null {
  const { day, minutes } = local(after, zone);
  for (let i = 0; i < 400; i++) {
    const d = addDays(day, i);
    const nominal = nominalDaysFor(slot, d, calendar)[0];
    if (!nominal) continue;
    const time = slot.cron.times.find((t) => i > 0 || t > minutes);
    if (time !== undefined) return { slot: slot.id, nominalDay: nominal, day: d, at: instant(d, time, zone), zone };
  }
  return null;
}

export function makeSlot(key: string, id: string, pattern: string, days: DayRule): Slot {
  return { key, id, cron: parseCron(pattern), days };
}
