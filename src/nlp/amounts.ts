/**
 * Money in a note: 120万, 1.5亿, 30万元, 5千, 50k, 1.2m, ¥30,000, RMB 30000, $20k, USD 5,000, €3k.
 * A number counts as money only with a currency or a magnitude word; counts (3天, 500台, 5万台),
 * percentages, phone numbers and dates (masked by the caller) are not amounts.
 */
import { parseNumberToken } from './numbers.ts';
import { foldWidth } from './text.ts';
import type { Span } from './types.ts';

const CURRENCY: Record<string, string> = {
  '¥': 'CNY', '$': 'USD', 'us$': 'USD', 'hk$': 'HKD', '€': 'EUR', '£': 'GBP',
  rmb: 'CNY', cny: 'CNY', usd: 'USD', eur: 'EUR', gbp: 'GBP', hkd: 'HKD', jpy: 'JPY',
  元: 'CNY', 块: 'CNY', 块钱: 'CNY', 人民币: 'CNY', 美元: 'USD', 美金: 'USD', 欧元: 'EUR', 英镑: 'GBP',
  港币: 'HKD', 港元: 'HKD', 日元: 'JPY', yuan: 'CNY', dollar: 'USD', dollars: 'USD', euro: 'EUR', euros: 'EUR',
};
const MULTIPLIER: Record<string, number> = {
  万亿: 1e12, 百万: 1e6, 千万: 1e7, 亿: 1e8, 万: 1e4, 千: 1e3, w: 1e4,
  k: 1e3, m: 1e6, mn: 1e6, mm: 1e6, bn: 1e9, million: 1e6, billion: 1e9, thousand: 1e3,
};

const AMOUNT_RE = new RegExp(
  '(?:(us\\$|hk\\$|¥|\\$|€|£|rmb|cny|usd|eur|gbp|hkd|jpy)\\s?)?' +
    '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)' +
    '\\s?(万亿|百万|千万|亿|万|千|million|billion|thousand|mn|mm|bn|k|m|w)?' +
    '\\s?(元|块钱|块|人民币|美元|美金|欧元|英镑|港币|港元|日元|rmb|cny|usd|eur|gbp|hkd|jpy|yuan|dollars?|euros?)?',
  'gid',
);
// After a magnitude word these make it a count (5万台, 3千米), not money.
const MEASURE_AFTER = /^[台个件套人次吨张份箱辆片只条平米户家名位支部瓶盒包颗公克斤升字步楼]/;

export interface AmountMention extends Span {
  value: number;
  currency: string;
  text: string;
}

export function findAmounts(input: string, defaultCurrency = 'CNY'): AmountMention[] {
  const out: AmountMention[] = [];
  const text = foldWidth(input); // ￥ and full-width digits; same length, so offsets still fit the input
  for (const m of text.matchAll(AMOUNT_RE)) {
    const [, pre, numRaw, multRaw, sufRaw] = m;
    const whole = m[0].trimEnd();
    const start = m.index;
    let end = start + whole.length;
    const prev = text[start - 1] ?? '';
    if (/[\w.,]/.test(prev) && !pre) continue;
    let mult = multRaw?.toLowerCase();
    let suf = sufRaw?.toLowerCase();
    const multEnd = m.indices?.[3]?.[1] ?? m.indices?.[2]?.[1] ?? end;
    const afterMult = () => text.slice(multEnd).replace(/^\s/, '');
    // Latin magnitude/currency words must end at a word boundary: 5km, 50kg, 3 months are not money.
    if (mult && /^[a-z]/.test(mult) && !suf && /^[a-z]/i.test(text.slice(end, end + 1))) continue;
    if (suf && /^[a-z]/.test(suf) && /^[a-z]/i.test(text.slice(end, end + 1))) {
      end -= sufRaw!.length;
      suf = undefined;
    }
    const isZhNumeral = !/\d/.test(numRaw!);
    if (isZhNumeral) {
      if (!/[一二两三四五六七八九十]/.test(numRaw!)) continue; // 千万 (must), 百 alone
      if (mult && /^[a-z]/.test(mult)) continue;
      if (!mult && !suf && /[千百]$/.test(numRaw!) && numRaw!.length > 1) mult = '';
      else if (!mult && !suf) continue;
    } else if (!pre && !suf && !mult) continue;
    if (mult && !suf && !pre && MEASURE_AFTER.test(afterMult())) continue;
    // 块 is also a measure word (3块屏幕); as money it stands alone or as 块钱.
    if (suf === '块' && /[\u4e00-\u9fff]/.test(text[end] ?? '')) continue;
    const base = isZhNumeral ? parseNumberToken(numRaw!) : Number(numRaw!.replace(/,/g, ''));
    if (base === null || !Number.isFinite(base)) continue;
    const factor = mult ? MULTIPLIER[mult] ?? 1 : 1;
    const magnitude = Math.round(base * factor * 100) / 100;
    if (magnitude <= 0) continue;
    // "-5万", "−¥3,000": a minus sign right before (not a range like 3-5万) makes it negative, so callers can
    // refuse it instead of storing +50,000. Non-finite values (a 308-digit number) are reported as they are.
    const sign = /[-−]/.test(prev) && !/[\w.]/.test(text[start - 2] ?? '') ? -1 : 1;
    const value = sign * magnitude;
    const currency = CURRENCY[pre?.toLowerCase() ?? ''] ?? CURRENCY[suf ?? ''] ?? defaultCurrency;
    const trimmed = input.slice(start, end).trimEnd();
    const from = sign < 0 ? start - 1 : start;
    out.push({ start: from, end: start + trimmed.length, value, currency, text: input.slice(from, start) + trimmed });
  }
  return out;
}
