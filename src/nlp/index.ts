/** Free-text understanding for visit notes and date/customer arguments. Pure: no I/O, no clock. */
export type {
  Contact, CustomerCandidate, CustomerIndex, CustomerMatch, ParseContext, ParsedVisitNote, Problem, ScoredCandidate, VisitChannel,
} from './types.ts';
export { parseVisitNote } from './visit-note.ts';
export { analyzeDateExpression, parseDateExpression, type DateExpressionOptions, type DateExpressionResult } from './dates.ts';
export { buildCustomerIndex, matchCustomer, companyCore } from './customers.ts';
export { findContacts } from './contacts.ts';
export { findAmounts, type AmountMention } from './amounts.ts';
