/** The weekly report (周报): one call registers its command and its actions. */
import type { CommandRegistry } from '../../core/commands.ts';
import type { DomainServices } from '../ports.ts';
import { registerReportActions } from './actions.ts';
import { reportCommand } from './commands.ts';

export function registerReports(registry: CommandRegistry<DomainServices>): void {
  registry.add(reportCommand);
  registerReportActions(registry);
}
