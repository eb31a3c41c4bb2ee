/**
 * Slack requests through the durable inbox (src/inbox): each interaction is stored before Slack is
 * acknowledged, and the processor registered here turns a stored one back into a core call and an answer —
 * in this process, or in another one after this one died. Without an inbox (tests of the listeners alone),
 * interactions are handled in memory as before.
 */
import { within } from '../../src/core/deadline.ts';
import type { Reply } from '../../src/core/messages.ts';
import type { InboxProcessor, ProcessOutcome } from '../../src/inbox/types.ts';
import type { SlackContext } from './context.ts';
import type { DeliveryContext } from './deliver.ts';
import { askCore, type Interaction } from './dispatch.ts';
import { publishHome } from './listeners/home.ts';

/** What is stored: the interaction without Slack's raw payload, and how to answer it. */
export interface SlackInboxPayload {
  label: string;
  interaction: Omit<Interaction, 'raw'>;
  delivery: DeliveryContext;
  /** A click on the App Home: the home tab is published again after the answer. */
  refreshHome?: boolean | undefined;
}

/** Acknowledges with an optional text (slash commands show it to the user). */
export type Ack = (text?: string) => Promise<void>;

/**
 * Stores the interaction, then acknowledges. When neither the database nor the disk takes it, a slash command
 * is told nothing was saved; other requests fail, so Slack retries them.
 */
export async function admit(ctx: SlackContext, payload: SlackInboxPayload, ack: Ack | null): Promise<void> {
  const intake = ctx.admission;
  if (!intake) {
    await ack?.();
    void ctx.tasks.run(payload.label, async () => {
      await handleStored(ctx, payload, undefined);
    });
    return;
  }
  let result;
  try {
    result = await intake.accept('slack', payload.interaction.eventId, payload);
  } catch (err) {
    ctx.logger.error({ err, eventId: payload.interaction.eventId }, 'Slack request could not be stored (database and disk); not acknowledged as saved');
    if (!ack) throw err;
    await ack(intake.notice('notSaved'));
    return;
  }
  const notice = result === 'queued' ? intake.notice('queued') : result === 'spooled' ? intake.notice('slow') : undefined;
  if (ack) await ack(notice);
  else if (notice) {
    // An event has no answer body: the notice goes to the conversation (Slack's Web API needs no database).
    void ctx.tasks.run('notice', () => ctx.deliverer.deliver(payload.interaction.origin, [{ kind: 'text', text: notice }]));
  }
}

function isTransient(replies: readonly Reply[]): boolean {
  return replies.some((r) => r.kind === 'text' && r.transient === true);
}

/** Runs a stored interaction: the core (with a "slow" notice when it takes long), then the answer. */
async function handleStored(ctx: SlackContext, payload: SlackInboxPayload, info: Parameters<InboxProcessor>[1] | undefined): Promise<ProcessOutcome> {
  const { interaction, delivery } = payload;
  const admission = ctx.admission;
  const sender = await ctx.lookupSender(interaction.origin.user);
  const core = askCore(ctx, { ...interaction, raw: null }, {
    sender,
    fromInbox: info !== undefined,
    delayedSince: info?.delayedSince,
    begin: info && admission ? () => admission.begin(info.id) : undefined,
  });
  let replies: Reply[] | null;
  const first = admission ? await within(core, admission.slowNoticeMs) : { timedOut: false as const, value: await core };
  if (first.timedOut) {
    await ctx.deliverer.deliver(interaction.origin, [{ kind: 'text', text: admission!.notice('slow', sender.locale) }]);
    replies = await core;
  } else {
    replies = first.value;
  }
  if (replies === null) return 'done'; // handed to another process before it began
  if (isTransient(replies)) {
    if (info?.firstTry !== false) await ctx.deliverer.deliver(interaction.origin, replies);
    return 'retry';
  }
  await ctx.deliverer.deliver(interaction.origin, replies, delivery);
  if (payload.refreshHome) await publishHome(ctx, interaction.origin.user, interaction.origin.team, `home:${interaction.eventId}`);
  return 'done';
}

export function slackInboxProcessor(ctx: SlackContext): InboxProcessor {
  return async (stored, info) => {
    const payload = stored as SlackInboxPayload;
    let outcome: ProcessOutcome = 'done';
    await ctx.tasks.run(payload.label, async () => {
      outcome = await handleStored(ctx, payload, info);
    });
    return outcome;
  };
}
