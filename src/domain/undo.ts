/** `/undo` (撤销): reverses the user's latest change. */
import { defineCommand } from '../core/commands.ts';
import type { DomainServices } from './ports.ts';

export const undoCommand = defineCommand<DomainServices>({
  name: 'undo',
  aliases: ['撤销', '撤回'],
  summaryKey: 'undo.summary',
  usageKey: 'undo.usage',
  examplesKey: 'undo.examples',
  async run(ctx) {
    const undone = await ctx.services.changes.undo(ctx.actor.id);
    if (!undone) return [{ kind: 'text', text: ctx.t('undo.nothing') }];
    const kindKey = `undo.kinds.${undone.kind.replace('.', '_')}`;
    const what = ctx.t([kindKey, 'undo.kinds.other'], { label: undone.label });
    return [{ kind: 'text', text: ctx.t('undo.done', { what }) }];
  },
});
