import type { Connection } from 'mongoose';
import { identitySchema, userSchema } from './users.ts';
import { teamSchema } from './teams.ts';
import { processedEventSchema } from './events.ts';
import { customerSchema } from './customers.ts';
import { visitSchema } from './visits.ts';
import { callbackSchema } from './callbacks.ts';
import { receivableSchema } from './receivables.ts';
import { weeklyReportSchema } from './reports.ts';
import { changeSchema } from './changes.ts';
import { pendingNoteSchema } from './pending.ts';
import { deliverySchema } from './deliveries.ts';
import { inboxClaimSchema, inboxEntrySchema } from './inbox.ts';

export function registerModels(conn: Connection) {
  return {
    User: conn.model('User', userSchema),
    Identity: conn.model('Identity', identitySchema),
    Team: conn.model('Team', teamSchema),
    ProcessedEvent: conn.model('ProcessedEvent', processedEventSchema),
    Customer: conn.model('Customer', customerSchema),
    Visit: conn.model('Visit', visitSchema),
    Callback: conn.model('Callback', callbackSchema),
    Receivable: conn.model('Receivable', receivableSchema),
    WeeklyReport: conn.model('WeeklyReport', weeklyReportSchema),
    Change: conn.model('Change', changeSchema),
    PendingNote: conn.model('PendingNote', pendingNoteSchema),
    Delivery: conn.model('Delivery', deliverySchema),
    InboxEntry: conn.model('InboxEntry', inboxEntrySchema),
    InboxClaim: conn.model('InboxClaim', inboxClaimSchema),
  };
}

export type Models = ReturnType<typeof registerModels>;
