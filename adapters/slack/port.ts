/**
 * The Slack chat port, for proactive messages (reminders, digests): send = chat.postMessage, update =
 * chat.update. A direct reference whose channel is a user id goes to that user's DM with the bot.
 * Slack has no idempotent post, so a send's idempotency key is not passed on; the jobs' delivery log is
 * what keeps a retried delivery from showing twice.
 */
import type { ChatPort, ConversationRef, Reply, SentMessage } from '../../src/core/messages.ts';
import type { SlackOutbound } from './outbound.ts';

const isUserId = (id: string) => /^[UW][A-Z0-9]+$/.test(id);

export class SlackPort implements ChatPort {
  readonly platform = 'slack' as const;

  constructor(private readonly outbound: SlackOutbound) {}

  async send(to: ConversationRef, reply: Reply): Promise<SentMessage> {
    const channel = await this.channelOf(to);
    return { messageId: await this.outbound.post(channel, reply, to.threadId) };
  }

  async update(to: ConversationRef, messageId: string, reply: Reply): Promise<void> {
    if (messageId.startsWith('file:')) throw new Error('an uploaded picture cannot be updated; send a new one');
    await this.outbound.update(await this.channelOf(to), messageId, reply);
  }

  private channelOf(to: ConversationRef): Promise<string> {
    return to.direct && isUserId(to.channelId) ? this.outbound.dmChannel(to.channelId) : Promise.resolve(to.channelId);
  }
}
