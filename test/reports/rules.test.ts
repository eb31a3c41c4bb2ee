import { describe, expect, it } from 'vitest';
import { isEmptyReport, isOpenWeek, lastWeek, parseWeekKey, reportState, thisWeek } from '../../src/domain/reports/rules.ts';
import type { WeeklyReportRecord } from '../../src/domain/records.ts';

describe('weekly report rules', () => {
  it('reads ISO week keys and refuses weeks that do not exist', () => {
    expect(parseWeekKey('2026-W47')).toBe('2026-W47');
    expect(parseWeekKey(' 2026-w7 ')).toBe('2026-W07');
    expect(parseWeekKey('2026W47')).toBe('2026-W47');
    // A year starting on a Thursday has 53 ISO weeks (2026); one starting on a Wednesday (2025) has 52.
    expect(parseWeekKey('2026-W53')).toBe('2026-W53');
    expect(parseWeekKey('2025-W53')).toBeNull();
    expect(parseWeekKey('2026-W00')).toBeNull();
    expect(parseWeekKey('W47')).toBeNull();
    expect(parseWeekKey('{"$gt": ""}')).toBeNull();
  });

  it('names this and last week across a year boundary, and only those are open', () => {
    expect(thisWeek('2027-01-03')).toBe('2026-W53');
    expect(lastWeek('2026-01-04')).toBe('2025-W52');
    expect(thisWeek('2026-01-01')).toBe('2026-W01');
    expect(isOpenWeek('2026-W47', '2026-11-23')).toBe(true);
    expect(isOpenWeek('2026-W48', '2026-11-23')).toBe(true);
    expect(isOpenWeek('2026-W46', '2026-11-23')).toBe(false);
    expect(isOpenWeek('2026-W49', '2026-11-23')).toBe(false);
  });

  it('calls a report empty when every section is blank, and tells its state', () => {
    expect(isEmptyReport({ highlights: ' \n ', problems: '', plan: '' })).toBe(true);
    expect(isEmptyReport({ plan: 'x' })).toBe(false);
    const base = { id: '1', userId: 'u', week: '2026-W47', highlights: 'x', problems: '', plan: '', stats: {} } as const;
    expect(reportState(null)).toBe('missing');
    expect(reportState({ ...base, status: 'draft' } as WeeklyReportRecord)).toBe('draft');
    expect(reportState({ ...base, status: 'draft', submittedAt: new Date() } as WeeklyReportRecord)).toBe('reopened');
    expect(reportState({ ...base, status: 'submitted', submittedAt: new Date() } as WeeklyReportRecord)).toBe('submitted');
  });
});
