/**
 * `/callback` (回访): the rep's open callbacks, overdue first, with Done / Snooze 1 day / Reschedule — as
 * commands (by # from the list, or by customer) and as buttons on each callback card.
 */
import { z } from 'zod';
import { defineCommand, defineSubcommand, type CommandRegistry } from '../../core/commands.ts';
import { forField, KamError } from '../../core/errors.ts';
import type { RawArgs } from '../../core/args.ts';
import type { Reply } from '../../core/messages.ts';
import type { DomainServices } from '../ports.ts';
import type { CallbackRecord } from '../records.ts';
import { addWorkdays, daysBetween, isoWeekKey } from '../calendar.ts';
import { calendarOf, dateArgument, resolveCustomer, scopeOf, today, type Ctx } from '../context.ts';
import { naturalKey } from '../customers/rules.ts';

type S = DomainServices;

const MAX_CARDS = 10;

/** The open callbacks the user acts on, in the order /callback list shows them. */
async function openCallbacks(ctx: Ctx): Promise<CallbackRecord[]> {
  const scope = await scopeOf(ctx);
  return ctx.services.callbacks.listOpen(scope, ctx.actor.role === 'rep' ? { ownerId: ctx.actor.id } : {}, 500);
}

/** `#` from the list (1-based), a callback id, or a customer name (its earliest open callback). */
async function pick(ctx: Ctx, which: string | undefined): Promise<CallbackRecord> {
  if (!which) throw new KamError('callback.missing');
  const list = await openCallbacks(ctx);
  const byNumber = /^#?(\d{1,4})$/.exec(which.trim());
  const found = byNumber
    ? list[Number(byNumber[1]) - 1]
    : (list.find((c) => c.id === which) ??
      list.find((c) => naturalKey(c.customerName) === naturalKey(which)) ??
      list.find((c) => naturalKey(c.customerName).includes(naturalKey(which))));
  if (!found) throw new KamError('callback.notFound', { which });
  return found;
}

function dueText(ctx: Ctx, cb: CallbackRecord, day: string): string {
  const late = daysBetween(cb.dueDay, day);
  if (late > 0) return ctx.t('callback.overdue', { days: late });
  if (late === 0) return ctx.t('callback.dueToday');
  return ctx.t('callback.upcoming', { date: cb.dueDay });
}

export function callbackCard(ctx: Ctx, cb: CallbackRecord, day: string, n?: number): Reply {
  const t = ctx.t;
  return {
    kind: 'card',
    title: `${n !== undefined ? `#${n} ` : ''}${t('callback.title', { customer: cb.customerName })}`,
    fields: [
      { label: t('callback.columns.due'), value: `${cb.dueDay} (${dueText(ctx, cb, day)})` },
      ...(cb.note ? [{ label: t('callback.columns.note'), value: cb.note }] : []),
    ],
    buttons: [
      { actionId: 'callback.done', label: t('callback.buttons.done'), value: cb.id, style: 'primary' },
      { actionId: 'callback.snooze', label: t('callback.buttons.snooze'), value: cb.id },
      { actionId: 'callback.reschedule', label: t('callback.buttons.reschedule'), value: cb.id },
    ],
  };
}

async function list(ctx: Ctx): Promise<Reply[]> {
  const callbacks = await openCallbacks(ctx);
  if (callbacks.length === 0) return [{ kind: 'text', text: ctx.t('callback.none') }];
  const day = today(ctx);
  const col = (k: string) => ctx.t(`callback.columns.${k}`);
  const owners = ctx.actor.role === 'rep' ? null : await ctx.services.users.names([...new Set(callbacks.map((c) => c.ownerId))]);
  const table: Reply = {
    kind: 'table',
    columns: [col('n'), col('customer'), col('due'), col('status'), ...(owners ? [col('owner')] : [])],
    rows: callbacks.map((c, i) => [
      String(i + 1),
      c.customerName,
      c.dueDay > day ? c.dueDay : `${c.dueDay} ${dueText(ctx, c, day)}`,
      ctx.t(`callback.statuses.${c.status}`),
      ...(owners ? [owners.get(c.ownerId) ?? '—'] : []),
    ]),
  };
  const due = callbacks.filter((c) => c.dueDay <= day).slice(0, MAX_CARDS);
  const cards = due.map((c) => callbackCard(ctx, c, day, callbacks.indexOf(c) + 1));
  const more = callbacks.length > MAX_CARDS ? [{ kind: 'text' as const, text: ctx.t('callback.more', { count: callbacks.length - due.length }) }] : [];
  return [table, ...cards, ...more];
}

async function change(ctx: Ctx, cb: CallbackRecord, patch: Parameters<S['callbacks']['update']>[1], messageKey: string, date?: string): Promise<Reply[]> {
  const written = await ctx.services.callbacks.update(cb.id, patch);
  await ctx.services.changes.record({ userId: ctx.actor.id, kind: 'callback.update', label: `${cb.customerName} ${cb.dueDay}`, ref: cb.id, steps: [written.undo], at: ctx.clock.now() });
  return [{ kind: 'text', text: ctx.t(messageKey, { customer: cb.customerName, date }) }];
}

async function markDone(ctx: Ctx, cb: CallbackRecord): Promise<Reply[]> {
  const day = today(ctx);
  return change(ctx, cb, { status: 'done', doneDay: day, doneWeek: isoWeekKey(day), doneAt: ctx.clock.now() }, 'callback.marked');
}

async function snooze(ctx: Ctx, cb: CallbackRecord, days: number): Promise<Reply[]> {
  const from = [today(ctx), cb.dueDay].sort().at(-1) as string;
  const due = addWorkdays(from, days, await calendarOf(ctx));
  return change(ctx, cb, { status: 'snoozed', dueDay: due, week: isoWeekKey(due) }, 'callback.snoozed', due);
}

async function reschedule(ctx: Ctx, cb: CallbackRecord, dateText: string): Promise<Reply[]> {
  const due = dateArgument(ctx, dateText, 'future');
  if (due < today(ctx)) throw new KamError('callback.pastDate', { date: due });
  return change(ctx, cb, { status: 'open', dueDay: due, week: isoWeekKey(due) }, 'callback.rescheduled', due);
}

const first = z.custom<RawArgs>().transform((a) => ({ which: a.positional[0], rest: a.positional.slice(1) }));

export const callbackCommand = defineCommand<S>({
  name: 'callback',
  aliases: ['回访', 'callbacks', 'cb', '跟进'],
  summaryKey: 'callback.summary',
  usageKey: 'callback.usage',
  examplesKey: 'callback.examples',
  defaultSubcommand: 'list',
  async run(ctx) {
    return list(ctx);
  },
  subcommands: [
    defineSubcommand<S>({ name: 'list', aliases: ['列表', '查看'], summaryKey: 'callback.list', run: (ctx) => list(ctx) }),
    defineSubcommand<S, z.infer<typeof first>>({
      name: 'done',
      aliases: ['完成', '已回访'],
      summaryKey: 'callback.done',
      usageKey: 'callback.usage',
      args: first,
      async run(ctx, { which, rest }) {
        return markDone(ctx, await pick(ctx, [which, ...rest].filter(Boolean).join(' ') || undefined));
      },
    }),
    defineSubcommand<S, z.infer<typeof first>>({
      name: 'snooze',
      aliases: ['推迟', '延后'],
      summaryKey: 'callback.snooze',
      usageKey: 'callback.usage',
      args: first,
      async run(ctx, { which, rest }) {
        const days = rest[0] === undefined ? 1 : Number(rest[0].replace(/天|days?$/i, ''));
        if (!Number.isInteger(days) || days < 1 || days > 30) throw new KamError('callback.badDays');
        return snooze(ctx, await pick(ctx, which), days);
      },
    }),
    defineSubcommand<S, z.infer<typeof first>>({
      name: 'reschedule',
      aliases: ['改期'],
      summaryKey: 'callback.reschedule',
      usageKey: 'callback.usage',
      args: first,
      async run(ctx, { which, rest }) {
        if (rest.length === 0) throw new KamError('date.unparseable', { text: '' });
        return reschedule(ctx, await pick(ctx, which), rest.join(' '));
      },
    }),
    defineSubcommand<S, z.infer<typeof first>>({
      name: 'add',
      aliases: ['新增', '添加'],
      summaryKey: 'callback.add',
      usageKey: 'callback.usage',
      args: first,
      async run(ctx, { which, rest }) {
        if (!which || rest.length === 0) throw new KamError('callback.missing');
        const customer = await resolveCustomer(ctx, which);
        const due = dateArgument(ctx, rest[0] as string, 'future');
        if (due < today(ctx)) throw new KamError('callback.pastDate', { date: due });
        const created = await ctx.services.callbacks.create({
          customerId: customer.id,
          customerName: customer.name,
          ownerId: ctx.actor.id,
          teamId: ctx.actor.teamId,
          dueDay: due,
          week: isoWeekKey(due),
          origin: 'manual',
          note: rest.slice(1).join(' ').slice(0, 1000),
        });
        await ctx.services.changes.record({ userId: ctx.actor.id, kind: 'callback.create', label: `${customer.name} ${due}`, ref: created.record.id, steps: [created.undo], at: ctx.clock.now() });
        return [{ kind: 'text', text: ctx.t('callback.added', { customer: customer.name, date: due }) }];
      },
    }),
  ],
});

async function byId(ctx: Ctx, id: string): Promise<CallbackRecord> {
  const cb = await ctx.services.callbacks.get(await scopeOf(ctx), id);
  if (!cb || (cb.status !== 'open' && cb.status !== 'snoozed')) throw new KamError('callback.notFound', { which: cb?.customerName ?? '' });
  return cb;
}

export function registerCallbackActions(registry: CommandRegistry<S>): void {
  registry.action('callback.done', async (ctx, a) => markDone(ctx, await byId(ctx, a.value)));
  registry.action('callback.snooze', async (ctx, a) => snooze(ctx, await byId(ctx, a.value), 1));
  registry.action('callback.reschedule', async (ctx, a) => {
    const cb = await byId(ctx, a.value);
    const date = a.form?.['date'];
    if (date) return forField('date', () => reschedule(ctx, cb, date));
    return [
      {
        kind: 'form',
        title: ctx.t('callback.form.title', { customer: cb.customerName }),
        submitActionId: 'callback.reschedule',
        submitValue: cb.id,
        submitLabel: ctx.t('callback.form.submit'),
        fields: [{ name: 'date', label: ctx.t('callback.form.date'), kind: 'date', value: cb.dueDay, required: true }],
      },
    ];
  });
}
