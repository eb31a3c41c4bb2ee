/** Admin commands for teams. */
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../core/commands.ts';
import type { RawArgs } from '../../core/args.ts';
import { KamError } from '../../core/errors.ts';
import type { Ctx } from '../context.ts';
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

async function teamByName(ctx: Ctx, name: string) {
  const team = await ctx.services.teams.findByName(name);
  if (!team) throw new KamError('teamNotFound', { name });
  return team;
}

const leadArgs = z.custom<RawArgs>().transform((a, c) => {
  const [team, role, who] = a.positional;
  if (!team || !who || (role !== 'supervisor' && role !== 'manager' && role !== '主管' && role !== '经理')) {
    c.addIssue({ code: 'custom', message: 'args.teamLead', path: ['role'] });
    return z.NEVER;
  }
  return { team, role: role === 'supervisor' || role === '主管' ? ('supervisor' as const) : ('manager' as const), who };
});

const settingArgs = z.custom<RawArgs>().transform((a, c) => {
  const [team, value] = a.positional;
  if (!team) {
    c.addIssue({ code: 'custom', message: 'args.required', path: ['team'] });
    return z.NEVER;
  }
  return { team, value };
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
    defineSubcommand<S, z.infer<typeof leadArgs>>({
      name: 'lead',
      aliases: ['负责人'],
      summaryKey: 'commands.team.lead',
      usageKey: 'commands.team.usage',
      minRole: 'admin',
      args: leadArgs,
      async run(ctx, { team, role, who }) {
        const record = await teamByName(ctx, team);
        const user = await ctx.services.users.findByHandle(who);
        if (!user) throw new KamError('userNotFound', { who });
        await ctx.services.teams.update(record.id, role === 'supervisor' ? { supervisorId: user.id } : { managerId: user.id });
        if (user.role === 'rep') await ctx.services.users.setRole(user.id, role);
        return [{ kind: 'text', text: ctx.t('commands.team.leadSet', { team: record.name, who: user.name, role: ctx.t(`roles.${role}`) }) }];
      },
    }),
    defineSubcommand<S, z.infer<typeof settingArgs>>({
      name: 'channel',
      aliases: ['频道', '群'],
      summaryKey: 'commands.team.channel',
      usageKey: 'commands.team.usage',
      minRole: 'admin',
      args: settingArgs,
      async run(ctx, { team }) {
        const record = await teamByName(ctx, team);
        // The conversation the command was typed in becomes the team's summary channel.
        await ctx.services.teams.update(record.id, { summaryChannel: ctx.message.conversation });
        return [{ kind: 'text', text: ctx.t('commands.team.channelSet', { team: record.name }) }];
      },
    }),
    defineSubcommand<S, z.infer<typeof settingArgs>>({
      name: 'calendar',
      aliases: ['日历'],
      summaryKey: 'commands.team.calendar',
      usageKey: 'commands.team.usage',
      minRole: 'admin',
      args: settingArgs,
      async run(ctx, { team, value }) {
        const record = await teamByName(ctx, team);
        if (value !== 'cn' && value !== 'plain') throw new KamError('badArguments', { command: 'team calendar', detail: ctx.t('args.calendar'), usage: ctx.t('help.usage', { usage: ctx.t('commands.team.usage') }) });
        await ctx.services.teams.update(record.id, { calendar: value });
        return [{ kind: 'text', text: ctx.t('commands.team.calendarSet', { team: record.name, calendar: ctx.t(`commands.team.calendars.${value}`) }) }];
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
