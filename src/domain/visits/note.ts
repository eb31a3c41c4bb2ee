/**
 * From what the rep typed to a VisitDraft: a free-text note through the NLP module, or structured fields
 * (`customer:… date:… next:…`, or a form's values). Each path checks the same things.
 */
import { forField, KamError } from '../../core/errors.ts';
import { findAmounts, findContacts, parseVisitNote, type ParsedVisitNote } from '../../nlp/index.ts';
import type { Ctx } from '../context.ts';
import { dateArgument, resolveCustomer, today } from '../context.ts';
import type { Contact, CustomerRecord, VisitChannel } from '../records.ts';
import type { CustomerCandidateRow } from '../ports.ts';
import { checkVisitDates, type VisitDraft } from './service.ts';
import { lookupOption } from '../../core/args.ts';
import { boundsOf, checkAmount, checkLength, dateWindow, type LimitedField, type PlausibilityBounds } from '../bounds.ts';

/** True when the visit day is outside the plausibility window (so a refusal belongs to the date field). */
function checkedDay(day: string, todayDay: string, bounds: PlausibilityBounds): boolean {
  const { from, to } = dateWindow(todayDay, bounds);
  return day < from || day > to;
}

export const VISIT_CHANNELS: readonly VisitChannel[] = ['onsite', 'phone', 'video', 'message'];

/** Structured keys (English and Chinese) that make `/visit` read its text as fields. */
export const VISIT_KEYS: Record<string, keyof StructuredVisit> = {
  customer: 'customer', 客户: 'customer',
  date: 'date', 日期: 'date',
  next: 'next', 下次: 'next', 回访: 'next',
  channel: 'channel', 方式: 'channel',
  contacts: 'contacts', 联系人: 'contacts',
  summary: 'summary', 摘要: 'summary', 内容: 'summary',
  amount: 'amount', 金额: 'amount',
};

export interface StructuredVisit {
  customer?: string;
  date?: string;
  next?: string;
  channel?: string;
  contacts?: string;
  summary?: string;
  amount?: string;
}

export function isStructured(text: string): boolean {
  const m = /^\s*([A-Za-z\u4e00-\u9fff]+)\s*[:：]/.exec(text);
  return Boolean(m && m[1] !== undefined && lookupOption(VISIT_KEYS, m[1].toLowerCase()));
}

export function parseNote(ctx: Ctx, text: string, customers: CustomerCandidateRow[], writtenAt?: Date): ParsedVisitNote {
  return parseVisitNote(text, { now: writtenAt ?? ctx.clock.now(), timeZone: ctx.timeZone, customers });
}

/**
 * Turns the parser's date problems into the one message the user should see. Only an impossible date
 * (2月30日) stops a note; vague timing (过几天再联系) is kept in the summary and saved without a date.
 */
export function checkNoteProblems(note: ParsedVisitNote): void {
  const problem = note.problems.find((p) => p.code === 'date.impossible');
  if (problem) throw new KamError('date.impossible', { text: problem.text });
}

/** A draft from a parsed note and the customer it is about. Dates are checked against `today`. */
export function draftFromNote(ctx: Ctx, note: ParsedVisitNote, customerId: string, rawNote: string, todayDay = today(ctx)): VisitDraft {
  checkNoteProblems(note);
  const bounds = boundsOf(ctx.services.settings);
  const draft: VisitDraft = {
    customerId,
    visitDay: note.visitedAt.date,
    channel: note.channel.value,
    contacts: note.contacts.map((c) => ({ name: c.name, title: c.title ?? undefined })),
    summary: note.summary,
    amount: note.amount ? { value: checkAmount(note.amount.value, bounds, note.amount.text), currency: note.amount.currency } : null,
    nextFollowUpDay: note.nextFollowUp?.date ?? null,
    rawNote,
  };
  checkVisitDates(draft, todayDay, { visit: note.visitedAt.text ?? undefined, next: note.nextFollowUp?.text }, bounds);
  return draft;
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '' || v.trim() === '-';

function parseContacts(ctx: Ctx, text: string | undefined): Contact[] {
  if (blank(text)) return [];
  const found = findContacts(text as string);
  if (found.length > 0) return found.map((c) => ({ name: c.name, title: c.title ?? undefined }));
  const names = (text as string)
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 20)
    .map((name) => ({ name }));
  for (const c of names) checkLength('contactName', c.name, ctx.t('input.fields.contactName'));
  return names;
}

function parseChannel(text: string | undefined): VisitChannel {
  if (blank(text)) return 'onsite';
  const v = (text as string).trim().toLowerCase();
  const match = VISIT_CHANNELS.find((c) => c === v);
  if (match) return match;
  const named: Record<string, VisitChannel> = { 上门: 'onsite', 拜访: 'onsite', 现场: 'onsite', 电话: 'phone', 视频: 'video', 消息: 'message', 微信: 'message', 邮件: 'message', email: 'message', wechat: 'message' };
  const found = lookupOption(named, v);
  if (!found) throw new KamError('badArguments', { command: 'visit', detail: v, usage: '' }, 'visit.errors.channel');
  return found;
}

function parseAmount(text: string | undefined, bounds: PlausibilityBounds): VisitDraft['amount'] {
  if (blank(text)) return null;
  const found = findAmounts(text as string)[0];
  if (found) return { value: checkAmount(found.value, bounds, text as string), currency: found.currency };
  const plain = Number((text as string).replace(/[,，\s]/g, ''));
  if (Number.isNaN(plain)) throw new KamError('visit.badAmount', { text: (text as string).trim().slice(0, 40) });
  return { value: checkAmount(plain, bounds, text as string), currency: 'CNY' };
}

/** Each typed form field within its length, refused under that field (a form bypasses the chat text cap). */
function checkFieldLengths(ctx: Ctx, fields: StructuredVisit): void {
  const limits: Array<[keyof StructuredVisit, LimitedField]> = [
    ['customer', 'name'], ['date', 'id'], ['next', 'id'], ['channel', 'id'], ['contacts', 'contacts'], ['summary', 'summary'], ['amount', 'id'],
  ];
  for (const [field, limit] of limits) {
    const value = fields[field];
    if (typeof value !== 'string' && value !== undefined) throw new KamError('badArguments', { command: 'visit', detail: field, usage: '', field });
    forField(field, () => checkLength(limit, value, ctx.t(`input.fields.${field}`)));
  }
}

/**
 * A draft from structured fields (arguments or a submitted form). A refusal names the field it concerns
 * (`customer`, `date`, `channel`, `amount`, `next`), so a modal can show it under that field.
 */
export async function draftFromFields(ctx: Ctx, fields: StructuredVisit, fallbackCustomer?: CustomerRecord): Promise<VisitDraft> {
  checkFieldLengths(ctx, fields);
  const bounds = boundsOf(ctx.services.settings);
  const customer = blank(fields.customer) ? fallbackCustomer : await forField('customer', () => resolveCustomer(ctx, fields.customer as string));
  if (!customer) throw new KamError('visit.customerRequired', { field: 'customer' });
  const todayDay = today(ctx);
  const visitDay = blank(fields.date) ? todayDay : forField('date', () => dateArgument(ctx, fields.date as string, 'past'));
  const nextFollowUpDay = blank(fields.next) ? null : forField('next', () => dateArgument(ctx, fields.next as string, 'future'));
  const draft: VisitDraft = {
    customerId: customer.id,
    visitDay,
    channel: forField('channel', () => parseChannel(fields.channel)),
    contacts: forField('contacts', () => parseContacts(ctx, fields.contacts)),
    summary: (fields.summary ?? '').trim(),
    amount: forField('amount', () => parseAmount(fields.amount, bounds)),
    nextFollowUpDay,
  };
  // A visit day after today is the visit date's fault; a follow-up not after the visit is the follow-up's.
  const visitOff = draft.visitDay > todayDay || checkedDay(draft.visitDay, todayDay, bounds);
  forField(visitOff ? 'date' : 'next', () => checkVisitDates(draft, todayDay, { visit: fields.date, next: fields.next }, bounds));
  return draft;
}
