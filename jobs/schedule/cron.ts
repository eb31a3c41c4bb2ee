/**
 * The parts of a 5-field cron pattern the scheduler needs: the times of day it names, and whether it names a
 * calendar day. Days are then moved by the workday calendar (slots.ts), which cron cannot express, so the
 * drivers tick daily at the pattern's times and the slot rules decide which days count.
 */
import cron from 'node-cron';
import type { Day } from '../../src/domain/calendar.ts';

export interface CronSpec {
  pattern: string;
  /** Minutes after midnight, ascending. */
  times: number[];
  daysOfMonth: Set<number> | null;
  months: Set<number>;
  /** 0 = Sunday … 6 = Saturday; null when the field is `*`. */
  daysOfWeek: Set<number> | null;
  /** The pattern with its day fields opened up: the driver's daily tick. */
  dailyPattern: string;
}

export function parseCron(pattern: string): CronSpec {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5 || !cron.validate(pattern)) throw new RangeError(`not a 5-field cron pattern: "${pattern}"`);
  const parsed = cron.parse(pattern);
  const [minute, hour, dom, , dow] = fields as [string, string, string, string, string];
  const open = (f: string) => f === '*' || f === '?';
  const times = parsed.hour.flatMap((h) => parsed.minute.map((m) => h * 60 + m)).sort((a, b) => a - b);
  return {
    pattern,
    times,
    daysOfMonth: open(dom) ? null : new Set(parsed.dayOfMonth.map(Number)),
    months: new Set(parsed.month),
    daysOfWeek: open(dow) ? null : new Set(parsed.dayOfWeek.map((d) => Number(d) % 7)),
    dailyPattern: `${minute} ${hour} * * *`,
  };
}

export function isValidCron(pattern: string): boolean {
  try {
    parseCron(pattern);
    return true;
  } catch {
    return false;
  }
}

function weekday(day: Day): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Standard cron day matching: with both day fields restricted, either one matching is enough. */
export function cronNamesDay(spec: CronSpec, day: Day): boolean {
  if (!spec.months.has(Number(day.slice(5, 7)))) return false;
  const dom = spec.daysOfMonth?.has(Number(day.slice(8, 10)));
  const dow = spec.daysOfWeek?.has(weekday(day));
  if (dom === undefined && dow === undefined) return true;
  if (dom === undefined) return dow === true;
  if (dow === undefined) return dom;
  return dom || dow === true;
}

export const isWeekend = (day: Day) => weekday(day) === 0 || weekday(day) === 6;
