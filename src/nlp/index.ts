/**
 * Free-text understanding for visit notes and for date/customer arguments of commands.
 * Pure: no I/O, no system clock — `now`, the user's zone and the customers come from the caller.
 *
 * Choices a caller should know (the tests pin them down):
 * - Weeks run Monday–Sunday, in Chinese and English: 下周三 / "next Wednesday" = Wednesday of next
 *   week, 本周三 / "this Wednesday" = Wednesday of this week, 上周五 = Friday of last week;
 *   "last Friday" = the most recent Friday before today.
 * - A bare weekday (周一, "on Monday") points back for the visit (today counts) and forward for a
 *   follow-up (today does not). A month-day without year (11月20日, Nov 23, 11.20) is the nearest
 *   one in that direction, today included; `parseDateExpression` defaults to the future.
 * - Periods resolve to their first day: 下周 / next week = Monday of next week, 下个月 / 下个月初 /
 *   next month = the 1st of next month; 月中 = the 15th; 月底 = the last day; 年底 = Dec 31.
 *   Unprefixed 月底/月初/月中 move to the neighbouring month when they lie on the wrong side of
 *   today. A visit dated by a period gets a `date.vague` problem.
 * - "N个月后" / "in 1 month" clamp to the month's end (Jan 31 + 1 month = Feb 28).
 * - Impossible dates (2月30日, 2026-13-01, 下周八) are `date.impossible`, never shifted; an impossible
 *   visit date falls back to today with `explicit: false`.
 * - Contact titles are returned as written (张总 → title '总'), not expanded: 总 may be 总经理,
 *   总监 or 总裁. English honorifics give title null except Dr./Prof.
 * - A medium word beats a visit verb (电话拜访 = phone, "met on Zoom" = video); the first clause
 *   with a channel word decides; words in follow-up clauses ("下周三电话回访") do not count.
 *   A note whose main verb is 电话回访 (no date tied to it) is a phone contact.
 * - Amounts without a currency use `ctx.defaultCurrency` (default CNY).
 */
export type {
  Contact, CustomerCandidate, CustomerIndex, CustomerMatch, ParseContext, ParsedVisitNote, Problem, ScoredCandidate, VisitChannel,
} from './types.ts';
export { parseVisitNote } from './visit-note.ts';
export { analyzeDateExpression, parseDateExpression, type DateExpressionOptions, type DateExpressionResult } from './dates.ts';
export { buildCustomerIndex, matchCustomer, companyCore } from './customers.ts';
export { findContacts } from './contacts.ts';
export { findAmounts, type AmountMention } from './amounts.ts';
