/**
 * The neutral vocabulary between adapters and the core. An adapter converts each platform event into one
 * InboundMessage at the edge and renders the core's Replies back into Block Kit, Feishu cards or text.
 */

export type Platform = 'console' | 'slack' | 'feishu';

/** Where a message came from or should go, serializable so scheduled jobs can post later. */
export interface ConversationRef {
  platform: Platform;
  /** Slack team id or Feishu tenant_key; absent on the console. */
  tenantId?: string | undefined;
  /** Channel / chat id; for a direct message, the DM channel id (console: the user's id). */
  channelId: string;
  /** Thread root to answer in, when the conversation is a thread. */
  threadId?: string | undefined;
  /** True for a one-to-one conversation with the bot. */
  direct: boolean;
}

export interface Sender {
  /** The platform's user id (Slack user id, Feishu open_id, console id). */
  platformUserId: string;
  displayName?: string | undefined;
  email?: string | undefined;
  /** Platform locale such as en-US, zh-CN, zh_CN. */
  locale?: string | undefined;
  /** IANA zone from the platform profile. */
  timeZone?: string | undefined;
  isBot?: boolean | undefined;
}

export interface InboundAction {
  /** Stable action id, e.g. `visit.undo`. */
  id: string;
  /** Small value the button carried (an id, a choice). */
  value: string;
  /** Platform message that carried the button, so the reply can update it in place. */
  messageId?: string | undefined;
  /** Values of form fields submitted with the action (modal / card form). */
  form?: Record<string, string> | undefined;
}

export interface InboundMessage {
  /** Platform event id used for dedupe (Slack event_id, Feishu header.event_id, console line counter). */
  eventId: string;
  platform: Platform;
  kind: 'text' | 'action';
  conversation: ConversationRef;
  sender: Sender;
  /** Text with the bot mention stripped (kind text). */
  text?: string | undefined;
  action?: InboundAction | undefined;
  /** Locale of the client, when the platform tells it per event. */
  locale?: string | undefined;
  /** The platform payload; the core never reads it. */
  raw?: unknown;
  /**
   * Set when the message comes from the durable inbox (src/inbox): a message the ledger already holds is then
   * answered from what was stored (its replies, or "still in progress" to retry later), not ignored, because
   * the process that began it may have died before answering.
   */
  fromInbox?: boolean | undefined;
  /** The message was acknowledged at this time and is answered late: the answer says so. */
  delayedSince?: Date | undefined;
}

export interface Button {
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger' | undefined;
}

export interface FormField {
  name: string;
  label: string;
  kind: 'text' | 'multiline' | 'date' | 'select' | 'number';
  value?: string | undefined;
  options?: Array<{ value: string; label: string }> | undefined;
  required?: boolean | undefined;
  placeholder?: string | undefined;
}

export type Reply =
  | {
      kind: 'text';
      text: string;
      ephemeral?: boolean | undefined;
      /**
       * The form field this text refuses (a submitted form's field name). Adapters that can show an error
       * under a field (Slack modals) do; the others show the text as usual.
       */
      field?: string | undefined;
      /**
       * The core could not do the work now (a dependency is away, or another process holds the message):
       * nothing was saved, and the message may be handled again later.
       */
      transient?: boolean | undefined;
      /**
       * The text refuses what the user sent (a business rule said no; nothing changed). Adapters may show a
       * refused button press without replacing the card that was pressed.
       */
      refused?: boolean | undefined;
    }
  | {
      kind: 'card';
      title: string;
      body?: string | undefined;
      /** `collapsed`: secondary detail (the note as typed) that a platform may fold away until asked for. */
      fields: Array<{ label: string; value: string; collapsed?: boolean | undefined }>;
      buttons: Button[];
      ephemeral?: boolean | undefined;
    }
  | { kind: 'table'; title?: string | undefined; columns: string[]; rows: string[][]; ephemeral?: boolean | undefined }
  | { kind: 'image'; title: string; alt: string; png: Uint8Array }
  | {
      kind: 'form';
      title: string;
      /** Action id the submitted values come back with. */
      submitActionId: string;
      /** Value carried back with the submission (e.g. the record being edited). */
      submitValue: string;
      submitLabel: string;
      fields: FormField[];
    };

export interface SentMessage {
  messageId: string;
}

export interface SendOptions {
  /**
   * Stable key of this message (e.g. a delivery's job:recipient:period). Adapters pass it to the platform
   * when it supports idempotent sends (Feishu's `uuid`), so a retried send never shows twice.
   */
  idempotencyKey?: string | undefined;
}

/**
 * What every adapter offers the core and the jobs. A reference with `direct: true` whose `channelId` is the
 * platform's user id means "the one-to-one chat with that user" (the adapter opens it if needed).
 */
export interface ChatPort {
  readonly platform: Platform;
  send(to: ConversationRef, reply: Reply, options?: SendOptions): Promise<SentMessage>;
  update(to: ConversationRef, messageId: string, reply: Reply): Promise<void>;
}

/** What adapters call: the core's entry point. */
export interface MessageHandler {
  handle(message: InboundMessage): Promise<Reply[]>;
}
