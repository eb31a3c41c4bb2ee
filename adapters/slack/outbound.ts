/**
 * The Slack calls that put replies in front of people: messages, ephemeral messages, response_url answers,
 * updates, file uploads, modals and the home tab. Rate limits and network failures are retried by the
 * WebClient (see client-options.ts); a platform error (channel_not_found, not_in_channel…) is thrown.
 */
import type { types, webApi } from '@slack/bolt';
import type { Reply } from '../../src/core/messages.ts';
import { renderMessage } from './render/blocks.ts';

type Image = Extract<Reply, { kind: 'image' }>;

export class SlackCallError extends Error {
  constructor(
    readonly call: string,
    readonly status: number,
  ) {
    super(`${call} answered HTTP ${status}`);
    this.name = 'SlackCallError';
  }
}

export class SlackOutbound {
  private readonly dmChannels = new Map<string, Promise<string>>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** The bot's DM channel with a user (opened once, then remembered). */
  dmChannel(userId: string): Promise<string> {
    let channel = this.dmChannels.get(userId);
    if (!channel) {
      channel = this.client.conversations.open({ users: userId }).then((r) => {
        if (!r.channel?.id) throw new Error('conversations.open returned no channel');
        return r.channel.id;
      });
      channel.catch(() => this.dmChannels.delete(userId));
      this.dmChannels.set(userId, channel);
    }
    return channel;
  }

  /** Posts a reply; returns the message ts (for an image, `file:<id>`: Slack shares files asynchronously). */
  async post(channel: string, reply: Reply, thread?: string): Promise<string> {
    if (reply.kind === 'image') return this.upload(channel, reply, thread);
    const { text, blocks } = renderMessage(reply);
    const result = await this.client.chat.postMessage({ channel, text, blocks, thread_ts: thread, unfurl_links: false });
    return result.ts ?? '';
  }

  async postEphemeral(channel: string, user: string, reply: Reply, thread?: string): Promise<void> {
    const { text, blocks } = renderMessage(reply);
    await this.client.chat.postEphemeral({ channel, user, text, blocks, thread_ts: thread });
  }

  async update(channel: string, ts: string, reply: Reply): Promise<void> {
    const { text, blocks } = renderMessage(reply);
    await this.client.chat.update({ channel, ts, text, blocks });
  }

  /** An answer only the user sees, through the response_url of a command, shortcut or ephemeral message. */
  async respond(url: string, reply: Reply): Promise<void> {
    const { text, blocks } = renderMessage(reply);
    const res = await this.fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text, blocks }),
    });
    if (!res.ok) throw new SlackCallError('response_url', res.status);
  }

  async openModal(triggerId: string, view: types.ModalView): Promise<void> {
    await this.client.views.open({ trigger_id: triggerId, view });
  }

  async publishHome(userId: string, view: types.HomeView): Promise<void> {
    await this.client.views.publish({ user_id: userId, view });
  }

  private async upload(channel: string, image: Image, thread?: string): Promise<string> {
    const slug = image.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'chart';
    const args = { channel_id: channel, file: Buffer.from(image.png), filename: `${slug}.png`, title: image.title, alt_text: image.alt };
    const result = (await this.client.files.uploadV2(thread ? { ...args, thread_ts: thread } : args)) as {
      files?: Array<{ files?: Array<{ id?: string }> }>;
    };
    const id = result.files?.[0]?.files?.[0]?.id;
    return `file:${id ?? 'unknown'}`;
  }
}
