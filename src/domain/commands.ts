/** The bot's full command set, registered in one place. */
import { CommandRegistry } from '../core/commands.ts';
import { helpCommand } from '../core/builtins.ts';
import type { DomainServices } from './ports.ts';
import { langCommand, tzCommand, userCommand, whoamiCommand } from './users/commands.ts';
import { leaveCommand } from './users/leave.ts';
import { teamCommand } from './teams/commands.ts';
import { registerVisitActions, visitCommand } from './visits/commands.ts';
import { customerCommand } from './customers/commands.ts';
import { callbackCommand, registerCallbackActions } from './callbacks/commands.ts';
import { undoCommand } from './undo.ts';
import { registerReports } from './reports/index.ts';
import { arCommand } from './receivables/commands.ts';
import { homeCommand } from './home.ts';

export function buildRegistry(): CommandRegistry<DomainServices> {
  const registry = new CommandRegistry<DomainServices>();
  // Help lists commands in this order: the rep's daily work first, then settings, then admin.
  registry.add(helpCommand(registry));
  registry.add(visitCommand);
  registerVisitActions(registry);
  registry.add(customerCommand);
  registry.add(callbackCommand);
  registerCallbackActions(registry);
  registry.add(arCommand);
  registerReports(registry);
  registry.add(undoCommand);
  registry.add(homeCommand);
  registry.add(leaveCommand).add(langCommand).add(tzCommand).add(whoamiCommand);
  registry.add(teamCommand).add(userCommand);
  return registry;
}
