/**
 * The Feishu payloads the adapter reads, as zod schemas. Both connection modes hand handlers the SDK
 * dispatcher's flattened shape: the v2 `header` fields (event_id, tenant_key, …) and the `event` fields
 * side by side. Unknown fields are dropped; a payload that does not parse is ignored, never guessed at.
 */
import { z } from 'zod';

const userIds = z.object({
  open_id: z.string().optional(),
  user_id: z.string().optional(),
  union_id: z.string().optional(),
});

export const mentionSchema = z.object({
  key: z.string(),
  id: userIds.optional(),
  name: z.string().optional(),
});

export const messageEventSchema = z.object({
  event_id: z.string().min(1),
  tenant_key: z.string().optional(),
  sender: z.object({
    sender_id: userIds.optional(),
    sender_type: z.string(),
    tenant_key: z.string().optional(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: z.string().optional(),
    thread_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(mentionSchema).optional(),
  }),
});

export const cardActionSchema = z.object({
  event_id: z.string().optional(),
  /** The callback's own token (the event's `token` wins over the header's when flattened). */
  token: z.string().optional(),
  tenant_key: z.string().optional(),
  operator: z.object({ open_id: z.string().min(1), tenant_key: z.string().optional() }),
  action: z.object({
    value: z.unknown().optional(),
    tag: z.string().optional(),
    name: z.string().optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
  }),
  context: z.object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() }).optional(),
  // Older callback surfaces put the ids at the top level.
  open_message_id: z.string().optional(),
  open_chat_id: z.string().optional(),
});

/** What our buttons carry in `behaviors[].value`, and what comes back in `action.value`. */
export const buttonValueSchema = z.object({
  action: z.string().min(1),
  value: z.string().default(''),
  /** 1 when the card was shown in a one-to-one chat (the callback does not say so itself). */
  dm: z.literal(1).optional(),
});

export type Mention = z.infer<typeof mentionSchema>;
export type MessageEvent = z.infer<typeof messageEventSchema>;
export type CardActionEvent = z.infer<typeof cardActionSchema>;
export type ButtonValue = z.infer<typeof buttonValueSchema>;

/** The answer to a `card.action.trigger` callback: an optional toast and an optional replacement card. */
export interface CardCallbackAnswer {
  toast?: { type: 'success' | 'info' | 'warning' | 'error'; content: string; i18n?: Record<string, string> };
  card?: { type: 'raw'; data: object };
}
