/**
 * The durable inbox's vocabulary (see src/persistence/models/inbox.ts for the storage). Platform-neutral: an
 * entry carries the adapter's own serialized request, and each platform registers the processor that turns
 * one back into a core call and an answer.
 */

export interface InboxEntry {
  /** `<platform>:<event id>`: the event ledger's key. */
  id: string;
  platform: string;
  /** The adapter's request, as JSON-serializable data. */
  payload: unknown;
  acceptedAt: Date;
  /** Takeovers so far; 0 when the accepting process handles it. */
  attempts: number;
}

export interface InboxStore {
  /** Inserts a new entry; false when one with that id exists (a platform's retry of the same event). */
  insert(entry: InboxEntry, owner: string | null, leaseUntil: Date): Promise<boolean>;
  /** Pending entries whose lease ran out before `now`, oldest first. */
  expired(now: Date, limit: number, platforms: readonly string[]): Promise<InboxEntry[]>;
  /** Takes an expired entry over for `owner`; false when another process took it first. */
  takeOver(entry: InboxEntry, owner: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** Extends the lease of entries this process is working on. */
  renew(ids: readonly string[], leaseUntil: Date): Promise<void>;
  /** Gives entries back (nobody owns them; anyone may take them from `availableAt`). */
  release(ids: readonly string[], availableAt: Date): Promise<void>;
  finish(id: string, at: Date): Promise<void>;
  /** Deletes entries (and takeover claims) accepted before `before`; returns how many entries went. */
  purge(before: Date): Promise<number>;
}

/** What a processor reports: answered (done), or to be tried again later (a dependency was away). */
export type ProcessOutcome = 'done' | 'retry';

export interface ProcessInfo {
  /** The entry's id (`<platform>:<event id>`), for `Admission.begin`. */
  id: string;
  /** Set when the answer comes late (taken over after a restart, or long queued): the user is told. */
  delayedSince?: Date | undefined;
  /** False when this entry was tried before and came back for a retry (tell the user only once). */
  firstTry: boolean;
}

/** Handles one entry of a platform: the core call and the answer. */
export type InboxProcessor = (payload: unknown, info: ProcessInfo) => Promise<ProcessOutcome>;

/** How an adapter learns what happened to a message it offered. */
export type AcceptResult =
  /** Stored; this process works on it now. */
  | 'accepted'
  /** Stored; this process is full, so it waits for whichever process has room (tell the user it is queued). */
  | 'queued'
  /** The database did not answer in time: kept in this machine's spool until it does. */
  | 'spooled'
  /** Already in the inbox (a retried delivery): nothing to do. */
  | 'duplicate';

/** The notices the intake's users send without the core (it may be what is away). */
export type NoticeKey = 'queued' | 'slow' | 'notSaved';

/** What adapters see of the intake. */
export interface Admission {
  /** Offers one request before the platform is acknowledged; throws only when neither the database nor the disk took it. */
  accept(platform: string, eventId: string, payload: unknown): Promise<AcceptResult>;
  /** Called right before the entry's message goes to the core; false when it was handed to another process meanwhile. */
  begin(id: string): boolean;
  register(platform: string, processor: InboxProcessor): void;
  /** A notice in the language of a platform locale (else the default language). */
  notice(key: NoticeKey, locale?: string): string;
  /** How long the core may take before the user is told it is slow (the answer follows when it comes). */
  readonly slowNoticeMs: number;
}
