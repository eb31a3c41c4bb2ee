/**
 * What the bot accepts as plausible, stated once: how far back a visit may be dated, how far ahead a
 * follow-up, a promise or leave may lie, how large an amount may be, and how long each typed field may be.
 * Out-of-range input is refused with the range, in the user's language; nothing is clamped or cut silently.
 * The numbers are configurable (DomainSettings.bounds); these are the defaults.
 */
import { hasControlChars } from '../core/args.ts';
import { KamError } from '../core/errors.ts';
import { addDays, type Day } from './calendar.ts';

export interface PlausibilityBounds {
  /** A visit (or any typed date) may lie at most this many days before today. */
  pastDays: number;
  /** A follow-up, promise, leave (or any typed date) may lie at most this many days after today. */
  futureDays: number;
  /** The largest amount of money anywhere (revenue, credit, a visit's amount, a receivable). */
  maxAmount: number;
}

export const DEFAULT_BOUNDS: PlausibilityBounds = { pastDays: 730, futureDays: 366, maxAmount: 1e12 };

/** Longest text per field, in characters. Chat text as a whole is capped by the core (4,000). */
export const FIELD_LIMITS = {
  name: 200,
  alias: 200,
  industry: 100,
  region: 100,
  contacts: 500,
  contactName: 100,
  summary: 4000,
  note: 4000,
  text: 4000,
  invoice: 100,
  email: 254,
  id: 200,
} as const;

export type LimitedField = keyof typeof FIELD_LIMITS;

export function boundsOf(settings: { bounds?: Partial<PlausibilityBounds> | undefined } | undefined): PlausibilityBounds {
  return { ...DEFAULT_BOUNDS, ...(settings?.bounds ?? {}) };
}

/** The days a typed date may fall on: [today − pastDays, today + futureDays]. */
export function dateWindow(today: Day, bounds: PlausibilityBounds): { from: Day; to: Day } {
  return { from: addDays(today, -bounds.pastDays), to: addDays(today, bounds.futureDays) };
}

/** Refuses a day outside the window with the window in the message. */
export function checkDayInWindow(day: Day, today: Day, bounds: PlausibilityBounds, text?: string): Day {
  const { from, to } = dateWindow(today, bounds);
  if (day < from || day > to) throw new KamError('date.outOfRange', { date: day, text: text ?? day, from, to });
  return day;
}

/** Refuses an amount that is not a finite number in [0 (or −max when negatives are allowed), max]. */
export function checkAmount(value: number, bounds: PlausibilityBounds, text: string, opts: { allowNegative?: boolean } = {}): number {
  const min = opts.allowNegative ? -bounds.maxAmount : 0;
  if (!Number.isFinite(value) || value < min || value > bounds.maxAmount) {
    throw new KamError('input.amountRange', { text: text.trim().slice(0, 40), min: formatPlain(min), max: formatPlain(bounds.maxAmount) });
  }
  return value;
}

const formatPlain = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);

export { hasControlChars } from '../core/args.ts';

/**
 * Refuses text longer than its field allows, or holding control characters, naming the field (the message
 * says which and the limit). Nothing is cut or cleaned silently.
 */
export function checkLength(field: LimitedField, value: string | undefined, label: string): void {
  if (value === undefined) return;
  const max = FIELD_LIMITS[field];
  if (value.length > max) throw new KamError('input.tooLong', { what: field, label, length: value.length, max });
  if (hasControlChars(value)) throw new KamError('input.control', { what: field, label });
}
