/**
 * Date rules at fixed clocks. Expected dates come from the calendar: Nov 2026 starts on a Sunday,
 * so Sun 2026-11-22 has this week Mon 16 … Sun 22 and next week Mon 23 … Sun 29.
 */
import { describe, expect, it } from 'vitest';
import { analyzeDateExpression, parseDateExpression } from '../../src/nlp/index.ts';

const SH = 'Asia/Shanghai';
const at = (iso: string, timeZone = SH) => ({ now: new Date(iso), timeZone });

const SUNDAY = at('2026-11-22T02:00:00Z'); // Sun 2026-11-22 10:00 in Shanghai
const MONDAY = at('2026-11-23T01:30:00Z'); // Mon 2026-11-23
const MONTH_END = at('2026-01-31T07:00:00Z'); // Sat 2026-01-31
const LEAP = at('2028-02-28T03:00:00Z'); // Mon 2028-02-28, 2028 is a leap year
const LEAP_DAY = at('2028-02-29T03:00:00Z'); // Tue 2028-02-29
const YEAR_END = at('2026-12-30T06:00:00Z'); // Wed 2026-12-30

type Ctx = ReturnType<typeof at>;
function check(ctx: Ctx, cases: Array<[string, string | null]>, direction: 'past' | 'future' = 'future') {
  for (const [text, want] of cases) {
    expect(parseDateExpression(text, ctx, { direction })?.date ?? null, `${text} (${direction})`).toBe(want);
  }
}

describe('Chinese relative days and weeks (Sunday 2026-11-22, Shanghai)', () => {
  it('resolves day words', () => {
    check(SUNDAY, [
      ['今天', '2026-11-22'], ['今日', '2026-11-22'], ['昨天', '2026-11-21'], ['昨日', '2026-11-21'], ['前天', '2026-11-20'],
      ['大前天', '2026-11-19'], ['明天', '2026-11-23'], ['后天', '2026-11-24'], ['大后天', '2026-11-25'],
    ]);
  });

  it('uses Monday-based weeks for 本周/下周/上周', () => {
    check(SUNDAY, [
      ['下周三', '2026-11-25'], ['下星期三', '2026-11-25'], ['下礼拜三', '2026-11-25'], ['下个星期五', '2026-11-27'],
      ['本周三', '2026-11-18'], ['这周三', '2026-11-18'], ['这周日', '2026-11-22'], ['上周五', '2026-11-13'], ['上星期一', '2026-11-09'],
      ['下下周一', '2026-11-30'], ['下周日', '2026-11-29'], ['下周末', '2026-11-28'],
    ]);
  });

  it('points a bare weekday to the past for visits (today included) and the future for follow-ups (today excluded)', () => {
    check(SUNDAY, [['周一', '2026-11-16'], ['星期三', '2026-11-18'], ['礼拜天', '2026-11-22'], ['周日', '2026-11-22']], 'past');
    check(SUNDAY, [['周一', '2026-11-23'], ['星期三', '2026-11-25'], ['礼拜天', '2026-11-29'], ['周日', '2026-11-29']], 'future');
  });

  it('counts with Arabic and Chinese numerals', () => {
    check(SUNDAY, [
      ['3天后', '2026-11-25'], ['三天后', '2026-11-25'], ['10天之后', '2026-12-02'], ['十天后', '2026-12-02'], ['5日后', '2026-11-27'],
      ['一周后', '2026-11-29'], ['两周后', '2026-12-06'], ['2周后', '2026-12-06'], ['两个星期后', '2026-12-06'], ['3个礼拜后', '2026-12-13'],
      ['3个月后', '2027-02-22'], ['两个月后', '2027-01-22'], ['半个月后', '2026-12-07'], ['过两天', '2026-11-24'],
      ['3天前', '2026-11-19'], ['两周前', '2026-11-08'], ['5个工作日内', '2026-11-27'],
    ]);
  });

  it('knows month and year landmarks', () => {
    check(SUNDAY, [
      ['月底', '2026-11-30'], ['本月底', '2026-11-30'], ['这个月底', '2026-11-30'], ['月末', '2026-11-30'], ['月底前', '2026-11-30'],
      ['下月底', '2026-12-31'], ['下个月初', '2026-12-01'], ['下月初', '2026-12-01'], ['下个月1号', '2026-12-01'], ['下月5日', '2026-12-05'],
      ['月中', '2026-12-15'], ['下个月中', '2026-12-15'], ['本月25号', '2026-11-25'], ['年底', '2026-12-31'], ['年末', '2026-12-31'],
      ['明年初', '2027-01-01'], ['下个月', '2026-12-01'], ['下周', '2026-11-23'], ['12月中旬', '2026-12-15'], ['11月底', '2026-11-30'],
    ]);
    check(SUNDAY, [['月中', '2026-11-15'], ['月初', '2026-11-01']], 'past');
  });

  it('reads month-day dates: nearest past for visits, nearest future for follow-ups', () => {
    check(SUNDAY, [['11月20日', '2026-11-20'], ['11月20号', '2026-11-20'], ['11.20', '2026-11-20'], ['11月25日', '2025-11-25'], ['12月1日', '2025-12-01']], 'past');
    check(SUNDAY, [['11月20日', '2027-11-20'], ['11.25', '2026-11-25'], ['12月1日', '2026-12-01'], ['1月5日', '2027-01-05'], ['十二月一日', '2026-12-01']], 'future');
    check(SUNDAY, [['2026-11-20', '2026-11-20'], ['2026/11/20', '2026-11-20'], ['2026.11.20', '2026-11-20'], ['2026年11月20日', '2026-11-20'], ['二〇二六年十二月一日', '2026-12-01'], ['明年3月1日', '2027-03-01']]);
    check(SUNDAY, [['20号', '2026-11-20'], ['25号', '2026-10-25']], 'past');
    check(SUNDAY, [['25号', '2026-11-25'], ['20号', '2026-12-20']], 'future');
  });

  it('reports impossible dates instead of shifting them', () => {
    for (const t of ['2月30日', '2026-13-01', '2026-02-29', '4月31日', '下周八', '下个月31号']) {
      const r = analyzeDateExpression(t, t === '下个月31号' ? MONTH_END : SUNDAY);
      expect(r.ok, t).toBe(false);
      if (!r.ok) expect(r.problem.code, t).toBe('date.impossible');
    }
    expect(parseDateExpression('2月30日', SUNDAY)).toBeNull();
  });

  it('does not read quantities, repeats or rooms as dates', () => {
    for (const t of ['1.5亿', '增长1.5倍', '3天', '每周一例会', '5号楼', '版本2.10', '一周一次', '20%', '打了8.5折', '下午3点']) {
      expect(parseDateExpression(t, SUNDAY), t).toBeNull();
    }
    // A range is about timing but names no date.
    expect(analyzeDateExpression('两三天后', SUNDAY)).toEqual({ ok: false, problem: { code: 'date.unparseable', text: '两三天后' } });
  });
});

describe('other clocks', () => {
  it('Monday 2026-11-23', () => {
    check(MONDAY, [['下周三', '2026-12-02'], ['本周三', '2026-11-25'], ['上周五', '2026-11-20'], ['周一', '2026-11-30'], ['3天后', '2026-11-26']]);
    check(MONDAY, [['周一', '2026-11-23'], ['周五', '2026-11-20'], ['星期天', '2026-11-22']], 'past');
  });

  it('month end 2026-01-31', () => {
    check(MONTH_END, [
      ['月底', '2026-01-31'], ['下个月初', '2026-02-01'], ['下月底', '2026-02-28'], ['1个月后', '2026-02-28'], ['下个月15号', '2026-02-15'],
      ['明天', '2026-02-01'], ['下周三', '2026-02-04'], ['本周五', '2026-01-30'], ['3天后', '2026-02-03'],
    ]);
  });

  it('leap year February 2028', () => {
    check(LEAP, [['明天', '2028-02-29'], ['后天', '2028-03-01'], ['月底', '2028-02-29'], ['2月29日', '2028-02-29'], ['下周三', '2028-03-08'], ['本周三', '2028-03-01'], ['下个月初', '2028-03-01']]);
    check(LEAP_DAY, [['明天', '2028-03-01'], ['昨天', '2028-02-28'], ['一年后', '2029-02-28']]);
    expect(analyzeDateExpression('2029年2月29日', LEAP_DAY).ok).toBe(false);
    // Feb 29 without a year in a non-leap year walks to the nearest leap year in the direction.
    check(SUNDAY, [['2月29日', '2024-02-29']], 'past');
    check(SUNDAY, [['2月29日', '2028-02-29']], 'future');
  });

  it('year end 2026-12-30: next week is in 2027', () => {
    check(YEAR_END, [
      ['下周三', '2027-01-06'], ['年底', '2026-12-31'], ['明天', '2026-12-31'], ['后天', '2027-01-01'], ['下个月初', '2027-01-01'],
      ['明年初', '2027-01-01'], ['两周后', '2027-01-13'], ['1月5日', '2027-01-05'], ['next Wednesday', '2027-01-06'],
    ]);
    check(YEAR_END, [['12月28日', '2026-12-28'], ['周一', '2026-12-28']], 'past');
  });

  it('the same instant is a different local date in Berlin and Shanghai', () => {
    const instant = '2026-11-22T20:00:00Z'; // Sun 21:00 in Berlin, Mon 04:00 in Shanghai
    const berlin = at(instant, 'Europe/Berlin');
    const shanghai = at(instant, SH);
    expect(parseDateExpression('today', berlin)?.date).toBe('2026-11-22');
    expect(parseDateExpression('today', shanghai)?.date).toBe('2026-11-23');
    expect(parseDateExpression('明天', berlin)?.date).toBe('2026-11-23');
    expect(parseDateExpression('明天', shanghai)?.date).toBe('2026-11-24');
    expect(parseDateExpression('下周三', berlin)?.date).toBe('2026-11-25');
    expect(parseDateExpression('下周三', shanghai)?.date).toBe('2026-12-02');
    // Just after midnight in Berlin it is already Monday there too.
    expect(parseDateExpression('today', at('2026-11-22T23:30:00Z', 'Europe/Berlin'))?.date).toBe('2026-11-23');
    // New York is still on Saturday.
    expect(parseDateExpression('today', at('2026-11-22T03:00:00Z', 'America/New_York'))?.date).toBe('2026-11-21');
  });

  it('an invalid zone falls back to UTC instead of throwing', () => {
    const r = parseDateExpression('today', at('2026-11-22T20:00:00Z', 'Mars/Olympus'));
    expect(r?.date).toBe('2026-11-22');
  });
});

describe('English dates (Sunday 2026-11-22)', () => {
  it('relative days and weeks', () => {
    check(SUNDAY, [
      ['today', '2026-11-22'], ['yesterday', '2026-11-21'], ['tomorrow', '2026-11-23'], ['the day after tomorrow', '2026-11-24'],
      ['next Wednesday', '2026-11-25'], ['this Wednesday', '2026-11-18'], ['Wednesday next week', '2026-11-25'], ['next week Friday', '2026-11-27'],
      ['last Friday', '2026-11-20'], ['in 2 weeks', '2026-12-06'], ['in two weeks', '2026-12-06'], ['in 3 days', '2026-11-25'],
      ['in a week', '2026-11-29'], ['3 days ago', '2026-11-19'], ['2 weeks from now', '2026-12-06'], ['next week', '2026-11-23'],
      ['next month', '2026-12-01'], ['early next month', '2026-12-01'], ['end of month', '2026-11-30'], ['end of the month', '2026-11-30'],
      ['end of next month', '2026-12-31'], ['year-end', '2026-12-31'], ['mid-month', '2026-12-15'],
    ]);
  });

  it('on Monday: last Monday or today for visits, the coming one for follow-ups', () => {
    check(SUNDAY, [['on Monday', '2026-11-16'], ['on Sunday', '2026-11-22'], ['Friday', '2026-11-20']], 'past');
    check(SUNDAY, [['on Monday', '2026-11-23'], ['on Sunday', '2026-11-29'], ['by Friday', '2026-11-27']], 'future');
  });

  it('calendar dates', () => {
    check(SUNDAY, [['Nov 23', '2026-11-23'], ['23 Nov', '2026-11-23'], ['November 23rd', '2026-11-23'], ['Dec 3', '2026-12-03'], ['2026-12-15', '2026-12-15'], ['12/15/2026', '2026-12-15'], ['23rd of November 2027', '2027-11-23']]);
    check(SUNDAY, [['Nov 23', '2025-11-23'], ['Nov 20', '2026-11-20']], 'past');
    expect(analyzeDateExpression('Feb 30', SUNDAY).ok).toBe(false);
  });

  it('ignores words that only look like dates', () => {
    for (const t of ['we may go', 'Mr. Sun called', 'sat down with them', 'the 50k pilot', 'rate 3.5 percent', 'score 9/10', 'ratio 3/4 done', 'Room 3.12', 'at 3pm']) {
      expect(parseDateExpression(t, SUNDAY), t).toBeNull();
    }
    // The same numbers next to Chinese text or after a date preposition are dates.
    check(SUNDAY, [['12/5签约', '2026-12-05'], ['by 12/5', '2026-12-05'], ['on 11.25', '2026-11-25']]);
  });
});
