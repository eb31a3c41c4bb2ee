/** `/visit` (拜访), its buttons (pick a customer, create a prospect, edit, undo) and the visit-note fallback. */
import { defineCommand, type CommandRegistry } from '../../core/commands.ts';
import { KamError } from '../../core/errors.ts';
import type { Reply } from '../../core/messages.ts';
import type { RawArgs } from '../../core/args.ts';
import type { ParsedVisitNote } from '../../nlp/index.ts';
import type { DomainServices } from '../ports.ts';
import { scopeOf, type Ctx } from '../context.ts';
import { localDay } from '../calendar.ts';
import { visitCard, visitForm } from './cards.ts';
import { draftFromFields, draftFromNote, isStructured, parseNote, VISIT_KEYS, type StructuredVisit } from './note.ts';
import { saveVisit, updateVisit } from './service.ts';
import { ownButton } from '../buttons.ts';
import { undoAnswer } from '../undo.ts';
import type { VisitRecord } from '../records.ts';

type S = DomainServices;

function structuredFields(args: RawArgs): StructuredVisit {
  const fields: StructuredVisit = {};
  for (const [key, value] of Object.entries(args.named)) {
    const field = VISIT_KEYS[key.toLowerCase()];
    if (field) fields[field] = value;
  }
  // Words after the fields are the summary, unless summary: was given.
  if (!fields.summary && args.positional.length > 0) fields.summary = args.positional.join(' ');
  return fields;
}

/**
 * A free-text note: saved at once when the customer is clear; otherwise kept and the user is asked.
 * `parsed` is the note already understood by the caller (the direct-message fallback), so a message is
 * parsed once.
 */
export async function captureNote(ctx: Ctx, text: string, parsed?: ParsedVisitNote): Promise<Reply[]> {
  const { services, t } = ctx;
  if (!text.trim()) throw new KamError('visit.emptyNote');
  const note = parsed ?? parseNote(ctx, text, await services.customers.candidates(await scopeOf(ctx)));
  if (note.customer.status === 'matched') {
    const saved = await saveVisit(ctx, draftFromNote(ctx, note, note.customer.id, text));
    return [visitCard(ctx, saved.visit, 'visit.saved')];
  }
  // Check the dates before asking, so the user is not asked to pick a customer for a note that will fail.
  draftFromNote(ctx, note, 'pending', text);
  const mention = note.customer.mention;
  const pendingId = await services.pending.create({ userId: ctx.actor.id, text, writtenAt: ctx.clock.now(), timeZone: ctx.timeZone, mention });
  const candidates = note.customer.candidates.slice(0, 5);
  const buttons = candidates.map((c) => ({ actionId: 'visit.pick', label: c.name, value: `${pendingId}:${c.id}` }));
  if (mention) buttons.push({ actionId: 'visit.prospect', label: t('visit.buttons.prospect', { name: mention }), value: pendingId });
  buttons.push({ actionId: 'visit.drop', label: t('visit.buttons.cancel'), value: pendingId });
  if (buttons.length === 1) return [{ kind: 'text', text: t('visit.ask.noCandidates') }];
  const body =
    note.customer.status === 'ambiguous' && mention
      ? t('visit.ask.ambiguous', { mention })
      : t('visit.ask.unknown', { mention: mention ? t('visit.ask.mention', { mention }) : '' });
  return [{ kind: 'card', title: t('visit.form.title'), body, fields: [{ label: t('visit.fields.summary'), value: text }], buttons }];
}

export const visitCommand = defineCommand<S>({
  name: 'visit',
  aliases: ['拜访', '记录拜访', 'v'],
  summaryKey: 'visit.summary',
  usageKey: 'visit.usage',
  examplesKey: 'visit.examples',
  namedKeys: Object.keys(VISIT_KEYS),
  async run(ctx, args) {
    if (!args.text) return [visitForm(ctx, null)];
    if (isStructured(args.text)) {
      const saved = await saveVisit(ctx, await draftFromFields(ctx, structuredFields(args)));
      return [visitCard(ctx, saved.visit, 'visit.saved')];
    }
    return captureNote(ctx, args.text);
  },
});

/** Saves a kept note for the customer the user picked, with the dates as of when it was written. */
async function savePending(ctx: Ctx, pendingId: string, customerId: string): Promise<Reply[]> {
  const pending = await ctx.services.pending.get(ctx.actor.id, pendingId);
  if (!pending || pending.status !== 'waiting') throw new KamError('visit.alreadyHandled');
  const customer = await ctx.services.customers.get(await scopeOf(ctx), customerId);
  if (!customer) throw new KamError('customer.notFound', { name: customerId });
  const note = parseNote(ctx, pending.text, [{ id: customer.id, name: customer.name, aliases: customer.aliases }], pending.writtenAt);
  const draft = draftFromNote(ctx, note, customer.id, pending.text, localDay(pending.writtenAt, ctx.timeZone));
  if (!(await ctx.services.pending.settle(pendingId, 'saved'))) throw new KamError('visit.alreadyHandled');
  const saved = await saveVisit(ctx, draft).catch(async (error: unknown) => {
    await ctx.services.pending.release(pendingId).catch(() => undefined);
    throw error;
  });
  return [visitCard(ctx, saved.visit, 'visit.saved')];
}

/** The visit a button is about: refused when it is gone, out of scope, or someone else's. */
async function ownVisit(ctx: Ctx, id: string): Promise<VisitRecord> {
  const visit = await ctx.services.visits.get(await scopeOf(ctx), id);
  if (!visit) throw new KamError('visit.notFound');
  await ownButton(ctx, visit.ownerId);
  return visit;
}

export function registerVisitActions(registry: CommandRegistry<S>): void {
  registry.action('visit.pick', async (ctx, action) => {
    const [pendingId = '', customerId = ''] = action.value.split(':');
    await ownButton(ctx, await ctx.services.pending.ownerOf(pendingId));
    return savePending(ctx, pendingId, customerId);
  });
  registry.action('visit.prospect', async (ctx, action) => {
    await ownButton(ctx, await ctx.services.pending.ownerOf(action.value));
    const pending = await ctx.services.pending.get(ctx.actor.id, action.value);
    if (!pending || pending.status !== 'waiting') throw new KamError('visit.alreadyHandled');
    if (!pending.mention) throw new KamError('visit.prospectNameMissing');
    const created = await ctx.services.customers.create({
      name: pending.mention,
      ownerId: ctx.actor.id,
      teamId: ctx.actor.teamId,
      status: 'prospect',
      createdAt: ctx.clock.now(),
    });
    await ctx.services.changes.record({ userId: ctx.actor.id, kind: 'customer.create', label: created.record.name, ref: created.record.id, steps: [created.undo], at: ctx.clock.now() });
    return savePending(ctx, pending.id, created.record.id);
  });
  registry.action('visit.drop', async (ctx, action) => {
    const owner = await ctx.services.pending.ownerOf(action.value);
    if (!owner) throw new KamError('visit.alreadyHandled');
    await ownButton(ctx, owner);
    await ctx.services.pending.settle(action.value, 'dropped');
    return [{ kind: 'text', text: ctx.t('visit.dropped') }];
  });
  registry.action('visit.undo', async (ctx, action) => {
    await ownButton(ctx, await ctx.services.changes.ownerOf(action.value));
    const visit = await ctx.services.visits.get(await scopeOf(ctx), action.value);
    const outcome = await ctx.services.changes.undo(ctx.actor.id, action.value);
    if (outcome.status === 'conflict') return [{ kind: 'text', text: undoAnswer(ctx, outcome) }];
    if (outcome.status === 'none' || !visit) return [{ kind: 'text', text: ctx.t('visit.nothingToUndo') }];
    return [{ kind: 'text', text: ctx.t('visit.undone', { customer: visit.customerName, date: visit.visitDay }) }];
  });
  registry.action('visit.edit', async (ctx, action) => {
    const visit = await ownVisit(ctx, action.value);
    return [visitForm(ctx, visit)];
  });
  registry.action('visit.update', async (ctx, action) => {
    const visit = await ownVisit(ctx, action.value);
    const customer = await ctx.services.customers.get(await scopeOf(ctx), visit.customerId);
    const fields = (action.form ?? {}) as StructuredVisit;
    // Unchanged customer text keeps the same customer even if its name is now ambiguous.
    const sameCustomer = !fields.customer || fields.customer === visit.customerName;
    const draft = await draftFromFields(ctx, sameCustomer ? { ...fields, customer: undefined } : fields, customer ?? undefined);
    const saved = await updateVisit(ctx, visit.id, { ...draft, rawNote: visit.rawNote });
    return [visitCard(ctx, saved.visit, 'visit.updated')];
  });
  registry.action('visit.create', async (ctx, action) => {
    const saved = await saveVisit(ctx, await draftFromFields(ctx, (action.form ?? {}) as StructuredVisit));
    return [visitCard(ctx, saved.visit, 'visit.saved')];
  });
}

/**
 * A direct message that is not a command is read as a visit note when it reads like one: it names a known
 * customer, or it says what kind of contact it was (拜访/电话/visited/called…).
 */
export async function visitFallback(ctx: Ctx, text: string): Promise<Reply[] | null> {
  if (!ctx.message.conversation.direct) return null;
  const customers = await ctx.services.customers.candidates(await scopeOf(ctx));
  const note = parseNote(ctx, text, customers);
  const readsLikeVisit = note.customer.status === 'matched' || (note.channel.explicit && (note.customer.mention !== null || note.contacts.length > 0));
  if (!readsLikeVisit) return null;
  return captureNote(ctx, text, note);
}
