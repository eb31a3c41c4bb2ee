/**
 * Finds every date expression in a note (Chinese rules, English rules, numeric forms, then chrono
 * for explicit calendar dates the rules missed) and offers the single-argument parser that
 * commands use (`/remind 下周三`, `/visits since 11月1日`).
 */
import * as chrono from 'chrono-node';
import type { DateTime } from 'luxon';
import { explicitDate, iso, localToday, monthDayExists, resolveMonthDay, type Direction } from './calendar.ts';
import type { DateMention, RawMention, RuleContext } from './date-mention.ts';
import { chineseDeadlineSuffix, findChineseDates } from './dates-zh.ts';
import { findEnglishDates } from './dates-en.ts';
import { foldWidth, isCjk, lowerSameLength } from './text.ts';
import type { ParseContext, Problem, Span } from './types.ts';

export type { DateMention } from './date-mention.ts';

function findNumericDates(text: string, { today }: RuleContext): RawMention[] {
  const out: RawMention[] = [];
  // 2026-11-20, 2026/11/20, 2026.11.20 — an invalid one (2026-13-01) is reported, never shifted.
  for (const m of text.matchAll(/(?<![\d.\-/])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/g)) {
    const res = explicitDate(Number(m[1]), Number(m[3]), Number(m[4]));
    out.push({ start: m.index, end: m.index + m[0].length, tense: 'either', resolve: () => res });
  }
  // 12/15/2026 (US order) or 15/12/2026 when the first number cannot be a month.
  for (const m of text.matchAll(/(?<![\d./-])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/g)) {
    let a = Number(m[1]);
    let b = Number(m[2]);
    if (a > 12 && b <= 12) [a, b] = [b, a];
    const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const res = explicitDate(y, a, b);
    out.push({ start: m.index, end: m.index + m[0].length, tense: 'either', resolve: () => res });
  }
  // 11.20 / 11/20 without a year. Numbers are everywhere in notes (1.5亿, 2.5倍, 3.5 percent,
  // score 9/10), so this only fires in a Chinese context (11.20拜访, 12/5签约), at the start of the
  // note, or after an English date preposition (on 11/20, by 12/5).
  for (const m of text.matchAll(/(?<![\w.¥$€£+\-/])(\d{1,2})([./])(\d{1,2})(?![\d%/]|\.\d)/g)) {
    const end = m.index + m[0].length;
    const next = text[end] ?? '';
    if (/[万千亿元块倍个点折%kKmMwWbB]/.test(next)) continue;
    if (/(?:版本|版|第|约|共|^v)$/i.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    // After a money or measure word the pair is a number (报价12.8, 单价3.5, 增长12.5): not a date.
    if (/(?:价|价格|费用|金额|预算|成本|利润|毛利|折扣|增长|下降|提升|降低|涨|降|占|比|率|共计|合计|约)\s*[:：]?\s*$/.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const prevChar = before.trimEnd().slice(-1);
    const nextChar = text.slice(end, end + 3).trimStart().slice(0, 1);
    const atStart = text.slice(0, m.index).trim() === '';
    const dateContext = atStart || isCjk(prevChar) || isCjk(nextChar) || /\b(?:on|by|before|until|due|from|since)\s+$/i.test(before);
    if (!dateContext) continue;
    let month = Number(m[1]);
    let day = Number(m[3]);
    if (m[2] === '/' && month > 12 && day <= 12) [month, day] = [day, month];
    if (!monthDayExists(month, day)) continue;
    out.push({ start: m.index, end, tense: 'either', ambiguous: true, resolve: (dir) => resolveMonthDay(today, month, day, dir) });
  }
  return out;
}

// A month word or a four-digit year: chrono also reads "9/10" (a score) and "下午" (a time) as dates.
const CALENDAR_TEXT = /[月日号]|\d{4}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;

const CHRONO_REACH = 32;
const MAX_CHRONO_WINDOW = 160;
const MAX_CHRONO_WINDOWS = 8;

/**
 * The stretches of text worth showing chrono: around a month word or year, merged when they overlap, at
 * most MAX_CHRONO_WINDOWS of them. chrono's cost grows with the text it reads, so a long note costs no
 * more than a few short ones.
 */
function chronoWindows(text: string): Span[] {
  const windows: Span[] = [];
  for (const m of text.matchAll(new RegExp(CALENDAR_TEXT.source, 'gi'))) {
    const start = Math.max(0, m.index - CHRONO_REACH);
    const end = Math.min(text.length, m.index + m[0].length + CHRONO_REACH);
    const last = windows[windows.length - 1];
    if (last && start <= last.end && end - last.start <= MAX_CHRONO_WINDOW) last.end = Math.max(last.end, end);
    else if (windows.length >= MAX_CHRONO_WINDOWS) break;
    else windows.push({ start: Math.max(start, last?.end ?? 0), end });
  }
  return windows;
}

function chronoResults(text: string, ref: Date): Array<{ index: number; result: chrono.ParsedResult }> {
  const out: Array<{ index: number; result: chrono.ParsedResult }> = [];
  for (const w of chronoWindows(text)) {
    const slice = text.slice(w.start, w.end);
    for (const parser of [chrono.en, chrono.zh.hans]) {
      try {
        for (const result of parser.parse(slice, ref)) out.push({ index: w.start + result.index, result });
      } catch {
        // chrono is a best-effort extra; a failure must not break the note
      }
    }
  }
  return out;
}

/** Explicit calendar dates in forms the rules do not know; chrono's implied parts are ignored. */
function findChronoDates(text: string, { today }: RuleContext): RawMention[] {
  const out: RawMention[] = [];
  for (const { index, result: r } of chronoResults(text, today.toJSDate())) {
    const c = r.start;
    if (!c.isCertain('day') || !c.isCertain('month')) continue;
    // chrono marks 下午 / "3pm" as today with a certain day; only written calendar dates count here.
    if (!CALENDAR_TEXT.test(r.text)) continue;
    // Part of a longer number ("173月20日" read as 73月…, "99999天后"): not a date chrono may guess at.
    if (/\d/.test(text[index - 1] ?? '') || /\d{5}/.test(r.text)) continue;
    const month = c.get('month');
    const day = c.get('day');
    if (month === null || day === null) continue;
    const year = c.isCertain('year') ? c.get('year') : null;
    const res = year !== null ? explicitDate(year, month, day) : null;
    out.push({
      start: index,
      end: index + r.text.length,
      tense: 'either',
      resolve: (dir: Direction) => res ?? resolveMonthDay(today, month, day, dir),
    });
  }
  return out;
}

/** Longest first, then leftmost; a character taken by a chosen mention is not offered again (linear in the text). */
function pickNonOverlapping(cands: RawMention[]): RawMention[] {
  const sorted = [...cands].sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const taken = new Uint8Array(sorted.reduce((n, c) => Math.max(n, c.end), 0));
  const chosen: RawMention[] = [];
  for (const c of sorted) {
    if (c.end <= c.start || taken.subarray(c.start, c.end).includes(1)) continue;
    taken.fill(1, c.start, c.end);
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

/**
 * At most this many date expressions of one note are examined (the first ones). A real note holds a
 * handful; the cap keeps a pasted wall of dates from costing more than an ordinary note.
 */
export const MAX_DATE_MENTIONS = 32;

/** All date expressions of the note (the first MAX_DATE_MENTIONS), in order, non-overlapping (longest wins). */
export function findDateMentions(note: string, today: DateTime): DateMention[] {
  const folded = foldWidth(note);
  const lower = lowerSameLength(folded);
  const ctx: RuleContext = { today };
  const own = [...findChineseDates(folded, ctx), ...findEnglishDates(lower, folded, ctx), ...findNumericDates(folded, ctx)];
  const ownPicked = pickNonOverlapping(own);
  // The rules win over chrono wherever they found something.
  const ruled = new Uint8Array(folded.length);
  for (const o of ownPicked) ruled.fill(1, o.start, o.end);
  const extra = findChronoDates(folded, ctx).filter((c) => !ruled.subarray(c.start, c.end).includes(1));
  return pickNonOverlapping([...ownPicked, ...extra]).slice(0, MAX_DATE_MENTIONS).map((r) => {
    let removeEnd = r.removeEnd ?? r.end;
    let deadline = !!r.deadline;
    if (!r.unresolvable && r.tense !== 'past' && r.tense !== 'present') {
      const after = chineseDeadlineSuffix(folded, r.end);
      if (after > r.end) {
        deadline = true;
        removeEnd = after;
      }
    }
    return {
      start: r.start,
      end: r.end,
      removeStart: Math.min(r.removeStart ?? r.start, r.start),
      removeEnd: Math.max(removeEnd, r.end),
      text: note.slice(r.start, r.end),
      tense: r.tense,
      vague: !!r.vague,
      deadline,
      unresolvable: !!r.unresolvable,
      ambiguous: !!r.ambiguous,
      resolve: r.resolve,
    };
  });
}

export type DateExpressionResult =
  | { ok: true; date: string; text: string }
  | { ok: false; problem: Problem };

export interface DateExpressionOptions {
  /**
   * Which way a bare weekday or a month-day without a year points. Default 'future': commands that
   * take a single date (remind, plan, follow-up) are about what comes next.
   */
  direction?: Direction;
}

/** Like `parseDateExpression`, but says why when it fails (impossible date, no date at all). */
export function analyzeDateExpression(
  text: string,
  ctx: Pick<ParseContext, 'now' | 'timeZone'>,
  opts: DateExpressionOptions = {},
): DateExpressionResult {
  const input = typeof text === 'string' ? text : String(text ?? '');
  const { today } = localToday(ctx.now, ctx.timeZone);
  const first = findDateMentions(input, today)[0];
  if (!first) return { ok: false, problem: { code: 'date.unparseable', text: input.trim() } };
  const res = first.resolve(opts.direction ?? 'future');
  if (!res.ok) return { ok: false, problem: { code: res.code, text: first.text } };
  return { ok: true, date: iso(res.day), text: first.text };
}

/** A single date argument (`2026-12-15`, `下周三`, `月底`, `Nov 23`, `tomorrow`, `3天后`) → YYYY-MM-DD in the user's zone. */
export function parseDateExpression(
  text: string,
  ctx: Pick<ParseContext, 'now' | 'timeZone'>,
  opts: DateExpressionOptions = {},
): { date: string; text: string } | null {
  const r = analyzeDateExpression(text, ctx, opts);
  return r.ok ? { date: r.date, text: r.text } : null;
}
