/**
 * Chinese date expressions. chrono's zh parser treats 下周三 as "the next Wednesday" and knows no
 * 月底/月初/月中/年底, so the Chinese calendar vocabulary lives here, on top of shared calendar
 * arithmetic. Weeks start on Monday (本周/下周/上周 are Mon–Sun weeks).
 */
import {
  addAmount, explicitDate, impossible, makeDay, monthEnd, monthStart, nearestWeekday, ok, resolveByYear,
  resolveDayOfMonth, resolveInMonth, resolveMonthDay, unparseable, weekdayInWeek,
  type Direction, type Resolution,
} from './calendar.ts';
import type { RawMention, RuleContext, Tense } from './date-mention.ts';
import { parseNumberToken } from './numbers.ts';

const WEEKDAY: Record<string, number> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7,
};
const WEEK_WORD = '(?:周|星期|礼拜|週)';
const DAY_CHAR = '([一二三四五六日天七1-7]|末)';
const ZN = '[零〇一二两三四五六七八九十]';
const NUM = `(\\d{1,2}|${ZN}{1,3})`;
// 本月 / 这个月 / 下个月 / 次月 / 上个月 … (the 月 itself follows)
const MONTH_PREFIX = '(?:下下个?|下个?|次|上上个?|上个?|本|这个?|当)';

function monthOffsetOf(prefix: string): number {
  if (prefix.startsWith('下下')) return 2;
  if (prefix.startsWith('上上')) return -2;
  if (prefix.startsWith('下') || prefix.startsWith('次')) return 1;
  if (prefix.startsWith('上')) return -1;
  return 0;
}

function tenseOfOffset(offset: number): Tense {
  return offset > 0 ? 'future' : offset < 0 ? 'past' : 'either';
}

// Resolved on first use only: a note may hold hundreds of mentions and only a few are ever asked for.
const fixed = (compute: () => Resolution) => {
  let memo: Resolution | undefined;
  return () => (memo ??= compute());
};

type Rule = { re: RegExp; build: (m: RegExpExecArray, text: string, ctx: RuleContext) => RawMention | null };

const RELATIVE_DAYS: Record<string, number> = {
  大前天: -3, 前天: -2, 昨天: -1, 昨日: -1, 昨儿: -1, 昨晚: -1, 昨早: -1,
  今天: 0, 今日: 0, 今儿: 0, 今早: 0, 今晚: 0,
  明天: 1, 明日: 1, 明儿: 1, 明早: 1, 明晚: 1, 后天: 2, 大后天: 3,
};

const rules: Rule[] = [
  {
    // 今天 / 昨天 / 前天 / 大前天 / 明天 / 后天 / 大后天
    re: /大前天|前天|昨天|昨日|昨儿|昨晚|昨早|今天|今日|今儿|今早|今晚|明天|明日|明儿|明早|明晚|大后天|后天/g,
    build(m, text, { today }) {
      const w = m[0];
      const prev = text[m.index - 1] ?? '';
      // "三天之后天气" / "以后天天": 后天/前天 glued to a preceding time word are not dates.
      if ((w === '后天' || w === '前天') && /[之以天日周月年]/.test(prev)) return null;
      const n = RELATIVE_DAYS[w] ?? 0;
      return { start: m.index, end: m.index + w.length, tense: n < 0 ? 'past' : n > 0 ? 'future' : 'present', resolve: fixed(() => ok(today.plus({ days: n }))) };
    },
  },
  {
    // 本周三 / 这周五 / 下周三 / 下星期一 / 下礼拜二 / 上周五 / 下下周一 / 下周末 / 下周 (no day)
    re: new RegExp(`(上上|下下|上|下|本|这)(?:个)?${WEEK_WORD}${DAY_CHAR}?`, 'g'),
    build(m, text, { today }) {
      const p = m[1]!;
      const offset = p === '上上' ? -2 : p === '下下' ? 2 : p === '上' ? -1 : p === '下' ? 1 : 0;
      const end = m.index + m[0].length;
      const dayChar = m[2];
      if (!dayChar) {
        // "下周八": a weekday that does not exist.
        if (/[八九零〇]/.test(text[end] ?? '')) {
          return { start: m.index, end: end + 1, tense: tenseOfOffset(offset), resolve: fixed(() => impossible) };
        }
        if (/[内末期]/.test(text[end] ?? '')) return null;
        // A week without a day means its Monday (this week: today).
        const day = offset === 0 ? today : weekdayInWeek(today, offset, 1);
        return { start: m.index, end, tense: offset === 0 ? 'present' : tenseOfOffset(offset), vague: true, resolve: fixed(() => ok(day)) };
      }
      const wd = dayChar === '末' ? 6 : WEEKDAY[dayChar]!;
      return { start: m.index, end, tense: tenseOfOffset(offset), resolve: fixed(() => ok(weekdayInWeek(today, offset, wd))) };
    },
  },
  {
    // Bare 周一 / 星期三 / 礼拜天 / 周末: direction decides (visit: most recent, follow-up: next).
    re: new RegExp(`${WEEK_WORD}${DAY_CHAR}`, 'g'),
    build(m, text, { today }) {
      const prev = text[m.index - 1] ?? '';
      const next = text[m.index + m[0].length] ?? '';
      // 每周一 (every Monday), 一周一次 (once a week), 两个星期: not a date.
      if (/[上下本这每个隔几数\d零〇一二两三四五六七八九十]/.test(prev) || /[次遍期]/.test(next)) return null;
      const wd = m[1] === '末' ? 6 : WEEKDAY[m[1]!]!;
      return { start: m.index, end: m.index + m[0].length, tense: 'either', resolve: (dir) => ok(nearestWeekday(today, wd, dir)) };
    },
  },
  {
    // 3天后 / 三天之后 / 5日后 / 一周后 / 两个星期后 / 3个月后 / 半个月后 / 两年后 / 10个工作日内 / 3天前 / 过两天
    re: new RegExp(`(再过|过)?(\\d{1,7}|${ZN}{1,4}|半)(个)?(工作日|天|日|周|星期|礼拜|月|年)(之后|以后|后|之内|以内|内|之前|以前|前)?`, 'g'),
    build(m, text, { today }) {
      const [, over, numRaw, ge, unitRaw, suffix] = m;
      const prev = text[m.index - 1] ?? '';
      if (/[\d.第每]/.test(prev)) return null;
      if (!over && !suffix) return null; // "3天" alone is a duration, not a date
      if (unitRaw === '月' && !ge) return null; // "3月后" reads as "after March"
      const before = !!suffix && suffix.endsWith('前');
      if (before && over) return null;
      // "3日前" is "before the 3rd" (a deadline), handled by the day-of-month rule.
      if (unitRaw === '日' && before) return null;
      const n = numRaw === '半' ? 0.5 : parseNumberToken(numRaw!);
      // 两三天后 / 三五天内: a range, clearly about timing but without one date.
      if (n === null) return { start: m.index, end: m.index + m[0].length, tense: before ? 'past' : 'future', unresolvable: true, resolve: fixed(() => unparseable) };
      if (numRaw === '半' && !(unitRaw === '月' || unitRaw === '年')) return null;
      const unit = unitRaw === '工作日' ? 'businessDay' : unitRaw === '天' || unitRaw === '日' ? 'day'
        : unitRaw === '月' ? 'month' : unitRaw === '年' ? 'year' : 'week';
      const within = !!suffix && suffix.endsWith('内');
      return {
        start: m.index, end: m.index + m[0].length, tense: before ? 'past' : 'future', deadline: within,
        resolve: fixed(() => addAmount(today, unit, n, before ? -1 : 1)),
      };
    },
  },
  {
    // 月底 / 本月底 / 这个月月底 / 下个月底 / 上月末
    re: new RegExp(`(?:${MONTH_PREFIX}月)?月(?:底|末)|${MONTH_PREFIX}月(?:底|末)`, 'g'),
    build(m, text, { today }) {
      if (/[\d零〇一二两三四五六七八九十]/.test(text[m.index - 1] ?? '')) return null; // 11月底: explicit-month rule
      const prefix = m[0].replace(/月+(?:底|末)$/, '');
      if (!prefix) return { start: m.index, end: m.index + m[0].length, tense: 'either', resolve: (dir) => resolveInMonth(today, 'end', dir) };
      const off = monthOffsetOf(prefix);
      return { start: m.index, end: m.index + m[0].length, tense: tenseOfOffset(off), resolve: fixed(() => ok(monthEnd(today, off))) };
    },
  },
  {
    // 月初 / 下月初 / 下个月初 (= the 1st) and 月中 / 下个月中旬 (= the 15th)
    re: new RegExp(`(?:${MONTH_PREFIX}月)?月(初|中旬|中)|${MONTH_PREFIX}月(初|中旬|中)`, 'g'),
    build(m, text, { today }) {
      if (/[\d零〇一二两三四五六七八九十]/.test(text[m.index - 1] ?? '')) return null;
      const part = m[1] ?? m[2] ?? '';
      const day = part === '初' ? 1 : 15;
      const prefix = m[0].slice(0, m[0].length - part.length).replace(/月+$/, '');
      if (!prefix) return { start: m.index, end: m.index + m[0].length, tense: 'either', resolve: (dir) => resolveInMonth(today, day, dir) };
      const off = monthOffsetOf(prefix);
      return { start: m.index, end: m.index + m[0].length, tense: tenseOfOffset(off), resolve: fixed(() => ok(monthStart(today, off).set({ day }))) };
    },
  },
  {
    // 下个月1号 / 下月5日 / 本月20号 / 上个月3号
    re: new RegExp(`${MONTH_PREFIX}月${NUM}(?:号|日)`, 'g'),
    build(m, _text, { today }) {
      const prefix = m[0].slice(0, m[0].indexOf('月'));
      const off = monthOffsetOf(prefix);
      const d = parseNumberToken(m[1]!);
      const base = monthStart(today, off);
      const res = d === null ? unparseable : explicitDate(base.year, base.month, d);
      return { start: m.index, end: m.index + m[0].length, tense: off === 0 ? 'either' : tenseOfOffset(off), resolve: fixed(() => res) };
    },
  },
  {
    // 下个月 / 下月 / 上个月 / 本月 alone: the 1st of that month (this month: today).
    re: new RegExp(`${MONTH_PREFIX}月(?![底末初中份\\d零〇一二两三四五六七八九十])`, 'g'),
    build(m, text, { today }) {
      if (/[\d零〇一二两三四五六七八九十]/.test(text[m.index - 1] ?? '')) return null;
      const off = monthOffsetOf(m[0]);
      const day = off === 0 ? today : monthStart(today, off);
      return { start: m.index, end: m.index + m[0].length, tense: off === 0 ? 'present' : tenseOfOffset(off), vague: true, resolve: fixed(() => ok(day)) };
    },
  },
  {
    // 年底 / 今年年底 / 明年初 / 2026年底
    re: /(?:(今|本|明|去|后)年|(\d{4})年)年?(底|末|初)|年(底|末|初)/g,
    build(m, text, { today }) {
      const [, rel, yearRaw, part1, part2] = m;
      const part = part1 ?? part2;
      const atYear = (y: number) => (part === '初' ? makeDay(y, 1, 1) : makeDay(y, 12, 31));
      const end = m.index + m[0].length;
      if (yearRaw) return { start: m.index, end, tense: 'either', resolve: fixed(() => ok(atYear(Number(yearRaw)))) };
      if (rel) {
        const off = rel === '明' ? 1 : rel === '去' ? -1 : rel === '后' ? 2 : 0;
        return { start: m.index, end, tense: tenseOfOffset(off), resolve: fixed(() => ok(atYear(today.year + off))) };
      }
      if (/[\d零〇一二两三四五六七八九十]/.test(text[m.index - 1] ?? '')) return null; // 3年底 etc.
      return { start: m.index, end, tense: 'either', resolve: (dir) => resolveByYear(today, dir, atYear) };
    },
  },
  {
    // 11月底 / 3月初 / 12月中旬 / 1月下旬
    re: new RegExp(`${NUM}月份?(底|末|初|上旬|中旬|中|下旬)`, 'g'),
    build(m, text, { today }) {
      if (/\d/.test(text[m.index - 1] ?? '')) return null;
      const month = parseNumberToken(m[1]!);
      if (month === null || month < 1 || month > 12) return { start: m.index, end: m.index + m[0].length, tense: 'either', resolve: fixed(() => impossible) };
      const part = m[2]!;
      const build = (y: number) => (part === '底' || part === '末' ? makeDay(y, month, 1)?.endOf('month').startOf('day') ?? null
        : makeDay(y, month, part === '初' || part === '上旬' ? 1 : part === '下旬' ? 21 : 15));
      return { start: m.index, end: m.index + m[0].length, tense: 'either', resolve: (dir) => resolveByYear(today, dir, build) };
    },
  },
  {
    // 2026年11月20日 / 二〇二六年十一月二十日 / 今年11月20号 / 明年3月1日 / 11月20日 / 11月20
    re: new RegExp(`(?:(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年\\s*|(今年|明年|去年|后年|前年))?(\\d{1,3}|${ZN}{1,3})\\s*月\\s*(\\d{1,2}|${ZN}{1,3})\\s*(日|号)?`, 'g'),
    build(m, text, { today }) {
      const [, yearRaw, relYear, monthRaw, dayRaw, suffix] = m;
      const end = m.index + m[0].length;
      const prev = text[m.index - 1] ?? '';
      if (/\d/.test(prev)) return null;
      // Without 日/号 the day must not run into more digits or an amount ("3月20多万").
      if (!suffix && /[\d万千亿元块%个多]/.test(text[end] ?? '')) return null;
      const month = parseNumberToken(monthRaw!);
      const day = parseNumberToken(dayRaw!);
      if (month === null || day === null) return null;
      let year: number | null = null;
      if (yearRaw) year = parseNumberToken(yearRaw);
      else if (relYear) year = today.year + ({ 今年: 0, 明年: 1, 去年: -1, 后年: 2, 前年: -2 } as Record<string, number>)[relYear]!;
      if (year !== null) {
        const y = year;
        const tense: Tense = y > today.year ? 'future' : y < today.year ? 'past' : 'either';
        return { start: m.index, end, tense, resolve: fixed(() => explicitDate(y, month, day)) };
      }
      return { start: m.index, end, tense: 'either', resolve: (dir: Direction) => resolveMonthDay(today, month, day, dir) };
    },
  },
  {
    // 20号 / 5日 (day of month); "3日前" = before the 3rd.
    re: /(\d{1,2}|[一二三四五六七八九十]{1,3})(号|日)/g,
    build(m, text, { today }) {
      const prev = text[m.index - 1] ?? '';
      const end = m.index + m[0].length;
      const next = text[end] ?? '';
      if (/[\d月零〇一二两三四五六七八九十第周.]/.test(prev)) return null;
      if (/[楼线门店厂馆院室车位机码库]/.test(next)) return null;
      const isZh = !/\d/.test(m[1]!);
      if (isZh && m[2] === '日') return null; // 一日 is mostly "one day"
      const d = parseNumberToken(m[1]!);
      if (d === null || d < 1 || d > 31) return null;
      return { start: m.index, end, tense: 'either', resolve: (dir) => resolveDayOfMonth(today, d, dir) };
    },
  },
  {
    // Timing words without a date: reported as unparseable when they carry a follow-up.
    re: /过几天|过段时间|过一段时间|过阵子|改天|回头|近期|近日|尽快|择日|几天后|有空|晚些时候|稍后|下旬|上旬|中旬/g,
    build(m, text) {
      if (m[0].endsWith('旬') && /月/.test(text[m.index - 1] ?? '')) return null;
      return { start: m.index, end: m.index + m[0].length, tense: 'future', unresolvable: true, resolve: fixed(() => unparseable) };
    },
  },
];

export function findChineseDates(text: string, ctx: RuleContext): RawMention[] {
  const out: RawMention[] = [];
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const r = rule.build(m as RegExpExecArray, text, ctx);
      if (r) out.push(r);
    }
  }
  return out;
}

/** "月底前", "周五之前": a deadline marker right after a date. */
export function chineseDeadlineSuffix(text: string, end: number): number {
  const m = /^\s*(之前|以前|前)/.exec(text.slice(end, end + 4));
  return m ? end + m[0].length : end;
}
