/** Builders for the weekly-report tests: users in teams, seeded records, button and form messages. */
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Role } from '../../src/core/identity.ts';
import type { InboundMessage, Reply } from '../../src/core/messages.ts';
import { isoWeekKey, monthKey } from '../../src/domain/calendar.ts';
import type { Core } from '../../src/main.ts';
import type { Store } from '../../src/persistence/connection.ts';
import { textMessage, withRole, type TestUser } from '../support/bot.ts';

export type Card = Extract<Reply, { kind: 'card' }>;
export type Form = Extract<Reply, { kind: 'form' }>;
export type Table = Extract<Reply, { kind: 'table' }>;

/** Creates the user with a role (and a team), returns its KAM id. */
export async function person(core: Core, user: TestUser, role: Role, teamId?: string): Promise<string> {
  await withRole(core, user, role);
  const actor = await core.services.users.findByHandle(user.id);
  if (!actor) throw new Error(`no user ${user.id}`);
  if (teamId) await core.services.users.setTeam(actor.id, teamId);
  return actor.id;
}

export function actionMessage(user: TestUser, id: string, value: string, form?: Record<string, string>): InboundMessage {
  return { ...textMessage(user, ''), kind: 'action', text: undefined, action: { id, value, form } };
}

export async function press(core: Core, user: TestUser, id: string, value: string, form?: Record<string, string>): Promise<Reply[]> {
  return core.bot.handle(actionMessage(user, id, value, form));
}

export const send = (core: Core, user: TestUser, text: string) => core.bot.handle(textMessage(user, text));

export function only<K extends Reply['kind']>(replies: Reply[], kind: K): Extract<Reply, { kind: K }> {
  const found = replies.filter((r): r is Extract<Reply, { kind: K }> => r.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} reply, got ${JSON.stringify(replies)}`);
  return found[0] as Extract<Reply, { kind: K }>;
}

export function fieldsOf(card: Card): Record<string, string> {
  return Object.fromEntries(card.fields.map((f) => [f.label, f.value]));
}

export function textOf(replies: Reply[]): string {
  return replies.flatMap((r) => (r.kind === 'text' ? [r.text] : [])).join('\n');
}

const id = (s: string) => new Types.ObjectId(s);

/** Seeds records as the other areas store them, with the period keys set by hand. */
export function seeder(store: Store) {
  const { Customer, Visit, Callback, Receivable } = store.models;
  return {
    async customer(ownerId: string, name: string, createdAt = new Date('2026-01-01T00:00:00Z')) {
      // `timestamps: false` keeps the creation instant we set instead of the wall clock's.
      const doc = await new Customer({ name, key: `${name.toLowerCase()}-${randomUUID()}`, ownerId: id(ownerId), createdAt }).save({ timestamps: false });
      return String(doc._id);
    },
    async visit(ownerId: string, customerId: string, visitDay: string, timeZone = 'Asia/Shanghai') {
      await Visit.create({
        customerId: id(customerId),
        customerName: 'c',
        ownerId: id(ownerId),
        channel: 'onsite',
        visitDay,
        visitedAt: new Date(`${visitDay}T10:00:00Z`),
        timeZone,
        week: isoWeekKey(visitDay),
        month: monthKey(visitDay),
      });
    },
    async callback(ownerId: string, customerId: string, c: { dueDay: string; status: 'open' | 'done' | 'snoozed' | 'cancelled'; doneDay?: string }) {
      await Callback.create({
        customerId: id(customerId),
        customerName: 'c',
        ownerId: id(ownerId),
        origin: 'manual',
        dueDay: c.dueDay,
        status: c.status,
        week: isoWeekKey(c.dueDay),
        ...(c.doneDay ? { doneDay: c.doneDay, doneWeek: isoWeekKey(c.doneDay) } : {}),
      });
    },
    async receivable(
      ownerId: string,
      customerId: string,
      r: { amount: number; dueDay: string; status?: 'open' | 'paid' | 'written_off'; payments?: Array<{ amount: number; day: string }> },
    ) {
      const payments = (r.payments ?? []).map((p) => ({ ...p, at: new Date(`${p.day}T08:00:00Z`), week: isoWeekKey(p.day), month: monthKey(p.day) }));
      const invoiceNo = `INV-${randomUUID()}`;
      await Receivable.create({
        customerId: id(customerId),
        customerName: 'c',
        ownerId: id(ownerId),
        invoiceNo,
        key: invoiceNo.toLowerCase(),
        amount: r.amount,
        issuedDay: '2026-10-01',
        dueDay: r.dueDay,
        dueMonth: monthKey(r.dueDay),
        paidAmount: payments.reduce((sum, p) => sum + p.amount, 0),
        payments,
        status: r.status ?? 'open',
      });
    },
  };
}
