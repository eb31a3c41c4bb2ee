/**
 * Saving a visit: the visit, its follow-up callback, new contacts on the customer file and the customer's
 * last-visit day — written in order, recorded as one undoable change, and reverted as a whole if any write
 * fails (no transactions on FerretDB 1.24, so the use case compensates).
 */
import { KamError } from '../../core/errors.ts';
import { checkDayInWindow, DEFAULT_BOUNDS, type PlausibilityBounds } from '../bounds.ts';
import { isoWeekKey, localDay, monthKey, startOfDay, type Day } from '../calendar.ts';
import type { Ctx } from '../context.ts';
import { scopeOf } from '../context.ts';
import type { UndoStep } from '../ports.ts';
import type { CallbackRecord, Contact, VisitChannel, VisitRecord } from '../records.ts';

export interface VisitDraft {
  customerId: string;
  visitDay: Day;
  channel: VisitChannel;
  contacts: Contact[];
  summary: string;
  amount?: { value: number; currency: string } | null | undefined;
  nextFollowUpDay?: Day | null | undefined;
  rawNote?: string | undefined;
}

export interface SavedVisit {
  visit: VisitRecord;
  callback: CallbackRecord | null;
}

/**
 * Checks the dates against today, the plausibility window and each other; throws the message the user
 * should see. `texts` are the words the dates were read from, quoted back in the message.
 */
export function checkVisitDates(
  draft: Pick<VisitDraft, 'visitDay' | 'nextFollowUpDay'>,
  today: Day,
  texts: { visit?: string | undefined; next?: string | undefined } = {},
  bounds: PlausibilityBounds = DEFAULT_BOUNDS,
): void {
  if (draft.visitDay > today) throw new KamError('visit.futureDate', { date: draft.visitDay, text: texts.visit ?? draft.visitDay });
  checkDayInWindow(draft.visitDay, today, bounds, texts.visit);
  if (draft.nextFollowUpDay) checkDayInWindow(draft.nextFollowUpDay, today, bounds, texts.next);
  if (draft.nextFollowUpDay && draft.nextFollowUpDay <= draft.visitDay) {
    throw new KamError('visit.followUpNotAfter', { date: draft.nextFollowUpDay, visit: draft.visitDay });
  }
}

/** The instant a visit happened: now when it was today, else the start of that day in the user's zone. */
function visitInstant(ctx: Ctx, day: Day): Date {
  const now = ctx.clock.now();
  return localDay(now, ctx.timeZone) === day ? now : startOfDay(day, ctx.timeZone);
}

/** Runs writes in order, collecting their undo steps; on failure reverts what was written and rethrows. */
async function compensating<T>(ctx: Ctx, work: (steps: UndoStep[]) => Promise<T>): Promise<{ result: T; steps: UndoStep[] }> {
  const steps: UndoStep[] = [];
  try {
    return { result: await work(steps), steps };
  } catch (error) {
    await ctx.services.changes.revert(steps).catch((revertError: unknown) => {
      ctx.logger.error({ err: revertError }, 'could not revert a half-written visit');
    });
    throw error;
  }
}

export async function saveVisit(ctx: Ctx, draft: VisitDraft): Promise<SavedVisit> {
  const { customers, visits, callbacks, changes } = ctx.services;
  const customer = await customers.get(await scopeOf(ctx), draft.customerId);
  if (!customer) throw new KamError('customer.notFound', { name: draft.customerId });
  const owner = ctx.actor;
  const { result, steps } = await compensating(ctx, async (steps) => {
    const created = await visits.create({
      customerId: customer.id,
      customerName: customer.name,
      ownerId: owner.id,
      teamId: owner.teamId,
      channel: draft.channel,
      visitDay: draft.visitDay,
      visitedAt: visitInstant(ctx, draft.visitDay),
      timeZone: ctx.timeZone,
      contacts: draft.contacts.map((c) => c.name),
      summary: draft.summary,
      amount: draft.amount?.value,
      currency: draft.amount?.currency,
      nextFollowUpDay: draft.nextFollowUpDay ?? undefined,
      rawNote: draft.rawNote,
      week: isoWeekKey(draft.visitDay),
      month: monthKey(draft.visitDay),
      planned: false,
      sourceEventId: ctx.message.eventId,
    });
    steps.push(created.undo);
    let visit = created.record;
    let callback: CallbackRecord | null = null;
    if (draft.nextFollowUpDay) {
      const cb = await callbacks.create({
        customerId: customer.id,
        customerName: customer.name,
        ownerId: owner.id,
        teamId: owner.teamId,
        dueDay: draft.nextFollowUpDay,
        week: isoWeekKey(draft.nextFollowUpDay),
        origin: 'visit',
        visitId: visit.id,
        note: draft.summary.slice(0, 1000),
      });
      steps.push(cb.undo);
      callback = cb.record;
      visit = (await visits.update(visit.id, { callbackId: callback.id })).record;
    }
    const contactsStep = await customers.addContacts(customer.id, draft.contacts);
    if (contactsStep) steps.push(contactsStep);
    const touched = await customers.touchLastVisit(customer.id, draft.visitDay);
    if (touched) steps.push(touched);
    return { visit, callback };
  });
  await changes.record({
    userId: owner.id,
    kind: 'visit.create',
    label: `${customer.name} ${draft.visitDay}`,
    ref: result.visit.id,
    steps,
    at: ctx.clock.now(),
  });
  return result;
}

/** Applies an edit to a visit (and its follow-up callback), as one undoable change. */
export async function updateVisit(ctx: Ctx, visitId: string, draft: VisitDraft): Promise<SavedVisit> {
  const { customers, visits, callbacks, changes } = ctx.services;
  const scope = await scopeOf(ctx);
  const existing = await visits.get(scope, visitId);
  if (!existing || existing.ownerId !== ctx.actor.id) throw new KamError('visit.notFound');
  const customer = await customers.get(scope, draft.customerId);
  if (!customer) throw new KamError('customer.notFound', { name: draft.customerId });
  const { result, steps } = await compensating(ctx, async (steps) => {
    let callback: CallbackRecord | null = existing.callbackId ? await callbacks.get(scope, existing.callbackId) : null;
    let callbackId: string | null = callback?.id ?? null;
    if (draft.nextFollowUpDay && callback) {
      const cb = await callbacks.update(callback.id, { dueDay: draft.nextFollowUpDay, week: isoWeekKey(draft.nextFollowUpDay), status: 'open' });
      steps.push(cb.undo);
      callback = cb.record;
    } else if (draft.nextFollowUpDay) {
      const cb = await callbacks.create({
        customerId: customer.id,
        customerName: customer.name,
        ownerId: existing.ownerId,
        teamId: existing.teamId,
        dueDay: draft.nextFollowUpDay,
        week: isoWeekKey(draft.nextFollowUpDay),
        origin: 'visit',
        visitId: existing.id,
        note: draft.summary.slice(0, 1000),
      });
      steps.push(cb.undo);
      callback = cb.record;
      callbackId = callback.id;
    } else if (callback && callback.status !== 'done') {
      const cb = await callbacks.update(callback.id, { status: 'cancelled' });
      steps.push(cb.undo);
      callback = null;
      callbackId = null;
    }
    const updated = await visits.update(existing.id, {
      customerId: customer.id,
      customerName: customer.name,
      channel: draft.channel,
      visitDay: draft.visitDay,
      visitedAt: existing.visitDay === draft.visitDay ? existing.visitedAt : visitInstant(ctx, draft.visitDay),
      contacts: draft.contacts.map((c) => c.name),
      summary: draft.summary,
      amount: draft.amount?.value,
      currency: draft.amount?.currency,
      nextFollowUpDay: draft.nextFollowUpDay ?? undefined,
      week: isoWeekKey(draft.visitDay),
      month: monthKey(draft.visitDay),
      callbackId,
    });
    steps.push(updated.undo);
    const contactsStep = await customers.addContacts(customer.id, draft.contacts);
    if (contactsStep) steps.push(contactsStep);
    return { visit: updated.record, callback };
  });
  await changes.record({ userId: ctx.actor.id, kind: 'visit.update', label: `${customer.name} ${draft.visitDay}`, ref: visitId, steps, at: ctx.clock.now() });
  return result;
}
