/**
 * Public shapes of the visit-note understanding module. Kept in a leaf file so the rule files can
 * share them without import cycles (the dependency cruiser forbids cycles).
 */

export interface CustomerCandidate {
  id: string;
  name: string;
  aliases: string[];
}

/** Opaque, precomputed lookup over many customers; build once with `buildCustomerIndex`. */
export interface CustomerIndex {
  readonly kind: 'customer-index';
  readonly size: number;
}

export interface ParseContext {
  /** Injected clock: the module never reads the system time. */
  now: Date;
  /** The user's IANA zone; dates are calendar dates in this zone. */
  timeZone: string;
  /** The customers this rep may see, raw or pre-indexed (pre-index when there are thousands). */
  customers: CustomerCandidate[] | CustomerIndex;
  /** Currency for amounts written without one (`50k`, `120万`); default 'CNY'. */
  defaultCurrency?: string;
}

export type VisitChannel = 'onsite' | 'phone' | 'video' | 'message';

export interface ScoredCandidate {
  id: string;
  name: string;
  score: number;
}

export type CustomerMatch =
  | { status: 'matched'; id: string; name: string; matchedText: string }
  | { status: 'ambiguous'; mention: string | null; candidates: ScoredCandidate[] }
  | { status: 'unknown'; mention: string | null; candidates: ScoredCandidate[] };

export interface Contact {
  name: string;
  title: string | null;
}

export interface Problem {
  code: 'date.unparseable' | 'date.impossible' | 'date.future' | 'followup.past' | (string & {});
  text: string;
}

export interface ParsedVisitNote {
  customer: CustomerMatch;
  contacts: Contact[];
  visitedAt: { date: string; explicit: boolean; text: string | null };
  channel: { value: VisitChannel; explicit: boolean };
  nextFollowUp: { date: string; text: string } | null;
  amount: { value: number; currency: string; text: string } | null;
  summary: string;
  problems: Problem[];
}

/** A half-open range [start, end) of UTF-16 offsets into the note. */
export interface Span {
  start: number;
  end: number;
}
