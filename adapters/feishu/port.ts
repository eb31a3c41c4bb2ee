/**
 * The Feishu chat port: `send` creates a message (im/v1/messages, by chat_id or, for a direct reference
 * that names a user, by open_id), `update` changes one in place — a card is patched, a text message is
 * edited (Feishu can patch only cards, and edit only text and posts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ChatPort, ConversationRef, Reply, SendOptions, SentMessage } from '../../src/core/messages.ts';
import type { FeishuOpenApi, ReceiveIdType } from './api.ts';
import { plainText } from './plain.ts';
import { renderCard, renderMessage, textMessage, type CardJson, type RenderContext } from './render.ts';

export type MessageApi = Pick<FeishuOpenApi, 'createMessage' | 'replyInThread' | 'patchCard' | 'editMessage' | 'messageType' | 'uploadImage'>;

/** Feishu's `uuid` is at most 50 characters; a hash of the idempotency key fits and stays stable. */
export function messageUuid(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 40);
}

export function receiveTarget(to: ConversationRef): { idType: ReceiveIdType; id: string } {
  // oc_… is a chat; a direct reference may instead name the user (ou_…), for messages nobody asked for.
  if (to.direct && !to.channelId.startsWith('oc_')) return { idType: 'open_id', id: to.channelId };
  return { idType: 'chat_id', id: to.channelId };
}

export class FeishuPort implements ChatPort {
  readonly platform = 'feishu' as const;

  constructor(private readonly api: MessageApi) {}

  async send(to: ConversationRef, reply: Reply, options?: SendOptions): Promise<SentMessage> {
    // Without a key from the caller, one key per call still makes this call's own retries idempotent.
    const uuid = messageUuid(options?.idempotencyKey ?? randomUUID());
    const msg = renderMessage(reply, await this.renderContext(to, reply));
    if (to.threadId) return { messageId: await this.api.replyInThread(to.threadId, to.channelId, msg, uuid) };
    const target = receiveTarget(to);
    return { messageId: await this.api.createMessage(target.idType, target.id, msg, uuid) };
  }

  async update(to: ConversationRef, messageId: string, reply: Reply): Promise<void> {
    const type = await this.api.messageType(messageId);
    if (type === 'interactive') return this.replaceCard(to, messageId, reply);
    await this.api.editMessage(messageId, textMessage(plainText(reply)));
  }

  /** Replaces a card the bot sent with the reply rendered as a card (text becomes a markdown card). */
  async replaceCard(to: ConversationRef, messageId: string, reply: Reply): Promise<void> {
    await this.api.patchCard(messageId, JSON.stringify(await this.cardFor(to, reply)));
  }

  /** The reply as card JSON, for a card callback's answer. */
  async cardFor(to: ConversationRef, reply: Reply): Promise<CardJson> {
    return renderCard(reply, await this.renderContext(to, reply));
  }

  private async renderContext(to: ConversationRef, reply: Reply): Promise<RenderContext> {
    const imageKey = reply.kind === 'image' ? await this.api.uploadImage(reply.png) : undefined;
    return { direct: to.direct, imageKey };
  }
}
