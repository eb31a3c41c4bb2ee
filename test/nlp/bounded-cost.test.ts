/**
 * What one message may cost. Wall-clock targets live in `npm run bench fuzz`; here the checks are
 * structural: the number of calendar steps does not grow with the day count or with the note's length,
 * and workday arithmetic agrees with a day-by-day oracle.
 */
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addBusinessDays } from '../../src/nlp/calendar.ts';
import { parseDateExpression, parseVisitNote } from '../../src/nlp/index.ts';
import { MAX_DATE_MENTIONS } from '../../src/nlp/dates.ts';
import { addWorkdays, chineseCalendar, plainCalendar, type WorkdayCalendar } from '../../src/domain/calendar.ts';

const ctx = { now: new Date('2026-11-22T02:00:00Z'), timeZone: 'Asia/Shanghai', customers: [] };

/** Luxon date steps taken while `work` runs (each `plus` is one step of calendar arithmetic). */
function stepsOf(work: () => void): number {
  const spy = vi.spyOn(DateTime.prototype, 'plus');
  try {
    work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('business days cost the same for 2 and for 2000', () => {
  it('addBusinessDays takes a constant number of steps', () => {
    const today = DateTime.utc(2026, 11, 22);
    const small = stepsOf(() => addBusinessDays(today, 2));
    const large = stepsOf(() => addBusinessDays(today, 2000));
    expect(large).toBe(small);
  });

  it('a note of repeated "2000个工作日内" costs no more steps at 4,000 characters than at 100', () => {
    const note = (n: number) => '2000个工作日内'.repeat(Math.ceil(n / 9)).slice(0, n);
    const short = stepsOf(() => parseVisitNote(note(100), ctx));
    const long = stepsOf(() => parseVisitNote(note(4000), ctx));
    // Mentions are capped and resolved on demand: the long note takes the short one's steps, not 40 times them.
    expect(long).toBeLessThanOrEqual(short + MAX_DATE_MENTIONS);
    expect(long).toBeLessThan(short * 3);
  });

  it('agrees with counting Monday–Friday one day at a time', () => {
    for (let start = 0; start < 14; start++) {
      const today = DateTime.utc(2026, 11, 16).plus({ days: start });
      for (let n = 0; n <= 40; n++) {
        let d = today;
        for (let left = n; left > 0;) {
          d = d.plus({ days: 1 });
          if (d.weekday <= 5) left--;
        }
        expect(addBusinessDays(today, n).toISODate(), `${today.toISODate()} + ${n}`).toBe(d.toISODate());
      }
    }
  });

  it('10个工作日内 from a Sunday is the second Friday', () => {
    expect(parseDateExpression('10个工作日内', ctx)?.date).toBe('2026-12-04');
  });
});

describe('domain workdays: holidays looked up by range', () => {
  const oracle = (day: string, n: number, cal: WorkdayCalendar) => {
    let d = DateTime.fromISO(day, { zone: 'utc' });
    for (let left = n; left > 0;) {
      d = d.plus({ days: 1 });
      if (cal.isWorkday(d.toISODate() as string)) left--;
    }
    return d.toISODate();
  };

  it('matches the day-by-day count across Chinese holidays and make-up days', () => {
    // A fixed pseudo-random walk over 2020–2026 starts and 1–400 workdays (seeded, so a failure reproduces).
    let seed = 17;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 120; i++) {
      const start = DateTime.utc(2020, 1, 1).plus({ days: next() % 2500 }).toISODate() as string;
      const n = 1 + (next() % 400);
      expect(addWorkdays(start, n, chineseCalendar), `${start} + ${n}`).toBe(oracle(start, n, chineseCalendar));
      expect(addWorkdays(start, n, plainCalendar), `${start} + ${n} plain`).toBe(oracle(start, n, plainCalendar));
    }
  });

  it('National Day week: the workday after 2026-09-30 is the 8th of October; a make-up Sunday counts', () => {
    expect(addWorkdays('2026-09-30', 1, chineseCalendar)).toBe(oracle('2026-09-30', 1, chineseCalendar));
    expect(chineseCalendar.isWorkday(addWorkdays('2026-09-30', 1, chineseCalendar))).toBe(true);
  });

  it('asks the calendar about each day of a year once, then never again', () => {
    let asked = 0;
    const counting: WorkdayCalendar = { kind: 'cn', isWorkday: (d) => (asked++, chineseCalendar.isWorkday(d)) };
    addWorkdays('2026-01-05', 2000, counting);
    const first = asked;
    addWorkdays('2026-01-05', 2000, counting);
    addWorkdays('2027-03-01', 1500, counting);
    expect(first).toBeGreaterThan(0);
    expect(asked).toBe(first);
  });
});
