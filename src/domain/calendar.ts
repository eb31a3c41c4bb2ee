/**
 * Dates as the people in the bot live them: calendar days in a user's IANA zone, ISO weeks that start on
 * Monday, months, and workdays (Chinese public holidays and make-up workdays from chinese-days, or plain
 * Monday–Friday for teams outside China). Pure functions; the clock is always passed in.
 */
import chineseDays from 'chinese-days';
import { DateTime } from 'luxon';
import { addCalendarWorkdays, dayOfEpoch, epochDay } from './workdays.ts';

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: string): boolean {
  return DAY.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

function parseDay(day: Day): DateTime {
  const d = DateTime.fromISO(day, { zone: 'UTC' });
  if (!DAY.test(day) || !d.isValid) throw new RangeError(`not a calendar day: ${day}`);
  return d;
}

/** The calendar day an instant falls on in a zone. */
export function localDay(instant: Date, timeZone: string): Day {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() as Day;
}

export function addDays(day: Day, n: number): Day {
  return parseDay(day).plus({ days: n }).toISODate() as Day;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round(parseDay(to).diff(parseDay(from), 'days').days);
}

/** ISO week key such as `2026-W47` (weeks start on Monday; the week-year may differ from the calendar year). */
export function isoWeekKey(day: Day): string {
  const d = parseDay(day);
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

export function monthKey(day: Day): string {
  return day.slice(0, 7);
}

/** Monday and Sunday of the ISO week containing `day`. */
export function weekBounds(day: Day): { start: Day; end: Day } {
  const d = parseDay(day);
  const start = d.minus({ days: d.weekday - 1 });
  return { start: start.toISODate() as Day, end: start.plus({ days: 6 }).toISODate() as Day };
}

/** Monday of an ISO week key. */
export function weekStart(weekKey: string): Day {
  const m = /^(\d{4})-W(\d{2})$/.exec(weekKey);
  if (!m) throw new RangeError(`not an ISO week: ${weekKey}`);
  return DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 }, { zone: 'UTC' }).toISODate() as Day;
}

/** The instant a local day starts in a zone. */
export function startOfDay(day: Day, timeZone: string): Date {
  return DateTime.fromISO(day, { zone: timeZone }).startOf('day').toJSDate();
}

/** ISO 8601 with the zone's offset, e.g. `2026-11-25T10:00:00.000+08:00`. */
export function isoInZone(instant: Date, timeZone: string): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).toISO() as string;
}

export interface WorkdayCalendar {
  readonly kind: 'cn' | 'plain';
  isWorkday(day: Day): boolean;
}

/** Chinese public holidays and 调休 make-up workdays (a make-up Saturday is a workday). */
export const chineseCalendar: WorkdayCalendar = {
  kind: 'cn',
  isWorkday: (day) => chineseDays.isWorkday(day),
};

/** Monday to Friday, no holidays. */
export const plainCalendar: WorkdayCalendar = {
  kind: 'plain',
  isWorkday: (day) => parseDay(day).weekday <= 5,
};

export function calendarFor(kind: 'cn' | 'plain' | undefined): WorkdayCalendar {
  return kind === 'plain' ? plainCalendar : chineseCalendar;
}

/**
 * The first workday strictly after `day`, plus `n - 1` more workdays. Constant cost in n: whole weeks plus
 * the rest, corrected by the calendar's holidays and make-up days in the range (see workdays.ts).
 */
export function addWorkdays(day: Day, n: number, calendar: WorkdayCalendar): Day {
  parseDay(day);
  if (!Number.isInteger(n) || n <= 0) return day;
  return dayOfEpoch(addCalendarWorkdays(epochDay(day), n, calendar));
}

/** `day` itself when it is a workday, else the next (direction 1) or previous (-1) workday. */
export function nearestWorkday(day: Day, direction: 1 | -1, calendar: WorkdayCalendar): Day {
  let d = day;
  for (let i = 0; i < 60 && !calendar.isWorkday(d); i++) d = addDays(d, direction);
  return d;
}
