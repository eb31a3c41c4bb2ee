/**
 * A payment amount typed as a command argument: 50000, 5万, 3.5万, 50k, ¥30,000, 30,000元, -5 (parsed, so
 * the caller can say "must be positive" instead of "unreadable"). Strict: the whole text is one amount —
 * "5万5" or "about 5万" is refused rather than half-read, because money must not be guessed.
 */

export interface ParsedAmount {
  value: number;
  /** Only when the text names one (¥, $, 元, USD…). */
  currency?: string | undefined;
}

const CURRENCY: Record<string, string> = {
  '¥': 'CNY', rmb: 'CNY', cny: 'CNY', 元: 'CNY', 块: 'CNY', 人民币: 'CNY',
  $: 'USD', usd: 'USD', 美元: 'USD',
  '€': 'EUR', eur: 'EUR', 欧元: 'EUR',
};
const MULTIPLIER: Record<string, number> = { 亿: 1e8, 万: 1e4, w: 1e4, 千: 1e3, k: 1e3, m: 1e6 };

const AMOUNT =
  /^([-+])?(¥|\$|€|rmb|cny|usd|eur)?([-+])?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(亿|万|w|千|k|m)?(元|块|人民币|美元|欧元|rmb|cny|usd|eur)?$/;

export function parseAmount(text: string): ParsedAmount | null {
  // NFKC folds full-width digits, ￥ and ， so that what a Chinese keyboard types reads the same.
  const s = text.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/[−–]/g, '-');
  const m = AMOUNT.exec(s);
  if (!m) return null;
  const [, sign1, pre, sign2, digits, mult, suf] = m;
  if (sign1 && sign2) return null;
  const currencies = [pre, suf].filter((c): c is string => c !== undefined).map((c) => CURRENCY[c]);
  if (currencies.length === 2 && currencies[0] !== currencies[1]) return null;
  const magnitude = mult ? (MULTIPLIER[mult] ?? 1) : 1;
  const cents = Number((digits ?? '').replace(/,/g, '')) * magnitude * 100;
  // Sub-cent amounts (1.234) are a typo, not a payment.
  if (!Number.isFinite(cents) || Math.abs(cents - Math.round(cents)) > 1e-6) return null;
  const value = (sign1 ?? sign2) === '-' ? -Math.round(cents) / 100 : Math.round(cents) / 100;
  return { value, currency: currencies[0] };
}
