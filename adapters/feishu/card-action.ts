/**
 * A `card.action.trigger` callback becomes one neutral action: the button's action id and value, the
 * card's message id (so the answer can replace it), and a submitted form's values as plain strings.
 */
import type { ConversationRef, InboundMessage } from '../../src/core/messages.ts';
import type { SenderProfile } from './inbound.ts';
import type { ButtonValue, CardActionEvent } from './payloads.ts';

/** Date pickers submit `2026-11-25 +0800`; the core reads days as `2026-11-25`. */
const PICKED_DAY = /^(\d{4}-\d{2}-\d{2})(?:\s+[+-]\d{4}|\s+[A-Za-z_]+\/[A-Za-z_]+)?$/;

export function formValues(raw: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!raw) return undefined;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[name] = PICKED_DAY.exec(value.trim())?.[1] ?? value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[name] = String(value);
    else if (Array.isArray(value)) out[name] = value.filter((v) => typeof v === 'string' || typeof v === 'number').join(',');
  }
  return out;
}

export function actionConversation(event: CardActionEvent, value: ButtonValue): ConversationRef {
  const chatId = event.context?.open_chat_id ?? event.open_chat_id;
  return {
    platform: 'feishu',
    tenantId: event.tenant_key ?? event.operator.tenant_key,
    // Without a chat id, the one-to-one chat with the user who pressed is where answers can go.
    channelId: chatId ?? event.operator.open_id,
    direct: value.dm === 1 || chatId === undefined,
  };
}

export function actionMessageId(event: CardActionEvent): string | undefined {
  return event.context?.open_message_id ?? event.open_message_id;
}

/** Feishu's header event_id; older callback surfaces only carry the callback token. */
export function actionEventId(event: CardActionEvent): string | undefined {
  return event.event_id ?? (event.token ? `card:${event.token}` : undefined);
}

export function inboundAction(
  event: CardActionEvent,
  eventId: string,
  value: ButtonValue,
  conversation: ConversationRef,
  profile: SenderProfile,
): InboundMessage {
  return {
    eventId,
    platform: 'feishu',
    kind: 'action',
    conversation,
    sender: { platformUserId: event.operator.open_id, displayName: profile.name, email: profile.email },
    action: { id: value.action, value: value.value, messageId: actionMessageId(event), form: formValues(event.action.form_value) },
    raw: event,
  };
}
