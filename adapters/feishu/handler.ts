/**
 * The one handler both connection modes share: a Feishu event in, the core called once, the replies
 * rendered and sent. Message events are accepted at once and worked on afterwards (Feishu re-pushes an
 * event it did not see answered quickly). Card callbacks must be answered within 3 seconds: the answer
 * carries the updated card when the core is that fast, else a toast, and the card is patched later.
 */
import type { Logger } from '../../src/core/logger.ts';
import type { ConversationRef, MessageHandler, Reply } from '../../src/core/messages.ts';
import { actionConversation, actionEventId, actionMessageId, inboundAction } from './card-action.ts';
import { planCardAnswer } from './card-answer.ts';
import type { FeishuIdentity } from './identity.ts';
import { addressing, inboundText } from './inbound.ts';
import { buttonValueSchema, cardActionSchema, messageEventSchema, type CardActionEvent, type CardCallbackAnswer, type MessageEvent } from './payloads.ts';
import type { FeishuPort } from './port.ts';
import { FAILED_TOAST, TEXT_ONLY_REPLY, WORKING_TOAST } from './texts.ts';
import { within, WorkQueue } from './work.ts';
import type { Admission, ProcessInfo, ProcessOutcome } from '../../src/inbox/types.ts';

export interface FeishuHandlerOptions {
  bot: MessageHandler;
  port: FeishuPort;
  identity: FeishuIdentity;
  logger: Logger;
  /** How long a card callback may wait for the core before answering with a toast (Feishu allows 3 s). */
  cardDeadlineMs?: number | undefined;
  /** The durable inbox: message events are stored before Feishu is answered (absent: in memory only). */
  admission?: Admission | undefined;
}

export class FeishuHandler {
  readonly work = new WorkQueue();
  private readonly cardDeadlineMs: number;

  constructor(private readonly opts: FeishuHandlerOptions) {
    this.cardDeadlineMs = opts.cardDeadlineMs ?? 2500;
    opts.admission?.register('feishu', (payload, info) => this.processStored(payload, info));
  }

  /**
   * `im.message.receive_v1`: returns as soon as the event is stored in the inbox (then Feishu is answered).
   * Throws when neither the database nor the disk took it, so Feishu pushes it again.
   */
  async onMessage(data: unknown): Promise<void> {
    const parsed = messageEventSchema.safeParse(data);
    if (!parsed.success) {
      this.opts.logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'Feishu message event not understood; ignored');
      return;
    }
    const event = parsed.data;
    if (this.opts.admission) {
      await this.opts.admission.accept('feishu', event.event_id, event);
      return;
    }
    void this.work.enqueue(event.message.chat_id, () => this.processMessage(event)).catch((err: unknown) => {
      this.opts.logger.error({ err, eventId: event.event_id }, 'Feishu message could not be handled');
    });
  }

  /** A stored message event, in its chat's order: in this process, or another one's after it died. */
  private async processStored(payload: unknown, info: ProcessInfo): Promise<ProcessOutcome> {
    const parsed = messageEventSchema.safeParse(payload);
    if (!parsed.success) return 'done';
    const event = parsed.data;
    return this.work.enqueue(event.message.chat_id, () => this.processMessage(event, info));
  }

  /** `card.action.trigger`: resolves with the callback's answer, within the deadline. */
  async onCardAction(data: unknown): Promise<CardCallbackAnswer> {
    const parsed = cardActionSchema.safeParse(data);
    const value = parsed.success ? buttonValueSchema.safeParse(parsed.data.action.value) : undefined;
    const eventId = parsed.success ? actionEventId(parsed.data) : undefined;
    if (!parsed.success || !value?.success || !eventId) {
      this.opts.logger.warn({}, 'Feishu card callback not understood; ignored');
      return {};
    }
    const event = parsed.data;
    const conversation = actionConversation(event, value.data);
    const replies = this.work.enqueue(conversation.channelId, async () => {
      const profile = await this.opts.identity.profile(event.operator.open_id);
      return this.opts.bot.handle(inboundAction(event, eventId, value.data, conversation, profile));
    });
    try {
      const outcome = await within(replies, this.cardDeadlineMs);
      if (!outcome.timedOut) return await this.answer(event, conversation, eventId, outcome.value);
      this.work.track(replies.then((r) => this.finishLate(event, conversation, eventId, r)).catch((err: unknown) => this.failed(err, eventId)));
      return { toast: WORKING_TOAST };
    } catch (err) {
      this.failed(err, eventId);
      return { toast: FAILED_TOAST };
    }
  }

  /** Waits until every accepted event has been handled and answered. */
  idle(): Promise<void> {
    return this.work.idle();
  }

  private async processMessage(event: MessageEvent, info?: ProcessInfo): Promise<ProcessOutcome> {
    // Only a mention needs the bot's own id; a one-to-one message without one does not wait for it.
    const needsBotId = event.message.chat_type !== 'p2p' || (event.message.mentions?.length ?? 0) > 0;
    const addressed = addressing(event, needsBotId ? await this.opts.identity.botId() : undefined);
    if (addressed.kind === 'ignored') {
      this.opts.logger.debug({ eventId: event.event_id, reason: addressed.reason }, 'Feishu message ignored');
      return 'done';
    }
    if (addressed.kind === 'unsupported') {
      await this.opts.port.send(addressed.conversation, TEXT_ONLY_REPLY, { idempotencyKey: `${event.event_id}:text-only` });
      return 'done';
    }
    if (info && this.opts.admission && !this.opts.admission.begin(info.id)) return 'done';
    const profile = await this.opts.identity.profile(event.sender.sender_id?.open_id ?? '');
    const message = { ...inboundText(event, addressed.conversation, addressed.text, profile), ...(info && { fromInbox: true, delayedSince: info.delayedSince }) };
    const core = this.opts.bot.handle(message);
    const admission = this.opts.admission;
    const first = info && admission ? await within(core, admission.slowNoticeMs) : { timedOut: false as const, value: await core };
    if (first.timedOut) await this.deliver(addressed.conversation, [{ kind: 'text', text: admission!.notice('slow') }], `${event.event_id}:slow`);
    const replies = first.timedOut ? await core : first.value;
    if (replies.some((r) => r.kind === 'text' && r.transient === true)) {
      if (info?.firstTry !== false) await this.deliver(addressed.conversation, replies, `${event.event_id}:kept`);
      return 'retry';
    }
    await this.deliver(addressed.conversation, replies, event.event_id);
    return 'done';
  }

  private async answer(event: CardActionEvent, conversation: ConversationRef, eventId: string, replies: Reply[]): Promise<CardCallbackAnswer> {
    const plan = planCardAnswer(replies, { formSubmitted: isFormSubmission(event) });
    const answer: CardCallbackAnswer = {};
    if (plan.inPlace) answer.card = { type: 'raw', data: await this.opts.port.cardFor(conversation, plan.inPlace) };
    if (plan.toast) answer.toast = { type: plan.inPlace ? 'success' : 'info', content: plan.toast };
    // Further replies are sent after the callback is answered; they are new messages in the chat.
    if (plan.rest.length > 0) this.work.track(this.deliver(conversation, plan.rest, eventId).catch((err: unknown) => this.failed(err, eventId)));
    return answer;
  }

  /** The core finished after the callback was answered: patch the card, then send the rest. */
  private async finishLate(event: CardActionEvent, conversation: ConversationRef, eventId: string, replies: Reply[]): Promise<void> {
    const plan = planCardAnswer(replies, { formSubmitted: isFormSubmission(event) });
    const messageId = actionMessageId(event);
    const rest = [...(plan.toast ? [{ kind: 'text' as const, text: plan.toast }] : []), ...plan.rest];
    if (plan.inPlace && messageId) await this.opts.port.replaceCard(conversation, messageId, plan.inPlace);
    else if (plan.inPlace) rest.unshift(plan.inPlace);
    await this.deliver(conversation, rest, eventId);
  }

  /**
   * Replies in order; each one's idempotency key is tied to the event, so a retry never doubles it. One
   * reply Feishu refuses (after the retries) does not keep the others from arriving.
   */
  private async deliver(to: ConversationRef, replies: readonly Reply[], eventId: string): Promise<void> {
    for (const [index, reply] of replies.entries()) {
      try {
        await this.opts.port.send(to, reply, { idempotencyKey: `${eventId}:${index}` });
      } catch (err) {
        this.opts.logger.error({ err, eventId, index, kind: reply.kind, chat: to.channelId }, 'Feishu reply could not be sent');
      }
    }
  }

  private failed(err: unknown, eventId: string): void {
    this.opts.logger.error({ err, eventId }, 'Feishu card callback could not be completed');
  }
}

const isFormSubmission = (event: CardActionEvent) => event.action.form_value !== undefined;
