/** The help command, which needs nothing but the registry itself. */
import { defineCommand, type CommandRegistry } from './commands.ts';
import { helpReplies } from './help.ts';

export function helpCommand<S>(registry: CommandRegistry<S>) {
  return defineCommand<S>({
    name: 'help',
    aliases: ['帮助', '?', 'h'],
    summaryKey: 'commands.help.summary',
    usageKey: 'commands.help.usage',
    examplesKey: 'commands.help.examples',
    async run(ctx, args) {
      return helpReplies(registry, ctx.t, args.positional[0] ?? null);
    },
  });
}
