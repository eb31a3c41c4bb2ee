/**
 * Modal submissions. Slack keeps the modal open until the acknowledgement, and only that acknowledgement
 * can show an error on a field or replace the modal, so the core is asked first — within a budget under
 * Slack's 3 seconds. When the core names a field it refuses, the modal stays open with the message under
 * that field; when it answers with another form, the modal turns into it; otherwise the modal closes and
 * the answers go where the form came from. Past the budget the modal closes and the answers follow later.
 */
import type { App, ViewSubmitAction } from '@slack/bolt';
import type { Reply } from '../../../src/core/messages.ts';
import type { SlackContext } from '../context.ts';
import { askCore, type Interaction } from '../dispatch.ts';
import { fitsMetadata, FORM_CALLBACK_ID, formValues, formView, readFormMeta } from '../render/modal.ts';

type FormReply = Extract<Reply, { kind: 'form' }>;

/** A lone text reply that names one of the submitted fields (`field`) is a refusal of that field. */
export function fieldError(replies: Reply[], submitted: Record<string, string>): { field: string; text: string } | null {
  const only = replies.length === 1 ? replies[0] : undefined;
  if (only?.kind !== 'text' || only.field === undefined || !(only.field in submitted)) return null;
  return { field: only.field, text: only.text };
}

function withinBudget(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([work.then(() => true), late]).finally(() => clearTimeout(timer));
}

export function registerViews(app: App, ctx: SlackContext): void {
  app.view<ViewSubmitAction>({ type: 'view_submission', callback_id: FORM_CALLBACK_ID }, async ({ ack, body, view }) => {
    const meta = readFormMeta(view.private_metadata);
    if (!meta) {
      ctx.logger.warn({ viewId: view.id }, 'a submitted modal carried no readable metadata');
      await ack();
      return;
    }
    const submitted = formValues(view);
    const interaction: Interaction = {
      eventId: body.trigger_id,
      origin: meta.o,
      part: { kind: 'action', action: { id: meta.a, value: meta.v, form: submitted } },
      raw: body,
    };
    let replies: Reply[] | undefined;
    const work = ctx.tasks.run('submission', async () => {
      replies = await askCore(ctx, interaction);
    });
    if (!(await withinBudget(work, ctx.submitBudgetMs)) || !replies) {
      await ack();
      void ctx.tasks.run('late submission', async () => {
        await work;
        if (replies) await ctx.deliverer.deliver(meta.o, replies);
      });
      return;
    }
    const refused = fieldError(replies, submitted);
    if (refused) {
      await ack({ response_action: 'errors', errors: { [refused.field]: refused.text } });
      return;
    }
    const next = replies.find((r): r is FormReply => r.kind === 'form');
    const nextMeta = next ? { a: next.submitActionId, v: next.submitValue, o: meta.o } : null;
    if (next && nextMeta && fitsMetadata(nextMeta)) {
      await ack({ response_action: 'update', view: formView(next, nextMeta, { typeahead: ctx.suggestCustomers !== undefined }) });
      const rest = replies.filter((r) => r !== next);
      void ctx.tasks.run('submission answers', () => ctx.deliverer.deliver(meta.o, rest));
      return;
    }
    await ack();
    const answers = replies;
    void ctx.tasks.run('submission answers', () => ctx.deliverer.deliver(meta.o, answers));
  });
}
