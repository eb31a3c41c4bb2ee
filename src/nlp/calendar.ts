/**
 * Calendar arithmetic on local dates. "Today" is computed once in the user's zone; after that all
 * arithmetic runs on a UTC-midnight DateTime that stands for that local calendar date, so daylight
 * saving jumps can never shift a result by a day.
 */
import { DateTime } from 'luxon';
import type { Problem } from './types.ts';

export type Direction = 'past' | 'future';

export type Resolution =
  | { ok: true; day: DateTime }
  | { ok: false; code: 'date.impossible' | 'date.unparseable' };

export const impossible: Resolution = { ok: false, code: 'date.impossible' };
export const unparseable: Resolution = { ok: false, code: 'date.unparseable' };

export function ok(day: DateTime | null): Resolution {
  return day && day.isValid && day.year >= 1 && day.year <= 9999 ? { ok: true, day } : unparseable;
}

export function localToday(now: Date, timeZone: string): { today: DateTime; problems: Problem[] } {
  const problems: Problem[] = [];
  let instant: Date;
  if (now instanceof Date && !Number.isNaN(now.getTime())) instant = now;
  else {
    problems.push({ code: 'clock.invalid', text: String(now) });
    instant = new Date(0);
  }
  let local = DateTime.fromJSDate(instant, { zone: typeof timeZone === 'string' ? timeZone : 'invalid/zone' });
  if (!local.isValid) {
    problems.push({ code: 'timezone.invalid', text: String(timeZone) });
    local = DateTime.fromJSDate(instant, { zone: 'utc' });
  }
  return { today: DateTime.utc(local.year, local.month, local.day), problems };
}

export function iso(day: DateTime): string {
  return day.toISODate() ?? '';
}

/** A real calendar date or null (Feb 30, month 13 …). */
export function makeDay(year: number, month: number, day: number): DateTime | null {
  if (![year, month, day].every(Number.isInteger)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = DateTime.utc(year, month, day);
  return d.isValid && d.month === month && d.day === day ? d : null;
}

const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Month-day that exists in at least one year (Feb 29 does, Feb 30 never). */
export function monthDayExists(month: number, day: number): boolean {
  return Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= (MAX_DAYS[month - 1] ?? 0);
}

export function explicitDate(year: number, month: number, day: number): Resolution {
  const d = makeDay(year, month, day);
  return d ? { ok: true, day: d } : impossible;
}

/**
 * Month-day without a year: the nearest occurrence in the direction (today counts for both,
 * so a follow-up "11月22日" written on Nov 22 means today, not next year).
 * Feb 29 walks to the nearest leap year.
 */
export function resolveMonthDay(today: DateTime, month: number, day: number, dir: Direction): Resolution {
  if (!monthDayExists(month, day)) return impossible;
  return resolveByYear(today, dir, (y) => makeDay(y, month, day));
}

/** Generic "which year" search for a date built from a year, nearest in the direction. */
export function resolveByYear(today: DateTime, dir: Direction, build: (year: number) => DateTime | null): Resolution {
  for (let k = 0; k <= 8; k++) {
    const d = build(dir === 'past' ? today.year - k : today.year + k);
    if (!d) continue;
    if (dir === 'past' ? d <= today : d >= today) return { ok: true, day: d };
  }
  return impossible;
}

/** "20号": this month if that still fits the direction, else the neighbouring month that has the day. */
export function resolveDayOfMonth(today: DateTime, day: number, dir: Direction): Resolution {
  if (!Number.isInteger(day) || day < 1 || day > 31) return impossible;
  const start = today.startOf('month');
  for (let k = 0; k <= 12; k++) {
    const m = start.plus({ months: dir === 'past' ? -k : k });
    const d = makeDay(m.year, m.month, day);
    if (!d) continue;
    if (dir === 'past' ? d <= today : d >= today) return { ok: true, day: d };
  }
  return impossible;
}

/** Weekday (1 = Monday … 7 = Sunday) of the Monday-based week `weekOffset` weeks from today's. */
export function weekdayInWeek(today: DateTime, weekOffset: number, weekday: number): DateTime {
  return today.startOf('week').plus({ weeks: weekOffset, days: weekday - 1 });
}

/** Most recent such weekday (today counts) or next one (today does not). */
export function nearestWeekday(today: DateTime, weekday: number, dir: Direction): DateTime {
  if (dir === 'past') return today.minus({ days: (today.weekday - weekday + 7) % 7 });
  return today.plus({ days: (weekday - today.weekday + 7) % 7 || 7 });
}

/** Strictly before today ("last Friday" said on a Friday is a week ago). */
export function previousWeekday(today: DateTime, weekday: number): DateTime {
  return today.minus({ days: (today.weekday - weekday + 7) % 7 || 7 });
}

export function monthStart(today: DateTime, monthOffset: number): DateTime {
  return today.startOf('month').plus({ months: monthOffset });
}

export function monthEnd(today: DateTime, monthOffset: number): DateTime {
  return monthStart(today, monthOffset).endOf('month').startOf('day');
}

/**
 * Day `day` ('end' = last day) of this month, moved one month in the direction if it lies on the
 * wrong side of today. Used for unprefixed 月底/月初/月中 and "end of month".
 */
export function resolveInMonth(today: DateTime, day: number | 'end', dir: Direction | null): Resolution {
  const at = (offset: number) => (day === 'end' ? monthEnd(today, offset) : monthStart(today, offset).set({ day }));
  const here = at(0);
  if (dir === 'future' && here < today) return ok(at(1));
  if (dir === 'past' && here > today) return ok(at(-1));
  return ok(here);
}

/**
 * The n-th Monday–Friday day after `today`, in constant time: whole weeks of five workdays, then the rest.
 * (Notes carry no team calendar; holidays are the domain's business, see domain/workdays.ts.)
 */
export function addBusinessDays(today: DateTime, n: number): DateTime {
  const left = Math.max(0, Math.round(n));
  if (left === 0) return today;
  // Count from the Monday of today's week: weekdays already passed this week, plus n.
  const passed = Math.min(today.weekday, 5);
  const k = passed + left;
  const weeks = Math.floor((k - 1) / 5);
  const rest = (k - 1) % 5;
  return today.startOf('week').plus({ days: weeks * 7 + rest });
}

/**
 * Relative offsets, computed as written ("99999天后" is 2300-09-06): whether such a date is plausible is
 * the caller's rule (domain/bounds.ts refuses it with the accepted range). Only offsets past year 9999 are
 * unparseable.
 */
export function addAmount(today: DateTime, unit: 'day' | 'week' | 'month' | 'year' | 'businessDay', n: number, sign: 1 | -1): Resolution {
  if (!Number.isFinite(n) || n < 0 || n > 3_000_000) return unparseable;
  if (unit === 'businessDay') return sign > 0 ? ok(addBusinessDays(today, n)) : unparseable;
  if (!Number.isInteger(n)) {
    // 半个月 / 半年: halves are the only fractions people write.
    if (unit === 'month') return ok(today.plus({ days: sign * Math.round(n * 30) }));
    if (unit === 'year') return ok(today.plus({ months: sign * Math.round(n * 12) }));
    if (unit === 'week') return ok(today.plus({ days: sign * Math.round(n * 7) }));
    return unparseable;
  }
  const key = ({ day: 'days', week: 'weeks', month: 'months', year: 'years' } as const)[unit];
  return ok(today.plus({ [key]: sign * n }));
}
