/**
 * The message shortcut "Log as visit": any message (a customer's email pasted in a channel, a colleague's
 * note) becomes a visit note, exactly as if the rep had typed `/visit <its text>`.
 */
import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { admit } from '../inbox.ts';
import { replayOfText } from '../replay.ts';
import { plainFromSlack } from '../text.ts';

/** The shortcut's callback_id in manifest.yml, and the command it runs. */
export const LOG_AS_VISIT = { callbackId: 'log_as_visit', command: 'visit' } as const;

export function registerShortcuts(app: App, ctx: SlackContext): void {
  app.shortcut({ type: 'message_action', callback_id: LOG_AS_VISIT.callbackId }, async ({ ack, shortcut }) => {
    const s = shortcut as MessageShortcut;
    const text = `/${LOG_AS_VISIT.command} ${plainFromSlack(s.message.text ?? '')}`.trim();
    const team = s.team?.id ?? s.user.team_id;
    await admit(
      ctx,
      {
        label: 'shortcut',
        interaction: {
          eventId: s.trigger_id,
          origin: { kind: 'url', url: s.response_url, user: s.user.id, team, channel: s.channel.id },
          part: { kind: 'text', text },
        },
        delivery: { trigger: s.trigger_id, replay: replayOfText(text) },
      },
      () => ack(),
    );
  });
}
