/**
 * zod schemas for single CSV cells: what operators type in spreadsheets (2026/11/30, 1,200,000, 120万,
 * 大客户主管, 潜在客户) turned into stored values, with English reasons for the rejects.
 * Cells arrive trimmed, and absent when blank, so every schema here is about a non-empty string.
 */
import { z } from 'zod';
import { lookupOption } from '../core/args.ts';
import { ROLES, type Language, type Role } from '../core/identity.ts';
import { DEFAULT_BOUNDS, hasControlChars } from '../domain/bounds.ts';
import { isDay, type Day } from '../domain/calendar.ts';
import { TIER_NAMES } from '../domain/customers/rules.ts';
import { parseAmount } from '../domain/receivables/amount.ts';
import { isIanaTimeZone } from '../domain/time-zones.ts';
import type { CustomerStatus } from '../domain/records.ts';

/** A cell quoted in a reason, shortened so a 10k-character cell does not flood the summary. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * What a spreadsheet would run as a formula (=, +, -, @, tab, CR first): DDE and HYPERLINK attacks. The
 * full-width forms (＝＋－＠) count too: spreadsheets fold them to ASCII.
 */
const FORMULA = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\u2212]/;


export const required = { error: 'is required' } as const;

export function text(max: number) {
  return z
    .string(required)
    .max(max, `is longer than ${max} characters`)
    .refine((s) => !hasControlChars(s), { message: 'contains control characters (NUL, terminal escapes)' })
    .refine((s) => !FORMULA.test(s), { message: 'starts with = + - or @, which a spreadsheet would run as a formula' });
}

/** Platform ids and console ids: one word, as chat platforms issue them. */
export const platformId = text(100).regex(/^\S+$/, 'must not contain spaces');

export const email = z
  .string(required)
  .max(320, 'is longer than 320 characters')
  .transform((s) => s.toLowerCase())
  .pipe(z.email({ error: 'is not an email address' }));

/** An email, console id or platform id naming a user already known (or created earlier in the import). */
export const handle = text(320).regex(/^\S+$/, 'must be an email or a user id, without spaces');

/** `2026-11-30`, `2026/11/30`, `2026.11.30`, `2026/1/5`, `2026年11月30日`; the day must exist. */
export function parseCsvDay(value: string): Day | null {
  const s = value.normalize('NFKC').trim();
  const m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(s) ?? /^(\d{4})(年)(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (!m) return null;
  const day = `${m[1]}-${m[3]!.padStart(2, '0')}-${m[4]!.padStart(2, '0')}`;
  return isDay(day) ? day : null;
}

export const day = z.string(required).transform((s, ctx): Day => {
  const parsed = parseCsvDay(s);
  if (parsed) return parsed;
  const shape = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(s.trim());
  ctx.addIssue({ code: 'custom', message: shape ? `${quote(s)} is not a real date` : `${quote(s)} is not a date (YYYY-MM-DD)` });
  return z.NEVER;
});

export interface Money {
  value: number;
  /** Only when the cell names one (¥, $, 元, USD…). */
  currency?: string | undefined;
}

/** Amounts as finance types them: `1,200,000`, `120万`, `¥30,000.50`; never negative, at most cents. */
export function money(opts: { positive?: boolean } = {}) {
  return z.string(required).transform((s, ctx): Money => {
    const parsed = parseAmount(s);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: `${quote(s)} is not an amount (e.g. 1,200,000 or 120万)` });
      return z.NEVER;
    }
    if (!Number.isFinite(parsed.value) || Math.abs(parsed.value) > DEFAULT_BOUNDS.maxAmount) {
      ctx.addIssue({ code: 'custom', message: `${quote(s)} is out of range (0 to ${DEFAULT_BOUNDS.maxAmount.toLocaleString('en-US')})` });
      return z.NEVER;
    }
    if (parsed.value < 0 || (opts.positive && parsed.value === 0)) {
      ctx.addIssue({ code: 'custom', message: `${quote(s)}: must be ${opts.positive ? 'greater than 0' : 'zero or more'}` });
      return z.NEVER;
    }
    return parsed;
  });
}

/** A plain number for fields without a currency column. */
export const amount = money().transform((m) => m.value);

/** `华为|Huawei`, `华为、Huawei`, `华为；Huawei`: distinct, non-empty, each a short text. */
export const list = z
  .string(required)
  .transform((s) => [...new Set(s.split(/[|｜、；;]/).map((a) => a.trim()).filter(Boolean))])
  .pipe(z.array(text(200)).max(50, 'has more than 50 entries'));

function lookup<T extends string>(what: string, table: Record<string, T>, shown: readonly string[]) {
  return z.string(required).transform((s, ctx): T => {
    const found = lookupOption(table, s.normalize('NFKC').trim().toLowerCase().replace(/[\s_]+/g, '-'));
    if (found) return found;
    ctx.addIssue({ code: 'custom', message: `${quote(s)} is not a ${what} (${shown.join(', ')} or the Chinese name)` });
    return z.NEVER;
  });
}

const ROLE_NAMES: Record<string, Role> = {
  ...(Object.fromEntries(ROLES.map((r) => [r, r])) as Record<Role, Role>),
  大客户专员: 'rep',
  客户经理: 'rep',
  专员: 'rep',
  大客户主管: 'supervisor',
  主管: 'supervisor',
  大客户经理: 'manager',
  销售总监: 'director',
  营销总监: 'director',
  总监: 'director',
  管理员: 'admin',
};
export const role = lookup('role', ROLE_NAMES, ROLES);

const LANGUAGE_NAMES: Record<string, Language> = { zh: 'zh-CN', 'zh-cn': 'zh-CN', 中文: 'zh-CN', en: 'en', english: 'en', 英文: 'en', 英语: 'en' };
export const language = lookup('language', LANGUAGE_NAMES, ['zh', 'zh-CN', 'en']);

const STATUS_NAMES: Record<string, CustomerStatus> = {
  prospect: 'prospect',
  active: 'active',
  dormant: 'dormant',
  lost: 'lost',
  潜在客户: 'prospect',
  潜在: 'prospect',
  活跃: 'active',
  正常: 'active',
  休眠: 'dormant',
  流失: 'lost',
};
export const customerStatus = lookup('customer status', STATUS_NAMES, ['prospect', 'active', 'dormant', 'lost']);

export const tier = z
  .string(required)
  .transform((s) => s.normalize('NFKC').trim().toUpperCase())
  .pipe(z.enum(TIER_NAMES, { error: `is not a tier (${TIER_NAMES.join(', ')})` }));

export const timeZone = z.string(required).refine(isIanaTimeZone, { message: 'is not an IANA time zone such as Asia/Shanghai' });

export const currency = z
  .string(required)
  .transform((s) => s.normalize('NFKC').trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'is not a currency code such as CNY or USD'));

/** zod issues as one reason, each prefixed with the column as the file names it. */
export function describeIssues(error: z.ZodError, labels: Record<string, string>): string {
  return error.issues
    .map((issue) => {
      const field = issue.path[0];
      const label = typeof field === 'string' ? (labels[field] ?? field) : null;
      return label ? `${label}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
