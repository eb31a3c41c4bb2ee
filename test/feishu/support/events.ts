/** Event and callback payloads in Feishu's v2 envelope (`schema`, `header`, `event`), as pushed. */
import { randomUUID } from 'node:crypto';

export const APP_ID = 'cli_test_kam';
export const APP_SECRET = 'test-app-secret';
export const ENCRYPT_KEY = 'test-encrypt-key-9f2c';
export const VERIFICATION_TOKEN = 'test-verification-token';
export const TENANT_KEY = 'tenant_test_1';

export const p2pChatOf = (openId: string) => `oc_p2p_${openId.replace(/^ou_/, '')}`;

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${++counter}`;

function header(eventType: string, eventId: string) {
  return {
    event_id: eventId,
    token: VERIFICATION_TOKEN,
    create_time: String(Date.now()),
    event_type: eventType,
    tenant_key: TENANT_KEY,
    app_id: APP_ID,
  };
}

export interface MentionSpec {
  key: string;
  openId: string;
  name: string;
}

export interface MessageSpec {
  senderOpenId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  messageType?: string;
  /** The message content object (e.g. `{ text }`); it is JSON-encoded like Feishu does. */
  content: object;
  mentions?: MentionSpec[];
  eventId?: string;
  senderType?: 'user' | 'app';
  threadRootId?: string;
}

export function messageEvent(spec: MessageSpec) {
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', spec.eventId ?? randomUUID()),
    event: {
      sender: {
        sender_id: { open_id: spec.senderOpenId, union_id: `on_${spec.senderOpenId}`, user_id: spec.senderOpenId.replace(/^ou_/, 'u_') },
        sender_type: spec.senderType ?? 'user',
        tenant_key: TENANT_KEY,
      },
      message: {
        message_id: nextId('om_in'),
        ...(spec.threadRootId ? { root_id: spec.threadRootId, parent_id: spec.threadRootId, thread_id: nextId('omt') } : {}),
        create_time: String(Date.now()),
        update_time: String(Date.now()),
        chat_id: spec.chatId,
        chat_type: spec.chatType,
        message_type: spec.messageType ?? 'text',
        content: JSON.stringify(spec.content),
        ...(spec.mentions
          ? {
              mentions: spec.mentions.map((m) => ({
                key: m.key,
                id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: m.openId.replace(/^ou_/, 'u_') },
                name: m.name,
                tenant_key: TENANT_KEY,
              })),
            }
          : {}),
        user_agent: 'Mozilla/5.0 Lark/7.30.0',
      },
    },
  };
}

export interface CardActionSpec {
  operatorOpenId: string;
  messageId: string;
  chatId: string;
  value: unknown;
  formValue?: Record<string, unknown>;
  eventId?: string;
  tag?: string;
}

export function cardActionEvent(spec: CardActionSpec) {
  return {
    schema: '2.0',
    header: header('card.action.trigger', spec.eventId ?? randomUUID()),
    event: {
      operator: { tenant_key: TENANT_KEY, open_id: spec.operatorOpenId, union_id: `on_${spec.operatorOpenId}`, user_id: spec.operatorOpenId.replace(/^ou_/, 'u_') },
      token: `c-${randomUUID()}`,
      action: {
        value: spec.value,
        tag: spec.tag ?? 'button',
        ...(spec.formValue ? { form_value: spec.formValue, name: 'kam_submit' } : {}),
      },
      host: 'im_message',
      context: { open_message_id: spec.messageId, open_chat_id: spec.chatId },
    },
  };
}

export function urlVerification(challenge: string) {
  return { challenge, token: VERIFICATION_TOKEN, type: 'url_verification' };
}
