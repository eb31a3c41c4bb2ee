/** Pure rules of the weekly report (周报): which weeks are open, what counts as empty, what state it is in. */
import { addDays, isoInZone, isoWeekKey, weekStart, type Day } from '../calendar.ts';
import type { WeeklyReportRecord } from '../records.ts';

/** The three free-text sections, in the order the form asks them. */
export const SECTIONS = ['highlights', 'problems', 'plan'] as const;
export type Section = (typeof SECTIONS)[number];
export type SectionTexts = Record<Section, string>;

/** What a supervisor sees per person: `reopened` is a submitted report edited since, not yet re-submitted. */
export type ReportState = 'missing' | 'draft' | 'reopened' | 'submitted';

/** `2026-W47`, `2026-w47`, `2026W7` → `2026-W47` / `2026-W07`; null when it is no real ISO week. */
export function parseWeekKey(text: string): string | null {
  const m = /^(\d{4})-?W(\d{1,2})$/i.exec(text.trim());
  if (!m) return null;
  const key = `${m[1]}-W${String(Number(m[2])).padStart(2, '0')}`;
  try {
    // Week 53 exists only in some years: a key that does not round-trip is not a week.
    return isoWeekKey(weekStart(key)) === key ? key : null;
  } catch {
    return null;
  }
}

export function thisWeek(today: Day): string {
  return isoWeekKey(today);
}

export function lastWeek(today: Day): string {
  return isoWeekKey(addDays(today, -7));
}

/**
 * A rep may write this week's report and last week's (reminded on Monday, or a form sent just before
 * midnight on Sunday); older and future weeks are closed.
 */
export function isOpenWeek(week: string, today: Day): boolean {
  return week === thisWeek(today) || week === lastWeek(today);
}

export function weekDays(week: string): { from: Day; to: Day } {
  const from = weekStart(week);
  return { from, to: addDays(from, 6) };
}

export function isEmptyReport(texts: Partial<SectionTexts> | null | undefined): boolean {
  return SECTIONS.every((s) => (texts?.[s] ?? '').trim() === '');
}

export function reportState(report: WeeklyReportRecord | null | undefined): ReportState {
  if (!report) return 'missing';
  if (report.status === 'submitted') return 'submitted';
  return report.submittedAt ? 'reopened' : 'draft';
}

export function textsOf(report: Partial<SectionTexts> | null | undefined): SectionTexts {
  return { highlights: report?.highlights ?? '', problems: report?.problems ?? '', plan: report?.plan ?? '' };
}

export function sameTexts(a: SectionTexts, b: SectionTexts): boolean {
  return SECTIONS.every((s) => a[s] === b[s]);
}

/** `2026-11-25 10:00` in the reader's zone. */
export function formatInstant(at: Date, timeZone: string): string {
  return isoInZone(at, timeZone).slice(0, 16).replace('T', ' ');
}
