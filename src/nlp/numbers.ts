/** Small-number words in Chinese and English, as they appear in counts ("两周后", "in two weeks"). */

const ZH_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const ZH_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const ZH_BIG_UNITS: Record<string, number> = { 万: 10_000, 亿: 100_000_000 };

/** Characters that may form a Chinese numeral. */
export const ZH_NUM_CHARS = '零〇一二两三四五六七八九十百千';

/**
 * Parses a Chinese numeral ("十二", "二十三", "一百二十", "二〇二六") or ASCII digits.
 * Returns null for anything else, so callers can reject instead of guessing.
 */
export function parseNumberToken(raw: string): number | null {
  const s = raw.trim();
  if (s === '') return null;
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  if (![...s].every((c) => c in ZH_DIGITS || c in ZH_UNITS || c in ZH_BIG_UNITS)) return null;
  if (![...s].some((c) => c in ZH_UNITS || c in ZH_BIG_UNITS)) {
    if (s.length === 1) return ZH_DIGITS[s] ?? null;
    // Digit-by-digit only for years (二〇二六); "两三", "三五" are ranges, not 23 or 35.
    if (s.length < 4 && !/[〇零]/.test(s)) return null;
    return Number([...s].map((c) => String(ZH_DIGITS[c])).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of s) {
    if (c in ZH_DIGITS) {
      digit = ZH_DIGITS[c]!;
    } else if (c in ZH_UNITS) {
      // A leading 十 means 一十 (十二 = 12).
      section += (digit ?? 1) * ZH_UNITS[c]!;
      digit = null;
    } else {
      section += digit ?? 0;
      total += (section === 0 ? 1 : section) * ZH_BIG_UNITS[c]!;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

const EN_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, couple: 2, 'a couple of': 2, 'a couple': 2,
};

export const EN_NUMBER_WORDS = 'a couple of|a couple|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve';

export function parseEnglishCount(raw: string): number | null {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^\d+$/.test(s)) return Number(s);
  return EN_NUMBERS[s] ?? null;
}
