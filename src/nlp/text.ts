/**
 * Text helpers shared by the rule files. Every transformation here keeps the string length, so an
 * offset found in a normalised copy is valid in the original note (the summary is cut from the
 * original, and users see their own characters back).
 */
import type { Span } from './types.ts';

/** Full-width ASCII (ＡＢＣ１２３，：) and the ideographic space become their half-width forms. */
export function foldWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else if (c === 0xffe5) out += '¥';
    else out += s[i];
  }
  return out;
}

/** Lower case without changing length (a few characters, e.g. 'İ', grow when lowered). */
export function lowerSameLength(s: string): string {
  const l = s.toLowerCase();
  if (l.length === s.length) return l;
  let out = '';
  for (const ch of s) {
    const lc = ch.toLowerCase();
    out += lc.length === ch.length ? lc : ch;
  }
  return out;
}

/** Normalised copy for matching: folded width and lower case, same length as the input. */
export function normalizeForMatch(s: string): string {
  return lowerSameLength(foldWidth(s));
}

export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

export function isLatinWordChar(ch: string | undefined): boolean {
  return !!ch && /[A-Za-z0-9]/.test(ch);
}

/** Replace the given spans by a character no rule matches, keeping length. */
export function maskSpans(s: string, spans: readonly Span[], filler = '\u0000'): string {
  if (spans.length === 0) return s;
  const chars = s.split('');
  for (const sp of spans) {
    for (let i = Math.max(0, sp.start); i < Math.min(chars.length, sp.end); i++) chars[i] = filler;
  }
  return chars.join('');
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

export function overlapsAny(a: Span, spans: readonly Span[]): boolean {
  return spans.some((b) => overlaps(a, b));
}

// Abbreviations after which a period does not end a sentence ("Mr. Li", "Nov. 23", "Co. Ltd").
const ABBREV_BEFORE_DOT =
  /(?:^|[^A-Za-z])(?:mr|mrs|ms|dr|prof|st|sr|jr|co|inc|ltd|corp|vs|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|no|approx|etc)$/i;

/**
 * Clause number of every offset. Clauses end at sentence and comma punctuation (Chinese and
 * English); a follow-up's date and its verb, or a channel word and its verb, belong together only
 * inside one clause.
 */
export function clauseIds(s: string): Int32Array {
  const ids = new Int32Array(s.length);
  let id = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    let boundary = false;
    if ('，,。;；!?！？\n\r|'.includes(ch)) boundary = true;
    else if (ch === '.') {
      const next = s[i + 1];
      const isDecimal = /\d/.test(s[i - 1] ?? '') && /\d/.test(next ?? '');
      if (!isDecimal && (next === undefined || /\s/.test(next)) && !ABBREV_BEFORE_DOT.test(s.slice(Math.max(0, i - 8), i))) {
        boundary = true;
      }
    }
    if (boundary) {
      ids[i] = -1;
      id++;
    } else ids[i] = id;
  }
  return ids;
}

/** Clause of a span: the clause of its first non-boundary character. */
export function clauseOf(ids: Int32Array, span: Span): number {
  for (let i = span.start; i < span.end && i < ids.length; i++) {
    const v = ids[i]!;
    if (v >= 0) return v;
  }
  return -1;
}

/** True when nothing between the two offsets ends a clause. */
export function sameClause(ids: Int32Array, from: number, to: number): boolean {
  const a = Math.max(0, Math.min(from, to));
  const b = Math.min(ids.length, Math.max(from, to));
  for (let i = a; i < b; i++) if (ids[i] === -1) return false;
  return true;
}

/** The whole clause around a span (for "is there a visit verb near this date?"). */
export function clauseAround(ids: Int32Array, s: string, span: Span): string {
  const id = clauseOf(ids, span);
  if (id < 0) return '';
  let a = span.start;
  while (a > 0 && ids[a - 1] === id) a--;
  let b = span.end;
  while (b < s.length && ids[b] === id) b++;
  return s.slice(a, b);
}
