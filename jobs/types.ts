/** What every scheduled job produces: deliveries, each keyed for exactly-once sending. */
import type { Language } from '../src/core/identity.ts';
import type { ConversationRef, Reply } from '../src/core/messages.ts';

export const JOB_NAMES = ['weekly-report-reminder', 'callback-nudges', 'overdue-alerts', 'manager-summary', 'monthly-rollup'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const isJobName = (name: string): name is JobName => (JOB_NAMES as readonly string[]).includes(name);

export interface PlannedDelivery {
  job: JobName;
  /** A user id, or `team.<teamId>` for the team's channel. */
  recipient: string;
  recipientUserId?: string | undefined;
  teamId: string;
  /** What the delivery is about, e.g. an ISO week, a local day, a month, a receivable id. */
  period: string;
  /** Distinguishes several deliveries of one job to one recipient for one period (reminder, escalation step). */
  step?: string | undefined;
  ref: ConversationRef;
  replies: Reply[];
  /** Plain-text rendering in the recipient's language, for the delivery log. */
  text: string;
  language: Language;
}

/**
 * The idempotency key `job:recipient:period[:step]`, the ledger's `_id`. Deterministic from what the delivery
 * is about, never from when it was planned, so every duplicate path computes the same key.
 */
export function deliveryKey(d: Pick<PlannedDelivery, 'job' | 'recipient' | 'period' | 'step'>): string {
  return [d.job, d.recipient, d.period, ...(d.step ? [d.step] : [])].join(':');
}
