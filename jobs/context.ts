/**
 * What a job definition plans with: the team, its people, the instant, the calendar, and `due`, which answers
 * "is this slot happening now for someone in this zone" (or, forced, "which occurrence would it serve").
 */
import type { I18n, Translate } from '../src/core/i18n.ts';
import type { Language } from '../src/core/identity.ts';
import type { Logger } from '../src/core/logger.ts';
import type { Reply } from '../src/core/messages.ts';
import { calendarFor, type WorkdayCalendar } from '../src/domain/calendar.ts';
import type { DeliveryLedger } from '../src/persistence/deliveries.ts';
import type { Models } from '../src/persistence/models/index.ts';
import { plainText } from './delivery/plain-text.ts';
import { loadPeople, onLeave, type PeopleDefaults, type Person, type TeamInfo } from './people.ts';
import { DEFAULT_SCHEDULES, slotKey, type SlotSpec } from './schedule/defaults.ts';
import { isValidCron } from './schedule/cron.ts';
import { latestOccurrence, makeSlot, occurrenceAt, type Occurrence, type Slot } from './schedule/slots.ts';
import type { JobName, PlannedDelivery } from './types.ts';

export interface JobRules {
  /** How late after its time a tick still counts as "now". */
  graceMinutes: number;
  /** Days without a visit after which an active account of each tier class gets a cadence callback. */
  cadenceDays: Record<'A' | 'B' | 'C' | 'D', number>;
  /** Days overdue from which each escalation step applies. */
  escalation: { supervisor: number; manager: number; director: number };
  /** Escalation messages to one person in one run; the rest follow on the next runs, oldest first. */
  maxEscalationsPerRun: number;
  /** Callback cards in one digest (the text lists them all). */
  maxCallbackCards: number;
}

export const DEFAULT_RULES: JobRules = {
  graceMinutes: 60,
  cadenceDays: { A: 14, B: 30, C: 90, D: 90 },
  escalation: { supervisor: 15, manager: 30, director: 60 },
  maxEscalationsPerRun: 20,
  maxCallbackCards: 10,
};

/** Long-lived dependencies of every run. */
export interface JobEnv {
  models: Models;
  ledger: DeliveryLedger;
  i18n: I18n;
  people: PeopleDefaults;
  /** Slot key → cron, before team overrides (defaults: DEFAULT_SCHEDULES). */
  schedules: Record<string, string>;
  rules: JobRules;
  /** A font file with CJK glyphs for chart images; charts are skipped without one only if rendering fails. */
  chartFont?: string | undefined;
  logger: Logger;
  /** Told of every send attempt's outcome (metrics, and one log line per delivery). */
  observeDelivery?: ((event: DeliveryEvent) => void) | undefined;
}

/** One send attempt of one delivery, for metrics and logs: who and what, never the text. */
export interface DeliveryEvent {
  key: string;
  job: string;
  platform: string;
  /** A user id, or `team.<teamId>` for a team's channel (the key's second part). */
  recipient: string;
  result: 'sent' | 'already-sent' | 'busy' | 'unknown' | 'rate-limited' | 'error' | 'undeliverable';
  ms: number;
}

export interface PlanContext {
  env: JobEnv;
  job: JobName;
  team: TeamInfo;
  now: Date;
  force: boolean;
  calendar: WorkdayCalendar;
  members: Person[];
  slot(id: string): Slot;
  /**
   * The occurrence of the slot this run serves for someone in `zone`: happening now, or — forced — the latest one.
   * A person on leave that day is never due unless forced.
   */
  due(slotId: string, zone: string, person?: Person): Occurrence | null;
  people(ids: Array<string | undefined>): Promise<Map<string, Person>>;
  t(lang: Language): Translate;
  /** A delivery to a person's direct chat; null when they cannot be reached from this process. */
  toPerson(person: Person, d: { period: string; step?: string; replies: Reply[] }): PlannedDelivery | null;
}

export function resolveSlot(env: Pick<JobEnv, 'schedules' | 'logger'>, team: TeamInfo, job: JobName, spec: SlotSpec): Slot {
  const key = slotKey(job, spec.id);
  const override = team.schedules[key];
  if (override && !isValidCron(override)) env.logger.warn({ team: team.name, key, pattern: override }, 'invalid team schedule ignored');
  const pattern = override && isValidCron(override) ? override : (env.schedules[key] ?? DEFAULT_SCHEDULES[key]);
  if (!pattern) throw new Error(`no schedule for ${key}`);
  return makeSlot(key, spec.id, pattern, spec.days);
}

export function planContext(env: JobEnv, job: JobName, specs: SlotSpec[], team: TeamInfo, members: Person[], now: Date, force: boolean): PlanContext {
  const calendar = calendarFor(team.calendar);
  const slots = new Map(specs.map((s) => [s.id, resolveSlot(env, team, job, s)]));
  const known = new Map(members.map((m) => [m.id, m]));
  const slot = (id: string) => {
    const s = slots.get(id);
    if (!s) throw new Error(`${job} has no slot ${id}`);
    return s;
  };
  return {
    env,
    job,
    team,
    now,
    force,
    calendar,
    members,
    slot,
    due(slotId, zone, person) {
      const s = slot(slotId);
      if (force) return latestOccurrence(s, now, zone, calendar);
      const occurrence = occurrenceAt(s, now, zone, calendar, env.rules.graceMinutes);
      if (!occurrence || (person && onLeave(person, occurrence.day))) return null;
      return occurrence;
    },
    async people(ids) {
      const missing = ids.filter((id): id is string => Boolean(id) && !known.has(id as string));
      if (missing.length) for (const [id, p] of await loadPeople(env.models, missing, env.people)) known.set(id, p);
      return new Map(ids.flatMap((id) => (id && known.has(id) ? [[id, known.get(id) as Person]] : [])));
    },
    t: (lang) => env.i18n.t(lang),
    toPerson(person, d) {
      if (!person.ref) return null;
      return {
        job,
        recipient: person.id,
        recipientUserId: person.id,
        teamId: team.id,
        period: d.period,
        step: d.step,
        ref: person.ref,
        replies: d.replies,
        text: plainText(d.replies),
        language: person.language,
      };
    },
  };
}

export interface JobDefinition {
  name: JobName;
  slots: SlotSpec[];
  plan(ctx: PlanContext): Promise<PlannedDelivery[]>;
}
