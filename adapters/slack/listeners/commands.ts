/**
 * Slash commands. Slack wants an answer within 3 seconds, so the request is stored in the inbox and
 * acknowledged before anything else — no profile lookup — and the work runs after; the answers go back through the
 * command's response_url, visible only to the rep (`ephemeral`).
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { admit } from '../inbox.ts';
import { replayOfText } from '../replay.ts';
import { textOfCommand } from '../slash-commands.ts';
import { plainFromSlack } from '../text.ts';

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(/^\/.+/, async ({ command, ack }) => {
    const text = textOfCommand(command.command, plainFromSlack(command.text));
    await admit(
      ctx,
      {
        label: 'command',
        interaction: {
          eventId: command.trigger_id,
          origin: { kind: 'url', url: command.response_url, user: command.user_id, team: command.team_id, channel: command.channel_id },
          part: { kind: 'text', text },
        },
        delivery: { trigger: command.trigger_id, replay: replayOfText(text) },
      },
      (notice) => ack(notice === undefined ? undefined : { response_type: 'ephemeral', text: notice }),
    );
  });
}
