/**
 * What the domain needs from storage, as interfaces. src/persistence implements them with mongoose; the
 * domain and the core never import a database library.
 */
import type { Actor, Language, Role } from '../core/identity.ts';
import type { ConversationRef } from '../core/messages.ts';
import type { Day } from './calendar.ts';
import type {
  CallbackRecord,
  CallbackStatus,
  Contact,
  CustomerRecord,
  CustomerStatus,
  ReceivableRecord,
  Scope,
  TeamDetails,
  VisitRecord,
  WeeklyReportRecord,
} from './records.ts';

export interface TeamRecord {
  id: string;
  name: string;
  timeZone: string;
}

export interface TeamRepository {
  /** Throws KamError `teamExists` when the name is taken. */
  create(input: { name: string; timeZone: string }): Promise<TeamRecord>;
  findByName(name: string): Promise<TeamRecord | null>;
  list(): Promise<Array<TeamRecord & { members: number }>>;
  details(teamId: string): Promise<TeamDetails | null>;
  /** Teams a user supervises or manages (besides their own). */
  ledBy(userId: string): Promise<string[]>;
  update(teamId: string, patch: { supervisorId?: string; managerId?: string; summaryChannel?: ConversationRef; calendar?: 'cn' | 'plain'; timeZone?: string }): Promise<void>;
}

export interface UserRepository {
  /** A user by email, any platform id, or exact name. */
  findByHandle(handle: string): Promise<Actor | null>;
  get(userId: string): Promise<Actor | null>;
  names(userIds: string[]): Promise<Map<string, string>>;
  /** Members of teams (every role), for supervisors' status views. */
  members(teamIds: string[]): Promise<Actor[]>;
  setLanguage(userId: string, language: Language | null): Promise<void>;
  setTimeZone(userId: string, timeZone: string): Promise<void>;
  setRole(userId: string, role: Role): Promise<void>;
  setTeam(userId: string, teamId: string): Promise<void>;
  teamName(teamId: string): Promise<string | null>;
  leave(userId: string): Promise<Array<{ from: string; to: string }>>;
  setLeave(userId: string, periods: Array<{ from: string; to: string }>): Promise<void>;
}

/**
 * How to reverse one write — its inverse, never a snapshot; collected by use cases and stored for /undo (and to
 * compensate a failure midway).
 */
export interface UndoStep {
  /**
   * delete: remove a created record; set: put back the earlier values of only the fields the write changed
   * (null = unset), while they still hold what it wrote (`expect`); pull: remove the array items it added;
   * unpay: remove one payment (ledger entry) and subtract exactly its amount. `restore` (a whole earlier
   * document) is only found in changes recorded by older versions, and is refused rather than applied.
   */
  op: 'delete' | 'set' | 'pull' | 'unpay' | 'restore';
  collection: string;
  id: string;
  /** For `set`: field → earlier value (null to unset). */
  fields?: Record<string, unknown>;
  /** For `set`: field → the value the write left; the reversal applies only while they still hold. */
  expect?: Record<string, unknown>;
  /** For `set`: refuse the whole undo when `expect` no longer holds (a user's edit); else skip this step. */
  strict?: boolean;
  /** For `pull`: the array field and the exact items the write added. */
  field?: string;
  items?: unknown[];
  /** For `unpay`: the payment entry as stored (it carries a unique `id` and its `amount`). */
  entry?: { id: string; amount: number } & Record<string, unknown>;
  /** Older records only: `restore`'s document, `pull`'s item names. */
  before?: unknown;
  names?: string[];
}

export interface Written<T> {
  record: T;
  undo: UndoStep;
}

/**
 * `undone`: reversed; `none`: nothing to undo; `conflict`: an edit whose fields someone changed since — nothing
 * was reversed.
 */
export type UndoOutcome = { status: 'undone' | 'conflict'; kind: string; label: string } | { status: 'none' };

export interface ChangeLog {
  /** Records a finished change so /undo can reverse it. */
  record(change: { userId: string; kind: string; label: string; ref?: string; steps: UndoStep[]; at: Date }): Promise<void>;
  /**
   * Reverses the user's latest change that is not undone — or, with `ref`, that user's change about that
   * record (an Undo button on an older card); null when there is none.
   */
  undo(userId: string, ref?: string): Promise<UndoOutcome>;
  /** Who made the change about `ref` that is not undone yet (for a button pressed by someone else). */
  ownerOf(ref: string): Promise<string | null>;
  /** Applies reverse steps now (newest first): compensation when a multi-write use case fails midway. */
  revert(steps: UndoStep[]): Promise<void>;
}

export interface CustomerCandidateRow {
  id: string;
  name: string;
  aliases: string[];
}

export interface NewCustomer {
  name: string;
  aliases?: string[];
  ownerId: string;
  teamId?: string | undefined;
  status?: CustomerStatus;
  tier?: CustomerRecord['tier'];
  industry?: string | undefined;
  region?: string | undefined;
  contacts?: Contact[];
  creditLimit?: number | undefined;
  annualRevenue?: number | undefined;
  /** When it was added, from the injected clock (the manager summary counts new customers by it). */
  createdAt?: Date | undefined;
}

export interface CustomerRepository {
  /** Names and aliases of every customer in scope, for matching notes. */
  candidates(scope: Scope): Promise<CustomerCandidateRow[]>;
  get(scope: Scope, id: string): Promise<CustomerRecord | null>;
  /** Customers whose name, key or alias contains the query (case-insensitive, literal). */
  search(scope: Scope, query: string, limit: number): Promise<CustomerRecord[]>;
  list(scope: Scope, filter: { ownerId?: string; status?: CustomerStatus }, limit: number): Promise<CustomerRecord[]>;
  /** Throws KamError `customer.exists` when the name (natural key) is taken. */
  create(input: NewCustomer): Promise<Written<CustomerRecord>>;
  /** Adds contacts not already on file (by name); null when nothing changed. */
  addContacts(id: string, contacts: Contact[]): Promise<UndoStep | null>;
  /** Moves lastVisitDay forward (never back); null when unchanged. */
  touchLastVisit(id: string, day: Day): Promise<UndoStep | null>;
}

export interface NewVisit extends Omit<VisitRecord, 'id' | 'callbackId'> {
  week: string;
  month: string;
  planned: boolean;
  sourceEventId?: string | undefined;
}

export interface VisitRepository {
  create(input: NewVisit): Promise<Written<VisitRecord>>;
  get(scope: Scope, id: string): Promise<VisitRecord | null>;
  update(id: string, patch: Partial<NewVisit> & { callbackId?: string | null }): Promise<Written<VisitRecord>>;
  recent(scope: Scope, filter: { customerId?: string; ownerId?: string }, limit: number): Promise<VisitRecord[]>;
}

export interface NewCallback extends Omit<CallbackRecord, 'id' | 'status' | 'doneDay'> {
  week: string;
  status?: CallbackStatus;
}

export interface CallbackRepository {
  create(input: NewCallback): Promise<Written<CallbackRecord>>;
  get(scope: Scope, id: string): Promise<CallbackRecord | null>;
  /** Open and snoozed callbacks in scope, earliest due first. */
  listOpen(scope: Scope, filter: { ownerId?: string; customerId?: string; dueOnOrBefore?: Day }, limit: number): Promise<CallbackRecord[]>;
  update(
    id: string,
    patch: { status?: CallbackStatus; dueDay?: Day; week?: string; doneDay?: Day | null; doneWeek?: string | null; doneAt?: Date | null },
  ): Promise<Written<CallbackRecord>>;
}

export interface ReceivableRepository {
  listOpen(scope: Scope, filter: { ownerId?: string; customerId?: string }): Promise<ReceivableRecord[]>;
  findByInvoice(scope: Scope, invoiceNo: string): Promise<ReceivableRecord | null>;
  recordPayment(id: string, payment: { amount: number; day: Day; at: Date; byUserId: string; week: string; month: string }): Promise<Written<ReceivableRecord>>;
  setPromise(id: string, day: Day | null): Promise<Written<ReceivableRecord>>;
}

/** A rep's figures for one ISO week, from the records (for the weekly report). */
export interface WeekActivity {
  visits: number;
  customersTouched: number;
  newCustomers: number;
  callbacksDone: number;
  callbacksOverdue: number;
  paymentsReceived: number;
  overdueReceivables: number;
  overdueAmount: number;
}

export interface ReportRepository {
  get(userId: string, week: string): Promise<WeeklyReportRecord | null>;
  save(
    input: { userId: string; teamId?: string | undefined; week: string; highlights?: string; problems?: string; plan?: string; stats: Record<string, number>; status?: 'draft' | 'submitted'; submittedAt?: Date },
  ): Promise<Written<WeeklyReportRecord>>;
  listForUsers(userIds: string[], week: string): Promise<WeeklyReportRecord[]>;
  /** Figures of a user's week: `week` is the ISO key, `today` the user's local day (for what is overdue). */
  activity(userId: string, week: string, today: Day): Promise<WeekActivity>;
}

/** Notes waiting for the user to pick a customer. */
export interface PendingNoteRepository {
  create(input: { userId: string; text: string; writtenAt: Date; timeZone: string; mention: string | null }): Promise<string>;
  get(userId: string, id: string): Promise<{ id: string; text: string; writtenAt: Date; timeZone: string; mention: string | null; status: string } | null>;
  /** Who wrote the note (null: no such note), so a button pressed by someone else is refused. */
  ownerOf(id: string): Promise<string | null>;
  /** Marks the note used; false when it was already used (a double click). */
  settle(id: string, status: 'saved' | 'dropped', visitId?: string): Promise<boolean>;
  /** Puts a claimed note back to waiting (its save failed), so the user can pick again. */
  release(id: string): Promise<void>;
}

export interface DomainServices {
  users: UserRepository;
  teams: TeamRepository;
  customers: CustomerRepository;
  visits: VisitRepository;
  callbacks: CallbackRepository;
  receivables: ReceivableRepository;
  reports: ReportRepository;
  changes: ChangeLog;
  pending: PendingNoteRepository;
  /** Settings that shape the rules (tiers, cadences); from configuration. */
  settings: DomainSettings;
}

export interface DomainSettings {
  tierThresholds: import('./customers/rules.ts').TierThresholds;
  /** Calendar used when a user's team has none. */
  defaultCalendar: 'cn' | 'plain';
  /** Plausibility bounds (date windows, largest amount); DEFAULT_BOUNDS where not given. */
  bounds?: Partial<import('./bounds.ts').PlausibilityBounds> | undefined;
}
