/** Small helpers every domain command uses: the user's scope, today in their zone, customer lookup, money. */
import type { CommandContext } from '../core/commands.ts';
import { KamError } from '../core/errors.ts';
import type { Language } from '../core/identity.ts';
import { calendarFor, localDay, type Day, type WorkdayCalendar } from './calendar.ts';
import { naturalKey } from './customers/rules.ts';
import type { DomainServices } from './ports.ts';
import type { CustomerRecord, Scope } from './records.ts';
import { scopeFor } from './scope.ts';
import { analyzeDateExpression } from '../nlp/index.ts';
import { boundsOf, checkDayInWindow } from './bounds.ts';

export type Ctx = CommandContext<DomainServices>;

export function scopeOf(ctx: Ctx): Promise<Scope> {
  return scopeFor(ctx.actor, ctx.services.teams);
}

/** Today in the user's zone. */
export function today(ctx: Ctx): Day {
  return localDay(ctx.clock.now(), ctx.timeZone);
}

/** The workday calendar of the user's team (Chinese holidays by default). */
export async function calendarOf(ctx: Ctx): Promise<WorkdayCalendar> {
  const team = ctx.actor.teamId ? await ctx.services.teams.details(ctx.actor.teamId) : null;
  return calendarFor(team?.calendar ?? ctx.services.settings.defaultCalendar);
}

/**
 * The one customer a typed name means, among those the user may see: exact name or alias first, then a
 * unique partial match. Unknown and not-visible look the same (a denied lookup reveals nothing).
 */
export async function resolveCustomer(ctx: Ctx, text: string, scope?: Scope): Promise<CustomerRecord> {
  const wanted = naturalKey(text);
  if (!wanted) throw new KamError('customer.notFound', { name: text });
  const s = scope ?? (await scopeOf(ctx));
  const found = await ctx.services.customers.search(s, wanted, 20);
  const exact = found.filter((c) => naturalKey(c.name) === wanted || c.aliases.some((a) => naturalKey(a) === wanted));
  if (exact.length === 1) return exact[0] as CustomerRecord;
  const pool = exact.length > 1 ? exact : found;
  if (pool.length === 1) return pool[0] as CustomerRecord;
  if (pool.length === 0) throw new KamError('customer.notFound', { name: text });
  throw new KamError('customer.ambiguous', { name: text, options: pool.slice(0, 5).map((c) => c.name).join(', ') });
}

/** ¥1,200,000.00 / ¥120万 style is a matter of taste; we print grouped digits with the currency code. */
export function formatMoney(amount: number, currency: string, lang: Language): string {
  const n = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: 2, minimumFractionDigits: 0 }).format(amount);
  const symbol: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€' };
  return symbol[currency] ? `${symbol[currency]}${n}` : `${n} ${currency}`;
}

/**
 * A single date typed as an argument (`2026-12-15`, `12月15日`, `下周三`, `tomorrow`), as a day in the user's
 * zone. `direction` says which way a bare weekday or a month-day without a year points.
 */
export function dateArgument(ctx: Ctx, text: string, direction: 'past' | 'future'): Day {
  const result = analyzeDateExpression(text, { now: ctx.clock.now(), timeZone: ctx.timeZone }, { direction });
  if (!result.ok) {
    throw new KamError(result.problem.code === 'date.impossible' ? 'date.impossible' : 'date.unparseable', { text: text.trim() });
  }
  return checkDayInWindow(result.date, today(ctx), boundsOf(ctx.services.settings), text.trim());
}
