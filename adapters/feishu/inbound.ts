/**
 * A Feishu message event becomes one neutral InboundMessage. In one-to-one chats every text counts; in
 * groups only messages that @mention the bot, with that mention stripped so `@KAM Bot 拜访 …` reads as
 * `拜访 …` to the core's command registry.
 */
import type { ConversationRef, InboundMessage } from '../../src/core/messages.ts';
import { messageText, resolveMentions } from './content.ts';
import type { MessageEvent } from './payloads.ts';

export type Addressing =
  | { kind: 'ignored'; reason: string }
  /** Addressed to the bot but not text: the user gets a polite "text only" answer. */
  | { kind: 'unsupported'; conversation: ConversationRef }
  | { kind: 'text'; conversation: ConversationRef; text: string };

export interface SenderProfile {
  name?: string | undefined;
  email?: string | undefined;
}

export function isDirect(event: MessageEvent): boolean {
  return event.message.chat_type === 'p2p';
}

export function conversationOf(event: MessageEvent): ConversationRef {
  const { message } = event;
  return {
    platform: 'feishu',
    tenantId: event.tenant_key ?? event.sender.tenant_key,
    channelId: message.chat_id,
    // Replies to a topic thread go back into it, via its root message.
    threadId: message.thread_id ? (message.root_id ?? undefined) : undefined,
    direct: isDirect(event),
  };
}

/** Decides whether the bot was addressed, and with what text. `botOpenId` matters only in groups. */
export function addressing(event: MessageEvent, botOpenId: string | undefined): Addressing {
  if (event.sender.sender_type !== 'user') return { kind: 'ignored', reason: 'not sent by a user' };
  if (!event.sender.sender_id?.open_id) return { kind: 'ignored', reason: 'sender has no open_id' };
  const direct = isDirect(event);
  if (!direct && botOpenId === undefined) return { kind: 'ignored', reason: 'bot open_id unknown' };
  const mentions = event.message.mentions ?? [];
  const raw = messageText(event.message.message_type, event.message.content, mentions);
  const conversation = conversationOf(event);
  if (raw === null) return direct ? { kind: 'unsupported', conversation } : { kind: 'ignored', reason: 'not text' };
  const { text, mentionedBot } = resolveMentions(raw, mentions, botOpenId);
  if (!direct && !mentionedBot) return { kind: 'ignored', reason: 'group message without a mention of the bot' };
  return { kind: 'text', conversation, text };
}

export function inboundText(event: MessageEvent, conversation: ConversationRef, text: string, profile: SenderProfile): InboundMessage {
  return {
    eventId: event.event_id,
    platform: 'feishu',
    kind: 'text',
    conversation,
    sender: {
      platformUserId: event.sender.sender_id?.open_id ?? '',
      displayName: profile.name,
      email: profile.email,
    },
    text,
    raw: event,
  };
}
