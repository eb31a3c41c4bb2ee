/** `/leave` (请假): a user's leave periods, during which scheduled reminders skip them. */
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../core/commands.ts';
import { KamError } from '../../core/errors.ts';
import type { RawArgs } from '../../core/args.ts';
import type { Reply } from '../../core/messages.ts';
import { dateArgument, today, type Ctx } from '../context.ts';
import type { DomainServices } from '../ports.ts';

type S = DomainServices;

const periodArgs = z.custom<RawArgs>().transform((a, c) => {
  const [from, to] = a.positional;
  if (!from) {
    c.addIssue({ code: 'custom', message: 'args.required', path: ['from'] });
    return z.NEVER;
  }
  return { from, to: to ?? from };
});

async function show(ctx: Ctx): Promise<Reply[]> {
  const day = today(ctx);
  const periods = (await ctx.services.users.leave(ctx.actor.id)).filter((p) => p.to >= day);
  if (periods.length === 0) return [{ kind: 'text', text: ctx.t('leave.none') }];
  return [{ kind: 'text', text: [ctx.t('leave.title'), ...periods.map((p) => `  ${p.from} → ${p.to}`)].join('\n') }];
}

export const leaveCommand = defineCommand<S>({
  name: 'leave',
  aliases: ['请假', '休假'],
  summaryKey: 'leave.summary',
  usageKey: 'leave.usage',
  examplesKey: 'leave.examples',
  defaultSubcommand: 'list',
  run: show,
  subcommands: [
    defineSubcommand<S>({ name: 'list', aliases: ['列表', '查看'], summaryKey: 'leave.list', run: show }),
    defineSubcommand<S, z.infer<typeof periodArgs>>({
      name: 'add',
      aliases: ['新增', '添加'],
      summaryKey: 'leave.add',
      usageKey: 'leave.usage',
      args: periodArgs,
      async run(ctx, { from, to }) {
        const start = dateArgument(ctx, from, 'future');
        const end = dateArgument(ctx, to, 'future');
        if (end < start) throw new KamError('leave.order', { from: start, to: end });
        if (end < today(ctx)) throw new KamError('date.past', { date: end });
        const periods = await ctx.services.users.leave(ctx.actor.id);
        await ctx.services.users.setLeave(ctx.actor.id, [...periods, { from: start, to: end }].sort((a, b) => a.from.localeCompare(b.from)));
        return [{ kind: 'text', text: ctx.t('leave.added', { from: start, to: end }) }];
      },
    }),
    defineSubcommand<S>({
      name: 'clear',
      aliases: ['清除', '取消'],
      summaryKey: 'leave.clear',
      async run(ctx) {
        const day = today(ctx);
        const past = (await ctx.services.users.leave(ctx.actor.id)).filter((p) => p.to < day);
        await ctx.services.users.setLeave(ctx.actor.id, past);
        return [{ kind: 'text', text: ctx.t('leave.cleared') }];
      },
    }),
  ],
});
