/**
 * Puts the core's replies where the interaction came from. A form opens as a modal while a trigger_id is
 * at hand (one modal per trigger, and only within Slack's 3 seconds); otherwise it becomes a button that
 * replays the request, whose click brings a fresh trigger_id. A reply that cannot reach its place (expired
 * response_url, channel gone) is retried in the user's DM, and failing that, logged: the record the rep
 * made is already saved by then.
 */
import type { Logger } from '../../src/core/logger.ts';
import type { Reply } from '../../src/core/messages.ts';
import { dmOf, type Origin } from './origin.ts';
import type { SlackOutbound } from './outbound.ts';
import { OPEN_FORM_ACTION } from './render/action-ids.ts';
import { LIMITS } from './render/limits.ts';
import { fitsMetadata, formView, type FormMeta } from './render/modal.ts';

type FormReply = Extract<Reply, { kind: 'form' }>;

export interface DeliveryContext {
  /** Fresh trigger_id of the interaction, when it has one. */
  trigger?: string | undefined;
  /** Value of an "open form" button that asks the core again (see replay.ts); null when it cannot. */
  replay?: string | null | undefined;
}

export class Deliverer {
  constructor(
    private readonly outbound: SlackOutbound,
    private readonly logger: Logger,
    private readonly opts: { typeahead: boolean },
  ) {}

  async deliver(origin: Origin, replies: Reply[], ctx: DeliveryContext = {}): Promise<void> {
    let trigger = ctx.trigger;
    for (const reply of replies) {
      if (reply.kind === 'form') {
        const opened = trigger !== undefined && (await this.openForm(trigger, reply, origin));
        trigger = undefined;
        if (opened) continue;
      }
      await this.place(origin, reply, ctx.replay ?? null);
    }
  }

  /** Opens a form as a modal; false when Slack refused (the trigger expired or was used). */
  async openForm(trigger: string, form: FormReply, origin: Origin): Promise<boolean> {
    const meta: FormMeta = { a: form.submitActionId, v: form.submitValue, o: origin };
    if (!fitsMetadata(meta)) {
      this.logger.warn({ action: form.submitActionId }, 'form value too long for a modal; showing the form as a message');
      return false;
    }
    try {
      await this.outbound.openModal(trigger, formView(form, meta, this.opts));
      return true;
    } catch (err) {
      this.logger.warn({ err, action: form.submitActionId }, 'views.open failed; offering the form as a button');
      return false;
    }
  }

  private async place(origin: Origin, reply: Reply, replay: string | null): Promise<void> {
    try {
      await this.send(origin, reply, replay);
    } catch (err) {
      this.logger.warn({ err, origin: origin.kind }, 'Slack did not take the reply');
      if (origin.kind === 'dm') return;
      await this.send(dmOf(origin), reply, replay).catch((dmErr: unknown) => {
        this.logger.error({ err: dmErr, user: origin.user }, 'reply lost: neither its place nor the user’s DM took it');
      });
    }
  }

  private async send(origin: Origin, reply: Reply, replay: string | null): Promise<void> {
    if (reply.kind === 'form') return this.send(origin, this.formPrompt(reply, replay), null);
    switch (origin.kind) {
      case 'url':
        // An ephemeral answer cannot carry a file; the picture goes to the user's DM.
        if (reply.kind === 'image') return this.send(dmOf(origin), reply, replay);
        return this.outbound.respond(origin.url, reply);
      case 'channel':
        if ('ephemeral' in reply && reply.ephemeral === true && !origin.dm) {
          return this.outbound.postEphemeral(origin.channel, origin.user, reply, origin.thread);
        }
        await this.outbound.post(origin.channel, reply, origin.thread);
        return;
      case 'dm':
        await this.outbound.post(await this.outbound.dmChannel(origin.user), reply);
        return;
    }
  }

  /** A form that cannot open now: its title, and a button whose click brings a trigger_id and asks again. */
  private formPrompt(form: FormReply, replay: string | null): Reply {
    const canReplay = replay !== null && replay.length <= LIMITS.buttonValue;
    const open = { actionId: OPEN_FORM_ACTION, label: form.title, value: replay ?? '', style: 'primary' as const };
    return { kind: 'card', title: form.title, fields: [], buttons: canReplay ? [open] : [] };
  }
}
