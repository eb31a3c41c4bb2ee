/**
 * Messages: a DM to the bot is handled like the console chat (a note that reads like a visit becomes one);
 * an @mention in a channel is answered in its thread. Bolt acknowledges an Events API delivery once its
 * listener returns, which is once the event is stored in the inbox. A delivery Slack retries (X-Slack-Retry-Num) carries the same event_id, which the core's ledger
 * has already claimed, so it gets no second answer and writes nothing twice.
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { admit } from '../inbox.ts';
import { replayOfText } from '../replay.ts';
import { plainFromSlack } from '../text.ts';

interface MessageFields {
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
}

export function registerMessages(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, body, context }) => {
    const m = event as unknown as MessageFields;
    // Edits, joins, bot posts and other subtypes are not something the user said to the bot.
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id || !m.user) return;
    const text = plainFromSlack(m.text ?? '', context.botUserId);
    if (context.retryNum) ctx.logger.debug({ eventId: body.event_id, retryNum: context.retryNum }, 'Slack retried an event');
    await admit(
      ctx,
      {
        label: 'message',
        interaction: {
          eventId: body.event_id,
          origin: { kind: 'channel', channel: m.channel, thread: m.thread_ts, user: m.user, team: body.team_id, dm: true },
          part: { kind: 'text', text },
        },
        delivery: { replay: replayOfText(text) },
      },
      null,
    );
  });

  app.event('app_mention', async ({ event, body, context }) => {
    if (event.subtype !== undefined || event.bot_id || !event.user) return;
    const text = plainFromSlack(event.text, context.botUserId);
    const thread = event.thread_ts ?? event.ts;
    await admit(
      ctx,
      {
        label: 'mention',
        interaction: {
          eventId: body.event_id,
          origin: { kind: 'channel', channel: event.channel, thread, user: event.user, team: body.team_id, dm: false },
          part: { kind: 'text', text },
        },
        delivery: { replay: replayOfText(text) },
      },
      null,
    );
  });
}
