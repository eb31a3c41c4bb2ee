/** The console's chat port: proactive messages (reminders, digests) printed to the terminal. */
import type { Writable } from 'node:stream';
import type { ChatPort, ConversationRef, Reply, SentMessage } from '../../src/core/messages.ts';
import { renderReply } from './render.ts';

export class ConsolePort implements ChatPort {
  readonly platform = 'console' as const;
  private counter = 0;

  constructor(private readonly output: Writable) {}

  async send(to: ConversationRef, reply: Reply): Promise<SentMessage> {
    const messageId = `console-${++this.counter}`;
    this.output.write(`» ${to.channelId} #${messageId}: ${renderReply(reply).text}\n`);
    return { messageId };
  }

  async update(to: ConversationRef, messageId: string, reply: Reply): Promise<void> {
    this.output.write(`» ${to.channelId} #${messageId} (updated): ${renderReply(reply).text}\n`);
  }
}
