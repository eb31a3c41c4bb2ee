/** Help is generated from the command objects, in the user's language. */
import type { CommandDef, CommandRegistry, CommandSpec } from './commands.ts';
import type { Translate } from './i18n.ts';
import type { Reply } from './messages.ts';

function examples(t: Translate, spec: CommandSpec<any, any>): string[] {
  if (!spec.examplesKey) return [];
  const value = t(spec.examplesKey, { returnObjects: true }) as unknown;
  return Array.isArray(value) ? value.map(String) : [];
}

function aliasesOf(def: CommandSpec<any, any>): string {
  return (def.aliases ?? []).join(', ');
}

export function helpReplies<S>(registry: CommandRegistry<S>, t: Translate, topic: string | null): Reply[] {
  if (topic) {
    const def = registry.get(topic);
    if (!def || def.hidden) {
      const suggestion = registry.suggest(topic.replace(/^[/／]/, ''));
      return [
        {
          kind: 'text',
          text: suggestion
            ? t('errors.unknownCommand', { typed: topic, suggestion })
            : t('errors.unknownCommandNoSuggestion', { typed: topic }),
        },
      ];
    }
    return [commandHelp(def, t)];
  }
  const lines = registry
    .list()
    .filter((c) => !c.hidden)
    .map((c) => {
      const aliases = aliasesOf(c);
      return t('help.line', { name: c.name, summary: t(c.summaryKey), aliases: aliases ? ` (${aliases})` : '' });
    });
  return [{ kind: 'text', text: [t('help.title'), ...lines, '', t('help.footer')].join('\n') }];
}

function commandHelp<S>(def: CommandDef<S, any>, t: Translate): Reply {
  const lines: string[] = [`/${def.name} — ${t(def.summaryKey)}`];
  const aliases = aliasesOf(def);
  if (aliases) lines.push(t('help.aliases', { aliases }));
  if (def.usageKey) lines.push(t('help.usage', { usage: t(def.usageKey) }));
  for (const sub of def.subcommands ?? []) {
    const subAliases = aliasesOf(sub);
    lines.push(
      t('help.subcommand', {
        name: `${def.name} ${sub.name}`,
        summary: t(sub.summaryKey),
        aliases: subAliases ? ` (${subAliases})` : '',
      }),
    );
  }
  const all = [def, ...(def.subcommands ?? [])].flatMap((s) => examples(t, s));
  if (all.length > 0) lines.push(t('help.examples'), ...all.map((e) => `  ${e}`));
  return { kind: 'text', text: lines.join('\n') };
}
