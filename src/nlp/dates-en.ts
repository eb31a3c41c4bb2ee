/**
 * English date expressions. "next Wednesday" follows the same Monday-based week rule as 下周三
 * (the Wednesday of next week), which chrono does not do; explicit calendar dates that these
 * rules miss are left to the chrono fallback in dates.ts.
 */
import {
  addAmount, explicitDate, monthEnd, monthStart, nearestWeekday, ok, previousWeekday, resolveByYear,
  resolveInMonth, resolveMonthDay, unparseable, weekdayInWeek, makeDay,
  type Resolution,
} from './calendar.ts';
import type { RawMention, RuleContext } from './date-mention.ts';
import { EN_NUMBER_WORDS, parseEnglishCount } from './numbers.ts';

const WEEKDAYS: Array<[RegExp, number]> = [
  [/^mon/, 1], [/^tue/, 2], [/^wed/, 3], [/^thu/, 4], [/^fri/, 5], [/^sat/, 6], [/^sun/, 7],
];
const FULL_DAY = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const SHORT_DAY = 'mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun';
const MONTHS: Array<[RegExp, number]> = [
  [/^jan/, 1], [/^feb/, 2], [/^mar/, 3], [/^apr/, 4], [/^may/, 5], [/^jun/, 6],
  [/^jul/, 7], [/^aug/, 8], [/^sep/, 9], [/^oct/, 10], [/^nov/, 11], [/^dec/, 12],
];
const MONTH = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';

const weekdayNumber = (w: string) => WEEKDAYS.find(([re]) => re.test(w))?.[1] ?? 1;
const monthNumber = (w: string) => MONTHS.find(([re]) => re.test(w))?.[1] ?? 1;
// Resolved on first use only: a note may hold hundreds of mentions and only a few are ever asked for.
const fixed = (compute: () => Resolution) => {
  let memo: Resolution | undefined;
  return () => (memo ??= compute());
};

// Prepositions that belong to the date for the summary, and those that make it a deadline.
const LEAD = '(?:(on|by|before|until|till|due|no later than)\\s+)?';
const DEADLINE_WORDS = new Set(['by', 'before', 'until', 'till', 'due', 'no later than']);

type Rule = { re: RegExp; build: (m: RegExpExecArray, lower: string, original: string, ctx: RuleContext) => RawMention | null };

function withLead(m: RegExpExecArray, lead: string | undefined, core: Omit<RawMention, 'start' | 'end' | 'removeStart'>): RawMention {
  // LEAD sits at the very start of the match; the date proper begins after it and its spaces.
  let start = m.index;
  if (lead) {
    start += lead.length;
    while (/\s/.test(m[0][start - m.index] ?? '')) start++;
  }
  return {
    ...core,
    start,
    end: m.index + m[0].length,
    removeStart: m.index,
    deadline: core.deadline || (!!lead && DEADLINE_WORDS.has(lead)),
  };
}

const rules: Rule[] = [
  {
    re: new RegExp(`\\b${LEAD}(today|tonight|this (?:morning|afternoon|evening)|earlier today|(?:the )?day before yesterday|yesterday(?: (?:morning|afternoon|evening|night))?|last night|(?:the )?day after tomorrow|tomorrow(?: (?:morning|afternoon|evening))?)\\b`, 'g'),
    build(m, _l, _o, { today }) {
      const w = m[2]!;
      const n = w.includes('before yesterday') ? -2 : w.includes('after tomorrow') ? 2
        : w.startsWith('yesterday') || w === 'last night' ? -1 : w.startsWith('tomorrow') ? 1 : 0;
      return withLead(m, m[1], { tense: n < 0 ? 'past' : n > 0 ? 'future' : 'present', resolve: fixed(() => ok(today.plus({ days: n }))) });
    },
  },
  {
    // next Wednesday / this Friday / last Monday / on Monday / Wednesday next week / next week Monday
    re: new RegExp(
      `\\b${LEAD}(?:(this coming|the coming|coming|this|next|last|the following)\\s+)?(?:(next week|this week|last week)\\s+(?:on\\s+)?)?(${FULL_DAY}|(?:${SHORT_DAY})\\b\\.?)(?:\\s+(next week|this week|last week))?\\b`,
      'g',
    ),
    build(m, _l, _o, { today }) {
      const [, lead, mod, weekBefore, dayRaw, weekAfter] = m;
      const isShort = !new RegExp(`^(?:${FULL_DAY})$`).test(dayRaw!.replace(/\.$/, ''));
      // Abbreviations ("sat", "sun", "wed") are ordinary words too; require a date-ish lead.
      if (isShort && !lead && !mod && !weekBefore && !weekAfter) return null;
      if (isShort && /^sun/.test(dayRaw!) && !mod && !weekBefore && !weekAfter && lead !== 'on') return null;
      const wd = weekdayNumber(dayRaw!);
      const week = weekBefore ?? weekAfter;
      let res: RawMention['resolve'];
      let tense: RawMention['tense'] = 'either';
      if (week) {
        const off = week.startsWith('next') ? 1 : week.startsWith('last') ? -1 : 0;
        res = fixed(() => ok(weekdayInWeek(today, off, wd)));
        tense = off > 0 ? 'future' : off < 0 ? 'past' : 'either';
      } else if (mod === 'next' || mod === 'the following') {
        res = fixed(() => ok(weekdayInWeek(today, 1, wd)));
        tense = 'future';
      } else if (mod === 'this') {
        res = fixed(() => ok(weekdayInWeek(today, 0, wd)));
      } else if (mod === 'last') {
        res = fixed(() => ok(previousWeekday(today, wd)));
        tense = 'past';
      } else if (mod && mod.includes('coming')) {
        res = fixed(() => ok(nearestWeekday(today, wd, 'future')));
        tense = 'future';
      } else {
        res = (dir) => ok(nearestWeekday(today, wd, dir));
      }
      return withLead(m, lead, { tense, resolve: res });
    },
  },
  {
    // in 3 days / in two weeks / within 10 days / in a month / after 3 days
    re: new RegExp(`\\b(in|within|after)\\s+(\\d{1,4}|${EN_NUMBER_WORDS}|a few|few)\\s+(business days?|working days?|days?|weeks?|months?|years?)\\b`, 'g'),
    build(m, _l, _o, { today }) {
      const n = parseEnglishCount(m[2]!);
      const within = m[1] === 'within';
      if (n === null) return { start: m.index, end: m.index + m[0].length, removeStart: m.index, tense: 'future', unresolvable: true, resolve: fixed(() => unparseable) };
      return { start: m.index, end: m.index + m[0].length, removeStart: m.index, tense: 'future', deadline: within, resolve: fixed(() => addAmount(today, unitOf(m[3]!), n, 1)) };
    },
  },
  {
    // 2 weeks from now / 3 days later / 10 days out / 3 days ago
    re: new RegExp(`\\b(\\d{1,4}|${EN_NUMBER_WORDS})\\s+(business days?|working days?|days?|weeks?|months?|years?)\\s+(from now|from today|later|out|ago|back)\\b`, 'g'),
    build(m, _l, _o, { today }) {
      const n = parseEnglishCount(m[1]!);
      if (n === null) return null;
      const past = m[3] === 'ago' || m[3] === 'back';
      return { start: m.index, end: m.index + m[0].length, tense: past ? 'past' : 'future', resolve: fixed(() => addAmount(today, unitOf(m[2]!), n, past ? -1 : 1)) };
    },
  },
  {
    // next week / next month / last week / early next month / beginning of next month / next year
    re: new RegExp(`\\b${LEAD}(?:(early|beginning of|start of|the beginning of|the start of|mid|middle of|the middle of|end of|the end of)\\s+)?(next|this|last)\\s+(week|month|year)\\b`, 'g'),
    build(m, lower, _o, { today }) {
      const [, lead, part, which, unit] = m;
      // "next week Monday" belongs to the weekday rule; this one must not also claim it.
      if (unit === 'week' && new RegExp(`^\\s+(?:on\\s+)?(?:${FULL_DAY})`).test(lower.slice(m.index + m[0].length))) return null;
      const off = which === 'next' ? 1 : which === 'last' ? -1 : 0;
      const tense = off > 0 ? 'future' : off < 0 ? 'past' : 'either';
      const p = part?.replace(/^the /, '');
      let day;
      let vague = false;
      if (unit === 'week') {
        if (p === 'end of') day = weekdayInWeek(today, off, 5);
        else if (p === 'mid' || p === 'middle of') day = weekdayInWeek(today, off, 3);
        else { day = off === 0 ? today : weekdayInWeek(today, off, 1); vague = true; }
      } else if (unit === 'month') {
        if (p === 'end of') day = monthEnd(today, off);
        else if (p === 'mid' || p === 'middle of') day = monthStart(today, off).set({ day: 15 });
        else { day = off === 0 && !p ? today : monthStart(today, off); vague = !p; }
      } else {
        const y = today.year + off;
        day = p === 'end of' ? makeDay(y, 12, 31) : p === 'mid' || p === 'middle of' ? makeDay(y, 6, 30) : off === 0 && !p ? today : makeDay(y, 1, 1);
        vague = !p;
      }
      return withLead(m, lead, { tense: off === 0 && vague ? 'present' : tense, vague, resolve: fixed(() => ok(day)) });
    },
  },
  {
    // end of (the) month / month-end / EOM / end of year / year-end / EOY / mid-month / end of the week
    re: new RegExp(`\\b${LEAD}(?:the\\s+)?(end of (?:the )?month|month[- ]end|eom|end of (?:the )?year|year[- ]end|eoy|mid[- ]?month|middle of (?:the )?month|end of (?:the )?week|eow)\\b`, 'g'),
    build(m, _l, _o, { today }) {
      const w = m[2]!;
      if (/year|eoy/.test(w)) return withLead(m, m[1], { tense: 'either', resolve: (dir) => resolveByYear(today, dir, (y) => makeDay(y, 12, 31)) });
      if (/week|eow/.test(w)) return withLead(m, m[1], { tense: 'either', resolve: fixed(() => ok(weekdayInWeek(today, 0, 5))) });
      const day = /mid|middle/.test(w) ? 15 : 'end';
      return withLead(m, m[1], { tense: 'either', resolve: (dir) => resolveInMonth(today, day, dir) });
    },
  },
  {
    // Nov 23 / November 23rd, 2026 / Nov. 23
    re: new RegExp(`\\b${LEAD}(?:the\\s+)?(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    build(m, _l, original, { today }) {
      const [, lead, monRaw, dayRaw, yearRaw] = m;
      if (monRaw === 'may' && original.substr(m.index + m[0].indexOf('may'), 3) !== 'May') return null;
      if (monRaw === 'mar' && original.substr(m.index + m[0].indexOf('mar'), 3) !== 'Mar') return null;
      return monthDay(m, lead, monthNumber(monRaw!), Number(dayRaw), yearRaw, today);
    },
  },
  {
    // 23 Nov / 23rd of November 2026
    re: new RegExp(`\\b${LEAD}(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    build(m, _l, original, { today }) {
      const [, lead, dayRaw, monRaw, yearRaw] = m;
      const at = m.index + m[0].lastIndexOf(monRaw!);
      if ((monRaw === 'may' || monRaw === 'mar') && !/^[A-Z]/.test(original[at] ?? '')) return null;
      return monthDay(m, lead, monthNumber(monRaw!), Number(dayRaw), yearRaw, today);
    },
  },
  {
    re: /\b(soon|asap|later this month|sometime next week|in a while|at some point|in the coming weeks|in the coming days)\b/g,
    build(m) {
      if (m[1] === 'sometime next week') return null;
      return { start: m.index, end: m.index + m[0].length, tense: 'future', unresolvable: true, resolve: fixed(() => unparseable) };
    },
  },
];

function unitOf(w: string): 'day' | 'week' | 'month' | 'year' | 'businessDay' {
  if (/business|working/.test(w)) return 'businessDay';
  if (w.startsWith('day')) return 'day';
  if (w.startsWith('week')) return 'week';
  if (w.startsWith('month')) return 'month';
  return 'year';
}

function monthDay(m: RegExpExecArray, lead: string | undefined, month: number, day: number, yearRaw: string | undefined, today: RuleContext['today']): RawMention {
  if (yearRaw) {
    const y = Number(yearRaw);
    return withLead(m, lead, { tense: y > today.year ? 'future' : y < today.year ? 'past' : 'either', resolve: fixed(() => explicitDate(y, month, day)) });
  }
  return withLead(m, lead, { tense: 'either', resolve: (dir) => resolveMonthDay(today, month, day, dir) });
}

/** `lower` is the lower-cased note, `original` the width-folded one (for the case of "May"). */
export function findEnglishDates(lower: string, original: string, ctx: RuleContext): RawMention[] {
  const out: RawMention[] = [];
  for (const rule of rules) {
    for (const m of lower.matchAll(rule.re)) {
      const r = rule.build(m as RegExpExecArray, lower, original, ctx);
      if (r) out.push(r);
    }
  }
  return out;
}
