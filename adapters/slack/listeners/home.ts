/**
 * App Home: the dashboard replies of the injected `homeFor`, published whenever the user opens the tab
 * (and after a button on it was pressed). Without a dashboard the tab shows the core's help.
 */
import type { App } from '@slack/bolt';
import type { Reply } from '../../../src/core/messages.ts';
import type { SlackContext } from '../context.ts';
import { askCore } from '../dispatch.ts';
import { homeView } from '../render/home.ts';

export async function publishHome(ctx: SlackContext, user: string, team: string | undefined, eventId: string): Promise<void> {
  let replies: Reply[];
  if (ctx.homeFor) {
    const sender = await ctx.lookupSender(user);
    const homeFor = ctx.homeFor;
    replies = await ctx.coreSlots.use(() => homeFor({ ...sender, platform: 'slack', tenantId: team }));
  } else {
    // An empty message asks the core for its help.
    replies = await askCore(ctx, { eventId, origin: { kind: 'dm', user, team }, part: { kind: 'text', text: '' }, raw: null });
  }
  if (replies.length === 0) return;
  await ctx.outbound.publishHome(user, homeView(replies));
}

export function registerHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    void ctx.tasks.run('home', () => publishHome(ctx, event.user, body.team_id, `home:${body.event_id}`));
  });
}
