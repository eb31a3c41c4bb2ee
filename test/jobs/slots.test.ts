/** When a slot is due, in a person's zone, on the team's calendar (pure rules; the holidays are chinese-days'). */
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { chineseCalendar, plainCalendar } from '../../src/domain/calendar.ts';
import { parseCron } from '../../jobs/schedule/cron.ts';
import { latestOccurrence, makeSlot, nextOccurrence, occurrenceAt } from '../../jobs/schedule/slots.ts';

const friday = makeSlot('weekly-report-reminder/first', 'first', '0 16 * * 5', 'before');
const monday = makeSlot('weekly-report-reminder/second', 'second', '0 9 * * 1', 'after');
const workdays = makeSlot('callback-nudges', 'main', '0 9 * * 1-5', 'workdays');
const monthly = makeSlot('monthly-rollup', 'main', '0 9 1 * *', 'after');
const SH = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';
const at = (iso: string) => new Date(iso);

describe('the calendar facts the tests rely on (chinese-days)', () => {
  it('2026-10-01…07 are the National Day holidays, Saturday 2026-10-10 is a make-up workday', () => {
    expect(chineseDays.isWorkday('2026-10-02')).toBe(false);
    expect(chineseDays.isWorkday('2026-10-05')).toBe(false);
    expect(chineseDays.isWorkday('2026-09-30')).toBe(true);
    expect(chineseDays.isWorkday('2026-10-08')).toBe(true);
    expect(chineseDays.isWorkday('2026-10-10')).toBe(true);
    expect(new Date('2026-10-10T00:00:00Z').getUTCDay()).toBe(6);
  });
});

describe('cron patterns', () => {
  it('reads times, named days and the daily tick of a pattern', () => {
    const spec = parseCron('30 9 * * 1-5');
    expect(spec.times).toEqual([570]);
    expect(spec.daysOfWeek).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(spec.dailyPattern).toBe('30 9 * * *');
    expect(() => parseCron('0 9 * *')).toThrow();
  });
});

describe('slot occurrences', () => {
  it('a Friday reminder on a holiday Friday moves to the last workday before it', () => {
    expect(occurrenceAt(friday, at('2026-10-02T16:00:00+08:00'), SH, chineseCalendar, 60)).toBeNull();
    const moved = occurrenceAt(friday, at('2026-09-30T16:00:00+08:00'), SH, chineseCalendar, 60);
    expect(moved).toMatchObject({ nominalDay: '2026-10-02', day: '2026-09-30' });
    // On a plain calendar the same Friday is an ordinary workday.
    expect(occurrenceAt(friday, at('2026-10-02T16:00:00+08:00'), SH, plainCalendar, 60)).toMatchObject({ day: '2026-10-02' });
  });

  it('a Monday reminder on a holiday moves to the next workday', () => {
    expect(occurrenceAt(monday, at('2026-10-05T09:00:00+08:00'), SH, chineseCalendar, 60)).toBeNull();
    expect(occurrenceAt(monday, at('2026-10-08T09:00:00+08:00'), SH, chineseCalendar, 60)).toMatchObject({ nominalDay: '2026-10-05', day: '2026-10-08' });
  });

  it('a make-up Saturday is a workday on the Chinese calendar only', () => {
    expect(occurrenceAt(workdays, at('2026-10-10T09:00:00+08:00'), SH, chineseCalendar, 60)).toMatchObject({ day: '2026-10-10' });
    expect(occurrenceAt(workdays, at('2026-10-10T09:00:00+08:00'), SH, plainCalendar, 60)).toBeNull();
    expect(occurrenceAt(workdays, at('2026-10-11T09:00:00+08:00'), SH, chineseCalendar, 60)).toBeNull();
  });

  it('is evaluated in the person’s own zone, within the grace period', () => {
    const berlinFour = at('2026-10-09T16:00:00+02:00');
    expect(occurrenceAt(friday, berlinFour, BERLIN, chineseCalendar, 60)).toMatchObject({ day: '2026-10-09', zone: BERLIN });
    expect(occurrenceAt(friday, berlinFour, SH, chineseCalendar, 60)).toBeNull();
    expect(occurrenceAt(friday, at('2026-10-09T16:59:00+08:00'), SH, chineseCalendar, 60)).not.toBeNull();
    expect(occurrenceAt(friday, at('2026-10-09T17:00:00+08:00'), SH, chineseCalendar, 60)).toBeNull();
    expect(occurrenceAt(friday, at('2026-10-09T15:59:00+08:00'), SH, chineseCalendar, 60)).toBeNull();
  });

  it('finds the next and the latest occurrence (for jobs list and forced runs)', () => {
    expect(nextOccurrence(friday, at('2026-09-28T00:00:00+08:00'), SH, chineseCalendar)?.at).toEqual(at('2026-09-30T16:00:00+08:00'));
    expect(nextOccurrence(monthly, at('2026-09-15T00:00:00+08:00'), SH, chineseCalendar)).toMatchObject({ nominalDay: '2026-10-01', day: '2026-10-08' });
    expect(latestOccurrence(friday, at('2026-10-06T12:00:00+08:00'), SH, chineseCalendar)).toMatchObject({ nominalDay: '2026-10-02', day: '2026-09-30' });
  });
});
