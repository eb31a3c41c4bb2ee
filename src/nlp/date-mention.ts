/** The shape every date rule produces, before the composer decides what each date means. */
import type { DateTime } from 'luxon';
import type { Direction, Resolution } from './calendar.ts';

/**
 * What an expression can refer to by itself. 昨天 can only be past, 下周三 only future; a bare
 * 周三 or 11月20日 is 'either' and gets its direction from its role (visit or follow-up).
 */
export type Tense = 'past' | 'present' | 'future' | 'either';

export interface DateMention {
  start: number;
  end: number;
  /** Wider span removed from the summary (takes "on", "in", "by", a trailing 前 …). */
  removeStart: number;
  removeEnd: number;
  text: string;
  tense: Tense;
  /** A period rather than a day (下周, next month): resolved to its first day. */
  vague: boolean;
  /** "月底前", "by Friday": a deadline, which reads as a task, i.e. a follow-up. */
  deadline: boolean;
  /** Words like 过几天 / soon: clearly about timing but without a date. */
  unresolvable: boolean;
  /** A bare number pair (12.8, 11/20) that may as well be a price or a ratio: kept in the summary. */
  ambiguous: boolean;
  resolve: (dir: Direction) => Resolution;
}

export interface RawMention {
  start: number;
  end: number;
  tense: Tense;
  vague?: boolean;
  deadline?: boolean;
  unresolvable?: boolean;
  ambiguous?: boolean;
  removeStart?: number;
  removeEnd?: number;
  resolve: (dir: Direction) => Resolution;
}

export type RuleContext = { today: DateTime };
