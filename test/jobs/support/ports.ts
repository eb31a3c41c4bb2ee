/** Chat ports for job tests: they record what was sent and, like Feishu, drop a repeated idempotency key. */
import type { ChatPort, ConversationRef, Platform, Reply, SendOptions, SentMessage } from '../../../src/core/messages.ts';

export interface Sent {
  to: ConversationRef;
  reply: Reply;
  key: string | undefined;
  messageId: string;
}

export class RecordingPort implements ChatPort {
  readonly sent: Sent[] = [];
  private readonly byKey = new Map<string, string>();
  private counter = 0;
  /** Sends that repeated an idempotency key (the platform answered with the earlier message). */
  repeats = 0;

  constructor(readonly platform: Platform = 'console') {}

  async send(to: ConversationRef, reply: Reply, options?: SendOptions): Promise<SentMessage> {
    const key = options?.idempotencyKey;
    const earlier = key ? this.byKey.get(key) : undefined;
    if (earlier) {
      this.repeats++;
      return { messageId: earlier };
    }
    const messageId = `${this.platform}-${++this.counter}`;
    if (key) this.byKey.set(key, messageId);
    this.sent.push({ to, reply, key, messageId });
    return { messageId };
  }

  async update(): Promise<void> {}

  /** Messages per channel id. */
  to(channelId: string): Reply[] {
    return this.sent.filter((s) => s.to.channelId === channelId).map((s) => s.reply);
  }

  clear(): void {
    this.sent.length = 0;
  }
}

export function replyText(reply: Reply): string {
  switch (reply.kind) {
    case 'text':
      return reply.text;
    case 'card':
      return [reply.title, reply.body ?? '', ...reply.fields.map((f) => `${f.label}: ${f.value}`), ...reply.buttons.map((b) => `[${b.actionId}:${b.value}]`)].join('\n');
    case 'table':
      return [reply.title ?? '', reply.columns.join('|'), ...reply.rows.map((r) => r.join('|'))].join('\n');
    case 'image':
      return `[image ${reply.title}]`;
    case 'form':
      return reply.title;
  }
}
