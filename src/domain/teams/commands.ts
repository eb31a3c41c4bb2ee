/** Admin commands for teams. */
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../core/commands.ts';
import type { RawArgs } from '../../core/args.ts';
import type { DomainServices } from '../ports.ts';
import { isIanaTimeZone } from '../time-zones.ts';

type S = DomainServices;

const addArgs = z.custom<RawArgs>().transform((a, c) => {
  const name = a.positional.join(' ').trim();
  if (!name) {
    c.addIssue({ code: 'custom', message: 'args.required', path: ['name'] });
    return z.NEVER;
  }
  const tz = a.named['tz'];
  if (tz !== undefined && !isIanaTimeZone(tz)) {
    c.addIssue({ code: 'custom', message: 'args.timeZone', path: ['tz'] });
    return z.NEVER;
  }
  return { name, tz };
});

export const teamCommand = defineCommand<S>({
  name: 'team',
  aliases: ['团队'],
  summaryKey: 'commands.team.summary',
  usageKey: 'commands.team.usage',
  examplesKey: 'commands.team.examples',
  minRole: 'admin',
  defaultSubcommand: 'list',
  async run() {
    return [];
  },
  subcommands: [
    defineSubcommand<S, z.infer<typeof addArgs>>({
      name: 'add',
      aliases: ['新建', '添加'],
      summaryKey: 'commands.team.add',
      usageKey: 'commands.team.usage',
      minRole: 'admin',
      namedKeys: ['tz'],
      args: addArgs,
      async run(ctx, { name, tz }) {
        const team = await ctx.services.teams.create({ name, timeZone: tz ?? ctx.timeZone });
        return [{ kind: 'text', text: ctx.t('commands.team.created', { name: team.name, tz: team.timeZone }) }];
      },
    }),
    defineSubcommand<S>({
      name: 'list',
      aliases: ['列表'],
      summaryKey: 'commands.team.list',
      minRole: 'admin',
      async run(ctx) {
        const teams = await ctx.services.teams.list();
        if (teams.length === 0) return [{ kind: 'text', text: ctx.t('commands.team.none') }];
        const c = (k: string) => ctx.t(`commands.team.columns.${k}`);
        return [
          {
            kind: 'table',
            columns: [c('name'), c('tz'), c('members')],
            rows: teams.map((t) => [t.name, t.timeZone, String(t.members)]),
          },
        ];
      },
    }),
  ],
});
