/**
 * Typeahead for the customer field of a modal (block_suggestion). The options come from the injected
 * customer search; what the user typed is offered last, so a name the search does not know (a new
 * prospect) can still be submitted and judged by the core.
 */
import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.ts';
import { LIMITS } from '../render/limits.ts';
import { clip } from '../text.ts';

export function registerSuggestions(app: App, ctx: SlackContext): void {
  app.options<'block_suggestion'>({ type: 'block_suggestion' }, async ({ ack, body }) => {
    const query = body.value.trim();
    const suggest = ctx.suggestCustomers;
    if (!suggest || query === '') {
      await ack({ options: [] });
      return;
    }
    let found: Array<{ value: string; label: string }> = [];
    try {
      const sender = await ctx.lookupSender(body.user.id);
      found = await ctx.coreSlots.use(() => suggest({ ...sender, platform: 'slack', tenantId: body.team?.id }, query));
    } catch (err) {
      ctx.logger.warn({ err }, 'customer search for a typeahead failed');
    }
    const choices = found.some((o) => o.value === query) ? found : [...found, { value: query, label: query }];
    await ack({
      options: choices.slice(0, LIMITS.optionsPerSelect).map((o) => ({
        text: { type: 'plain_text' as const, text: clip(o.label, LIMITS.optionText) },
        value: clip(o.value, LIMITS.optionValue),
      })),
    });
  });
}
