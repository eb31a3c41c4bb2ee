/**
 * Workday arithmetic whose cost does not grow with the number of days: Monday–Friday days are counted by
 * whole weeks plus the rest, and a calendar's exceptions (a public holiday on a weekday, a make-up Saturday)
 * are looked up for the years the range covers — once per calendar and year, then kept.
 */

/** Days since 1970-01-01 for a `YYYY-MM-DD` day. */
export function epochDay(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

export function dayOfEpoch(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** 1970-01-05 was a Monday. */
const MONDAY = 4;

/** Monday–Friday days in [MONDAY, x] (negative before it); a step function of x. */
function weekdaysUpTo(x: number): number {
  const m = x - MONDAY;
  const weeks = Math.floor(m / 7);
  const rest = m - weeks * 7;
  return weeks * 5 + Math.min(rest + 1, 5);
}

/** The k-th Monday–Friday day counted from MONDAY (k = 1 is MONDAY itself); inverse of weekdaysUpTo. */
function kthWeekday(k: number): number {
  const weeks = Math.floor((k - 1) / 5);
  return MONDAY + weeks * 7 + (k - 1 - weeks * 5);
}

export function isWeekend(n: number): boolean {
  return ((n - MONDAY) % 7 + 7) % 7 >= 5;
}

/** Monday–Friday days in (from, to]. */
export function plainWorkdaysBetween(from: number, to: number): number {
  return to <= from ? 0 : weekdaysUpTo(to) - weekdaysUpTo(from);
}

/** The n-th Monday–Friday day after `from` (n ≥ 1). */
export function addPlainWorkdays(from: number, n: number): number {
  return kthWeekday(weekdaysUpTo(from) + n);
}

/** A calendar as far as arithmetic needs it: is this day a workday. */
export interface WorkdayRule {
  readonly kind: string;
  isWorkday(day: string): boolean;
}

/** Per calendar and year: the days that differ from Monday–Friday (+1 a weekend workday, -1 a weekday off). */
const exceptionCache = new WeakMap<WorkdayRule, Map<number, Array<[number, 1 | -1]>>>();

function exceptionsOfYear(rule: WorkdayRule, year: number): Array<[number, 1 | -1]> {
  let years = exceptionCache.get(rule);
  if (!years) exceptionCache.set(rule, (years = new Map()));
  let list = years.get(year);
  if (!list) {
    list = [];
    const first = epochDay(`${String(year).padStart(4, '0')}-01-01`);
    const last = epochDay(`${String(year).padStart(4, '0')}-12-31`);
    for (let n = first; n <= last; n++) {
      const work = rule.isWorkday(dayOfEpoch(n));
      if (work === isWeekend(n)) list.push([n, work ? 1 : -1]);
    }
    years.set(year, list);
  }
  return list;
}

const yearOf = (n: number) => new Date(n * 86_400_000).getUTCFullYear();

/** Workdays of the calendar in (from, to]: the plain count corrected by the exceptions in that range. */
export function workdaysBetween(from: number, to: number, rule: WorkdayRule): number {
  let count = plainWorkdaysBetween(from, to);
  if (rule.kind === 'plain' || to <= from) return count;
  for (let y = yearOf(from + 1); y <= yearOf(to); y++) {
    for (const [n, delta] of exceptionsOfYear(rule, y)) if (n > from && n <= to) count += delta;
  }
  return count;
}

/**
 * The n-th workday after `from`: the first day d with workdaysBetween(from, d) = n, found by bisection
 * between `from` and a bound that surely holds n workdays (so a few dozen counts, whatever n is).
 */
export function addCalendarWorkdays(from: number, n: number, rule: WorkdayRule): number {
  if (n <= 0) return from;
  if (rule.kind === 'plain') return addPlainWorkdays(from, n);
  let hi = addPlainWorkdays(from, n);
  for (let extra = 30; workdaysBetween(from, hi, rule) < n; extra *= 2) hi = addPlainWorkdays(from, n + extra);
  let lo = from;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (workdaysBetween(from, mid, rule) >= n) hi = mid;
    else lo = mid;
  }
  return hi;
}
