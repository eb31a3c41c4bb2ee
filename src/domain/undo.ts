/** `/undo` (撤销): reverses the user's latest change — its inverse, never a snapshot (see UndoStep). */
import { defineCommand } from '../core/commands.ts';
import type { Ctx } from './context.ts';
import type { DomainServices, UndoOutcome } from './ports.ts';

/** The change in words: "payment Z-60 ¥1,000". */
export function describeChange(ctx: Ctx, change: { kind: string; label: string }): string {
  const kindKey = `undo.kinds.${change.kind.replace('.', '_')}`;
  return ctx.t([kindKey, 'undo.kinds.other'], { label: change.label });
}

/** The answer to an undo: done, nothing to undo (`nothingKey`), or refused because it was changed since. */
export function undoAnswer(ctx: Ctx, outcome: UndoOutcome, nothingKey = 'undo.nothing'): string {
  if (outcome.status === 'none') return ctx.t(nothingKey);
  const what = describeChange(ctx, outcome);
  return ctx.t(outcome.status === 'undone' ? 'undo.done' : 'undo.conflict', { what });
}

export const undoCommand = defineCommand<DomainServices>({
  name: 'undo',
  aliases: ['撤销', '撤回'],
  summaryKey: 'undo.summary',
  usageKey: 'undo.usage',
  examplesKey: 'undo.examples',
  async run(ctx) {
    const outcome = await ctx.services.changes.undo(ctx.actor.id);
    return [{ kind: 'text', text: undoAnswer(ctx, outcome) }];
  },
});
