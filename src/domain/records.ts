/** The records the domain works with, independent of how they are stored. Days are `YYYY-MM-DD`. */
import type { ConversationRef } from '../core/messages.ts';
import type { Day } from './calendar.ts';
import type { Tier } from './customers/rules.ts';

export type CustomerStatus = 'prospect' | 'active' | 'dormant' | 'lost';
export type VisitChannel = 'onsite' | 'phone' | 'video' | 'message';
export type CallbackStatus = 'open' | 'done' | 'snoozed' | 'cancelled';
export type CallbackOrigin = 'visit' | 'cadence' | 'manual';

export interface Contact {
  name: string;
  title?: string | undefined;
  phone?: string | undefined;
}

export interface CustomerRecord {
  id: string;
  name: string;
  aliases: string[];
  ownerId: string;
  teamId?: string | undefined;
  tier?: Tier | undefined;
  industry?: string | undefined;
  region?: string | undefined;
  status: CustomerStatus;
  contacts: Contact[];
  creditLimit?: number | undefined;
  annualRevenue?: number | undefined;
  lastVisitDay?: Day | undefined;
}

export interface VisitRecord {
  id: string;
  customerId: string;
  customerName: string;
  ownerId: string;
  teamId?: string | undefined;
  channel: VisitChannel;
  visitDay: Day;
  visitedAt: Date;
  timeZone: string;
  contacts: string[];
  summary: string;
  amount?: number | undefined;
  currency?: string | undefined;
  nextFollowUpDay?: Day | undefined;
  callbackId?: string | undefined;
  rawNote?: string | undefined;
}

export interface CallbackRecord {
  id: string;
  customerId: string;
  customerName: string;
  ownerId: string;
  teamId?: string | undefined;
  dueDay: Day;
  status: CallbackStatus;
  origin: CallbackOrigin;
  visitId?: string | undefined;
  note: string;
  doneDay?: Day | undefined;
}

/** One ledger entry of a receivable: from the chat (who booked it) or from finance's import. */
export interface PaymentRecord {
  /** Absent on entries written before the ledger had ids. */
  id?: string | undefined;
  source?: 'chat' | 'import' | undefined;
  amount: number;
  day: Day;
  byUserId?: string | undefined;
}

export interface ReceivableRecord {
  id: string;
  customerId: string;
  customerName: string;
  ownerId: string;
  teamId?: string | undefined;
  invoiceNo: string;
  amount: number;
  currency: string;
  issuedDay: Day;
  dueDay: Day;
  paidAmount: number;
  payments: PaymentRecord[];
  promiseDay?: Day | undefined;
  status: 'open' | 'paid' | 'written_off';
}

export interface WeeklyReportRecord {
  id: string;
  userId: string;
  teamId?: string | undefined;
  week: string;
  status: 'draft' | 'submitted';
  highlights: string;
  problems: string;
  plan: string;
  stats: Record<string, number>;
  submittedAt?: Date | undefined;
}

export interface TeamDetails {
  id: string;
  name: string;
  timeZone: string;
  supervisorId?: string | undefined;
  managerId?: string | undefined;
  summaryChannel?: ConversationRef | undefined;
  calendar: 'cn' | 'plain';
}

/**
 * What a person may see: a rep their own accounts, a supervisor or manager their teams', a director or
 * admin everything. Every query that returns customer data takes one.
 */
export type Scope = { kind: 'own'; userId: string } | { kind: 'teams'; userId: string; teamIds: string[] } | { kind: 'all' };
