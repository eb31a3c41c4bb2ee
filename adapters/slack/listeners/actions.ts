/**
 * Button presses (block_actions) become neutral actions. The clicked message is left as it is and the
 * answers are posted after it: a reply cannot say that it supersedes the card it came from, and
 * rewriting a card (a digest with an "Open" button) would lose what it showed. A second press of a stale
 * button is answered by the core ("already handled", "nothing to undo").
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import type { Interaction } from '../dispatch.ts';
import { admit } from '../inbox.ts';
import { isDmChannel, type Origin } from '../origin.ts';
import { neutralActionId, OPEN_FORM_ACTION } from '../render/action-ids.ts';
import { readReplay, replayOfAction, replayOfText } from '../replay.ts';

/**
 * Where the answer to a click goes. On an ephemeral card, or in any conversation but the bot's DM, only
 * the person who clicked sees it, through the click's response_url — a card in a team channel is
 * everyone's, the answer to one member's click is theirs. On a card in the DM it is posted there (in its
 * thread if it has one). The home tab has no conversation: its answers go to the DM.
 */
function originOfClick(body: BlockAction): Origin {
  const user = body.user.id;
  const team = body.team?.id ?? body.user.team_id;
  const container = body.container as { type?: string; is_ephemeral?: boolean; channel_id?: string; thread_ts?: string };
  const channel = body.channel?.id ?? container.channel_id;
  if (container.type === 'view' || !channel) return { kind: 'dm', user, team };
  if ((container.is_ephemeral === true || !isDmChannel(channel)) && body.response_url) return { kind: 'url', url: body.response_url, user, team, channel };
  const thread = (body.message?.['thread_ts'] as string | undefined) ?? container.thread_ts;
  return { kind: 'channel', channel, thread, user, team, dm: isDmChannel(channel) };
}

/** The neutral request behind a click; an "open form" button replays the request that produced its form. */
function partOfClick(button: ButtonAction, messageTs: string | undefined): { part: Interaction['part']; replay: string } | null {
  if (button.action_id === OPEN_FORM_ACTION) {
    const replay = readReplay(button.value ?? '');
    if (!replay) return null;
    return 't' in replay
      ? { part: { kind: 'text', text: replay.t }, replay: replayOfText(replay.t) }
      : { part: { kind: 'action', action: { id: replay.a, value: replay.v } }, replay: button.value ?? '' };
  }
  const id = neutralActionId(button.action_id);
  const value = button.value ?? '';
  return { part: { kind: 'action', action: { id, value, messageId: messageTs } }, replay: replayOfAction(id, value) };
}

export function registerActions(app: App, ctx: SlackContext): void {
  app.action({ type: 'block_actions' }, async ({ ack, body, action }) => {
    const click = body as BlockAction;
    const request = action.type === 'button' ? partOfClick(action, click.message?.ts ?? (click.container['message_ts'] as string | undefined)) : null;
    if (!request) {
      await ack();
      return;
    }
    await admit(
      ctx,
      {
        label: 'action',
        interaction: { eventId: click.trigger_id, origin: originOfClick(click), part: request.part },
        delivery: { trigger: click.trigger_id, replay: request.replay },
        refreshHome: click.view?.type === 'home',
      },
      () => ack(),
    );
  });
}
