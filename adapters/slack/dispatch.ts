/**
 * One Slack interaction in, one neutral message to the core, the replies delivered. The user's profile is
 * looked up here, after the acknowledgement, never before it.
 */
import type { ConversationRef, InboundAction, InboundMessage, Reply, Sender } from '../../src/core/messages.ts';
import type { SlackContext } from './context.ts';
import type { DeliveryContext } from './deliver.ts';
import { isDmChannel, type Origin } from './origin.ts';

export interface Interaction {
  /** Dedupe key: the Events API event_id, else the interaction's trigger_id. */
  eventId: string;
  origin: Origin;
  part: { kind: 'text'; text: string } | { kind: 'action'; action: InboundAction };
  raw: unknown;
}

export function conversationOf(origin: Origin): ConversationRef {
  const base = { platform: 'slack' as const, tenantId: origin.team };
  switch (origin.kind) {
    case 'url': {
      const channelId = origin.channel ?? origin.user;
      return { ...base, channelId, direct: channelId === origin.user || isDmChannel(channelId) };
    }
    case 'channel':
      return { ...base, channelId: origin.channel, threadId: origin.thread, direct: origin.dm };
    case 'dm':
      // A direct reference by user id: the port opens the DM when it sends (see port.ts).
      return { ...base, channelId: origin.user, direct: true };
  }
}

export interface AskOptions {
  /** The sender, when already looked up. */
  sender?: Sender | undefined;
  fromInbox?: boolean | undefined;
  delayedSince?: Date | undefined;
  /** Asked once a core slot is free; false: the message went to another process, do not start it. */
  begin?: (() => boolean) | undefined;
}

export async function askCore(ctx: SlackContext, interaction: Interaction): Promise<Reply[]>;
export async function askCore(ctx: SlackContext, interaction: Interaction, opts: AskOptions): Promise<Reply[] | null>;
export async function askCore(ctx: SlackContext, interaction: Interaction, opts: AskOptions = {}): Promise<Reply[] | null> {
  const sender = opts.sender ?? (await ctx.lookupSender(interaction.origin.user));
  const message: InboundMessage = {
    eventId: interaction.eventId,
    platform: 'slack',
    conversation: conversationOf(interaction.origin),
    sender,
    raw: interaction.raw,
    ...(opts.fromInbox && { fromInbox: true }),
    ...(opts.delayedSince && { delayedSince: opts.delayedSince }),
    ...(interaction.part.kind === 'text'
      ? { kind: 'text', text: interaction.part.text }
      : { kind: 'action', action: interaction.part.action }),
  };
  return ctx.coreSlots.use(async () => (opts.begin && !opts.begin() ? null : ctx.bot.handle(message)));
}

export async function handleInteraction(ctx: SlackContext, interaction: Interaction, delivery: DeliveryContext): Promise<void> {
  const replies = await askCore(ctx, interaction);
  await ctx.deliverer.deliver(interaction.origin, replies, delivery);
}
