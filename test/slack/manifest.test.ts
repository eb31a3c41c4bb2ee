/** adapters/slack/manifest.yml is what an admin installs: it must parse and match what the adapter serves. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slashCommands } from '../../adapters/slack/index.ts';
import { LOG_AS_VISIT } from '../../adapters/slack/listeners/shortcuts.ts';
import { SLACK_EVENTS_PATH } from '../../adapters/slack/app.ts';
import { buildRegistry } from '../../src/domain/commands.ts';

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    slash_commands: Array<{ command: string; url: string; description: string; should_escape?: boolean }>;
    shortcuts: Array<{ type: string; callback_id: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string; message_menu_options_url: string };
  };
}

const manifest = parse(readFileSync(path.resolve(import.meta.dirname, '../../adapters/slack/manifest.yml'), 'utf8')) as Manifest;
const registry = buildRegistry();

describe('Slack app manifest', () => {
  it('declares exactly the slash commands the adapter serves for the registry', () => {
    const declared = manifest.features.slash_commands.map((c) => c.command).sort();
    expect(declared).toEqual([...slashCommands(registry.list())].sort());
  });

  it('declares only commands the core knows (besides /kam), and every rep workflow command', () => {
    for (const { command } of manifest.features.slash_commands) {
      if (command === '/kam') continue;
      expect(registry.get(command), command).toBeDefined();
    }
    for (const name of ['visit', 'customer', 'callback', 'report']) expect(manifest.features.slash_commands.map((c) => c.command)).toContain(`/${name}`);
  });

  it('sends commands, events, interactivity and options to the one events path, unescaped', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      manifest.settings.interactivity.message_menu_options_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    for (const c of manifest.features.slash_commands) expect(c.should_escape, c.command).toBe(false);
    for (const c of manifest.features.slash_commands) expect(c.description.length, c.command).toBeLessThanOrEqual(100);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to the events and asks for the scopes the adapter uses', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'app_mention', 'message.im']);
    const scopes = manifest.oauth_config.scopes.bot;
    for (const scope of ['commands', 'chat:write', 'im:history', 'im:read', 'im:write', 'users:read', 'users:read.email', 'app_mentions:read', 'files:write']) {
      expect(scopes, scope).toContain(scope);
    }
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('has the "Log as visit" message shortcut, running a command the core knows', () => {
    expect(manifest.features.shortcuts).toContainEqual(expect.objectContaining({ type: 'message', callback_id: LOG_AS_VISIT.callbackId }));
    expect(registry.get(LOG_AS_VISIT.command)).toBeDefined();
  });
});
