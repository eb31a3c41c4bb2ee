import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/core/args.ts';
import { CommandRegistry, defineCommand, defineSubcommand } from '../../src/core/commands.ts';

const noop = async () => [];

function registry() {
  const r = new CommandRegistry<unknown>();
  r.add(defineCommand({ name: 'help', aliases: ['帮助'], summaryKey: 'x', run: noop }));
  r.add(
    defineCommand({
      name: 'callback',
      aliases: ['回访'],
      summaryKey: 'x',
      defaultSubcommand: 'list',
      run: noop,
      subcommands: [
        defineSubcommand({ name: 'list', aliases: ['列表'], summaryKey: 'x', run: noop }),
        defineSubcommand({ name: 'done', aliases: ['完成'], summaryKey: 'x', run: noop }),
      ],
    }),
  );
  r.add(defineCommand({ name: 'visit', aliases: ['拜访'], summaryKey: 'x', namedKeys: ['customer', 'date'], run: noop }));
  return r;
}

describe('command registry', () => {
  it('finds commands by name and Chinese alias, with or without a slash', () => {
    const r = registry();
    for (const text of ['/help', 'help', '/帮助', '帮助', '／帮助']) {
      const res = r.resolve(text);
      expect(res.kind === 'command' && res.resolved.command.name).toBe('help');
    }
  });

  it('resolves subcommands, their aliases and the default subcommand', () => {
    const r = registry();
    const done = r.resolve('回访 完成 3');
    expect(done.kind === 'command' && [done.resolved.spec.name, done.resolved.args.positional]).toEqual(['done', ['3']]);
    const bare = r.resolve('/callback');
    expect(bare.kind === 'command' && bare.resolved.spec.name).toBe('list');
  });

  it('accepts a Chinese alias glued to its text with a colon', () => {
    const res = registry().resolve('拜访：今天拜访华为张总');
    expect(res.kind === 'command' && [res.resolved.command.name, res.resolved.args.text]).toEqual(['visit', '今天拜访华为张总']);
  });

  it('suggests the closest command for a misspelt slash command, and leaves plain text alone', () => {
    const r = registry();
    expect(r.resolve('/hlep')).toEqual({ kind: 'unknown', typed: 'hlep', suggestion: 'help' });
    expect(r.resolve('/callbak list')).toMatchObject({ kind: 'unknown', suggestion: 'callback' });
    expect(r.resolve('/zzzzzz')).toEqual({ kind: 'unknown', typed: 'zzzzzz', suggestion: null });
    expect(r.resolve('今天拜访了华为')).toEqual({ kind: 'none' });
  });

  it('refuses a name registered twice', () => {
    const r = registry();
    expect(() => r.add(defineCommand({ name: 'visits', aliases: ['拜访'], summaryKey: 'x', run: noop }))).toThrow(/twice/);
  });
});

describe('argument tokenizer', () => {
  it('keeps quoted phrases, splits key:value pairs (also full-width colons)', () => {
    const args = parseArgs('customer:"华为 技术" date：2026-12-01 next: 下周三 extra words', new Set(['customer', 'date', 'next']));
    expect(args.named).toEqual({ customer: '华为 技术', date: '2026-12-01', next: '下周三' });
    expect(args.positional).toEqual(['extra', 'words']);
  });

  it('leaves unknown keys positional when the command names its keys', () => {
    expect(parseArgs('http://x.y note', new Set(['date'])).positional).toEqual(['http://x.y', 'note']);
  });
});
