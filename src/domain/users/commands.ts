/** Commands about the user themself (language, time zone, identity) and the admin's user management. */
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../core/commands.ts';
import { KamError } from '../../core/errors.ts';
import { ROLES } from '../../core/identity.ts';
import type { RawArgs } from '../../core/args.ts';
import type { DomainServices } from '../ports.ts';
import { isIanaTimeZone } from '../time-zones.ts';

type S = DomainServices;

const langArgs = z
  .custom<RawArgs>()
  .transform((a) => (a.positional[0] ?? '').toLowerCase())
  .pipe(z.enum(['zh', 'zh-cn', '中文', 'en', 'english', '英文', 'auto'], { message: 'args.language' }));

export const langCommand = defineCommand<S, z.infer<typeof langArgs>>({
  name: 'lang',
  aliases: ['language', '语言'],
  summaryKey: 'commands.lang.summary',
  usageKey: 'commands.lang.usage',
  examplesKey: 'commands.lang.examples',
  args: langArgs,
  async run(ctx, choice) {
    if (choice === 'auto') {
      await ctx.services.users.setLanguage(ctx.actor.id, null);
      return [{ kind: 'text', text: ctx.t('commands.lang.auto') }];
    }
    const lang = choice === 'en' || choice === 'english' || choice === '英文' ? 'en' : 'zh-CN';
    await ctx.services.users.setLanguage(ctx.actor.id, lang);
    // Confirm in the newly chosen language.
    return [{ kind: 'text', text: ctx.translator(lang)('commands.lang.set') }];
  },
});

const tzArgs = z
  .custom<RawArgs>()
  .transform((a) => a.positional[0] ?? '')
  .refine(isIanaTimeZone, { message: 'args.timeZone' });

export const tzCommand = defineCommand<S, string>({
  name: 'tz',
  aliases: ['timezone', '时区'],
  summaryKey: 'commands.tz.summary',
  usageKey: 'commands.tz.usage',
  examplesKey: 'commands.tz.examples',
  args: tzArgs,
  async run(ctx, tz) {
    await ctx.services.users.setTimeZone(ctx.actor.id, tz);
    return [{ kind: 'text', text: ctx.t('commands.tz.set', { tz }) }];
  },
});

export const whoamiCommand = defineCommand<S>({
  name: 'whoami',
  aliases: ['我是谁'],
  summaryKey: 'commands.whoami.summary',
  usageKey: 'commands.whoami.usage',
  async run(ctx) {
    const team = ctx.actor.teamId ? await ctx.services.users.teamName(ctx.actor.teamId) : null;
    const text = ctx.t('commands.whoami.text', {
      name: ctx.actor.name,
      role: ctx.t(`roles.${ctx.actor.role}`),
      team: team ?? ctx.t('commands.whoami.noTeam'),
      lang: ctx.t(`languages.${ctx.lang}`),
      tz: ctx.timeZone,
    });
    return [{ kind: 'text', text }];
  },
});

const userRoleArgs = z.custom<RawArgs>().transform((a, c) => {
  const [who, role] = a.positional;
  if (!who) {
    c.addIssue({ code: 'custom', message: 'args.required', path: ['user'] });
    return z.NEVER;
  }
  const parsed = z.enum(ROLES).safeParse(role);
  if (!parsed.success) {
    c.addIssue({ code: 'custom', message: 'args.role', path: ['role'] });
    return z.NEVER;
  }
  return { who, role: parsed.data };
});

const userTeamArgs = z.custom<RawArgs>().transform((a, c) => {
  const [who, ...team] = a.positional;
  if (!who || team.length === 0) {
    c.addIssue({ code: 'custom', message: 'args.required', path: [who ? 'team' : 'user'] });
    return z.NEVER;
  }
  return { who, team: team.join(' ') };
});

async function findUser(services: S, who: string) {
  const user = await services.users.findByHandle(who);
  if (!user) throw new KamError('userNotFound', { who });
  return user;
}

export const userCommand = defineCommand<S>({
  name: 'user',
  aliases: ['用户'],
  summaryKey: 'commands.user.summary',
  usageKey: 'commands.user.usage',
  examplesKey: 'commands.user.examples',
  minRole: 'admin',
  async run(ctx) {
    return [{ kind: 'text', text: ctx.t('help.usage', { usage: ctx.t('commands.user.usage') }) }];
  },
  subcommands: [
    defineSubcommand<S, z.infer<typeof userRoleArgs>>({
      name: 'role',
      aliases: ['角色'],
      summaryKey: 'commands.user.role',
      usageKey: 'commands.user.usage',
      minRole: 'admin',
      args: userRoleArgs,
      async run(ctx, { who, role }) {
        const user = await findUser(ctx.services, who);
        await ctx.services.users.setRole(user.id, role);
        return [{ kind: 'text', text: ctx.t('commands.user.roleSet', { who: user.name, role: ctx.t(`roles.${role}`) }) }];
      },
    }),
    defineSubcommand<S, z.infer<typeof userTeamArgs>>({
      name: 'team',
      aliases: ['团队'],
      summaryKey: 'commands.user.team',
      usageKey: 'commands.user.usage',
      minRole: 'admin',
      args: userTeamArgs,
      async run(ctx, { who, team }) {
        const user = await findUser(ctx.services, who);
        const record = await ctx.services.teams.findByName(team);
        if (!record) throw new KamError('teamNotFound', { name: team });
        await ctx.services.users.setTeam(user.id, record.id);
        return [{ kind: 'text', text: ctx.t('commands.user.teamSet', { who: user.name, team: record.name }) }];
      },
    }),
  ],
});
