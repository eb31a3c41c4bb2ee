/**
 * Which slash commands the Slack app declares. Every command a rep may run gets its own (`/visit …`), unless
 * Slack reserves the name; everything — admin commands and reserved names included — is also reachable as
 * `/kam <command>`, for workspaces that cannot register many. manifest.yml lists exactly this set (a test
 * compares them), so a command added to the registry shows up as a failing test until the manifest has it.
 */
import type { Role } from '../../src/core/identity.ts';

export const UMBRELLA_COMMAND = '/kam';

/** Slack's built-in commands: a manifest that declares one of them is refused. */
const SLACK_RESERVED = new Set([
  'active', 'apps', 'archive', 'away', 'call', 'collapse', 'dm', 'dnd', 'expand', 'feed', 'feedback', 'help', 'invite',
  'join', 'kick', 'leave', 'me', 'msg', 'mute', 'open', 'prefs', 'remind', 'remove', 'rename', 'search', 'shortcuts',
  'shrug', 'star', 'status', 'topic', 'who',
]);

/** Slack command names: lower case, no spaces, at most 32 characters. */
const SLACK_COMMAND_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export interface CommandInfo {
  name: string;
  minRole?: Role | undefined;
  hidden?: boolean | undefined;
}

export function slashCommands(commands: Iterable<CommandInfo>): string[] {
  const own = [...commands]
    .filter((c) => !c.hidden && (c.minRole ?? 'rep') === 'rep')
    .map((c) => c.name.toLowerCase())
    .filter((name) => SLACK_COMMAND_NAME.test(name) && !SLACK_RESERVED.has(name))
    .map((name) => `/${name}`);
  return [UMBRELLA_COMMAND, ...own];
}

/** The text the core reads: `/kam <anything>` is that text as if typed to the bot; `/visit x` is itself. */
export function textOfCommand(command: string, text: string): string {
  const body = text.trim();
  return command.toLowerCase() === UMBRELLA_COMMAND ? body : `${command} ${body}`.trim();
}
