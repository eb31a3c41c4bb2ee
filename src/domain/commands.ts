/** The bot's full command set, registered in one place. */
import { CommandRegistry } from '../core/commands.ts';
import { helpCommand } from '../core/builtins.ts';
import type { DomainServices } from './ports.ts';
import { langCommand, tzCommand, userCommand, whoamiCommand } from './users/commands.ts';
import { teamCommand } from './teams/commands.ts';

export function buildRegistry(): CommandRegistry<DomainServices> {
  const registry = new CommandRegistry<DomainServices>();
  registry.add(helpCommand(registry));
  registry.add(langCommand).add(tzCommand).add(whoamiCommand);
  registry.add(teamCommand).add(userCommand);
  return registry;
}
