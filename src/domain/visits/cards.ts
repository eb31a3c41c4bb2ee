/** How a visit is shown back to the rep: a card of what was understood, with Edit and Undo. */
import type { FormField, Reply } from '../../core/messages.ts';
import type { Ctx } from '../context.ts';
import { formatMoney } from '../context.ts';
import type { VisitRecord } from '../records.ts';
import { VISIT_CHANNELS } from './note.ts';

export function visitCard(ctx: Ctx, visit: VisitRecord, titleKey: 'visit.saved' | 'visit.updated'): Reply {
  const t = ctx.t;
  const none = t('visit.none');
  return {
    kind: 'card',
    title: t(titleKey),
    fields: [
      { label: t('visit.fields.customer'), value: visit.customerName },
      { label: t('visit.fields.date'), value: visit.visitDay },
      { label: t('visit.fields.channel'), value: t(`visit.channels.${visit.channel}`) },
      { label: t('visit.fields.contacts'), value: visit.contacts.join(ctx.lang === 'en' ? ', ' : '、') || none },
      { label: t('visit.fields.followUp'), value: visit.nextFollowUpDay ?? none },
      { label: t('visit.fields.amount'), value: visit.amount !== undefined ? formatMoney(visit.amount, visit.currency ?? 'CNY', ctx.lang) : none },
      { label: t('visit.fields.summary'), value: visit.summary || none },
      // What the rep typed, word for word: nothing of it is lost even where the fields above read it wrong.
      ...(visit.rawNote ? [{ label: t('visit.fields.note'), value: visit.rawNote, collapsed: true }] : []),
    ],
    buttons: [
      { actionId: 'visit.edit', label: t('visit.buttons.edit'), value: visit.id },
      { actionId: 'visit.undo', label: t('visit.buttons.undo'), value: visit.id, style: 'danger' },
    ],
  };
}

/** The visit form: empty for a new visit (console asks field by field), pre-filled for an edit. */
export function visitForm(ctx: Ctx, visit: VisitRecord | null): Reply {
  const t = ctx.t;
  const fields: FormField[] = [
    { name: 'customer', label: t('visit.form.customer'), kind: 'text', value: visit?.customerName, required: true },
    { name: 'date', label: t('visit.form.date'), kind: 'date', value: visit?.visitDay, required: true },
    {
      name: 'channel',
      label: t('visit.form.channel'),
      kind: 'select',
      value: visit?.channel ?? 'onsite',
      options: VISIT_CHANNELS.map((c) => ({ value: c, label: t(`visit.channels.${c}`) })),
    },
    { name: 'contacts', label: t('visit.form.contacts'), kind: 'text', value: visit?.contacts.join(', ') },
    { name: 'summary', label: t('visit.form.summary'), kind: 'multiline', value: visit?.summary },
    { name: 'next', label: t('visit.form.followUp'), kind: 'date', value: visit?.nextFollowUpDay },
    { name: 'amount', label: t('visit.form.amount'), kind: 'text', value: visit?.amount !== undefined ? String(visit.amount) : undefined },
  ];
  return {
    kind: 'form',
    title: t(visit ? 'visit.form.editTitle' : 'visit.form.title'),
    submitActionId: visit ? 'visit.update' : 'visit.create',
    submitValue: visit?.id ?? 'new',
    submitLabel: t('visit.form.submit'),
    fields,
  };
}
