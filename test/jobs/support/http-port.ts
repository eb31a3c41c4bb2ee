/** A ChatPort that sends through the fake platform's HTTP API; a 429 surfaces as the platform's rate-limit error. */
import type { ChatPort, ConversationRef, Platform, Reply, SendOptions, SentMessage } from '../../../src/core/messages.ts';

export class HttpChatPort implements ChatPort {
  constructor(
    readonly platform: Platform,
    private readonly url: string,
  ) {}

  async send(to: ConversationRef, reply: Reply, options?: SendOptions): Promise<SentMessage> {
    const res = await fetch(`${this.url}/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: to.channelId, key: options?.idempotencyKey, kind: reply.kind }),
    });
    if (res.status === 429) throw Object.assign(new Error('rate limited'), { status: 429, headers: res.headers });
    if (!res.ok) throw new Error(`platform answered ${res.status}`);
    return { messageId: ((await res.json()) as { id: string }).id };
  }

  async update(): Promise<void> {}
}
