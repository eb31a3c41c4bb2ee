/** `/report` (周报): this week's report to fill in, submit it, last week's, and the team's status. */
import { z } from 'zod';
import type { RawArgs } from '../../core/args.ts';
import { defineCommand, defineSubcommand } from '../../core/commands.ts';
import { KamError } from '../../core/errors.ts';
import { today, type Ctx } from '../context.ts';
import type { DomainServices } from '../ports.ts';
import { lastWeek, parseWeekKey, thisWeek } from './rules.ts';
import { fillIn, submitAndShow } from './replies.ts';
import { teamStatus } from './status.ts';
import { statusTable } from './view.ts';

type S = DomainServices;

const LAST = new Set(['last', '上周']);

/** A typed word as a week: none is this week, `last`/`上周` last week, else an ISO week such as 2026-W47. */
function weekFrom(ctx: Ctx, word: string | undefined): string {
  if (word === undefined) return thisWeek(today(ctx));
  if (LAST.has(word.toLowerCase())) return lastWeek(today(ctx));
  const week = parseWeekKey(word);
  if (!week) throw new KamError('report.badWeek', { week: word });
  return week;
}

const noArgs = z.custom<RawArgs>().transform((a, c) => {
  // A mistyped subcommand (`/report sumbit`) would otherwise silently open the form.
  if (a.text !== '') c.addIssue({ code: 'custom', message: 'args.invalid', path: [a.text] });
  return undefined;
});

const oneWord = z.custom<RawArgs>().transform((a, c) => {
  if (a.positional.length > 1) c.addIssue({ code: 'custom', message: 'args.invalid', path: [a.text] });
  return a.positional[0];
});

export const reportCommand = defineCommand<S>({
  name: 'report',
  aliases: ['周报'],
  summaryKey: 'report.help.summary',
  usageKey: 'report.help.usage',
  examplesKey: 'report.help.examples',
  defaultSubcommand: 'show',
  async run(ctx) {
    return fillIn(ctx, thisWeek(today(ctx)));
  },
  subcommands: [
    defineSubcommand<S, undefined>({
      name: 'show',
      aliases: ['本周', 'this'],
      summaryKey: 'report.help.show',
      usageKey: 'report.help.usage',
      args: noArgs,
      run: (ctx) => fillIn(ctx, thisWeek(today(ctx))),
    }),
    defineSubcommand<S, undefined>({
      name: 'last',
      aliases: ['上周'],
      summaryKey: 'report.help.last',
      usageKey: 'report.help.usage',
      args: noArgs,
      run: (ctx) => fillIn(ctx, lastWeek(today(ctx))),
    }),
    defineSubcommand<S, string | undefined>({
      name: 'submit',
      aliases: ['提交'],
      summaryKey: 'report.help.submit',
      usageKey: 'report.help.usage',
      args: oneWord,
      run: (ctx, word) => submitAndShow(ctx, weekFrom(ctx, word)),
    }),
    defineSubcommand<S, string | undefined>({
      name: 'status',
      aliases: ['状态'],
      summaryKey: 'report.help.status',
      usageKey: 'report.help.usage',
      minRole: 'supervisor',
      args: oneWord,
      async run(ctx, word) {
        const week = weekFrom(ctx, word);
        const rows = await teamStatus(ctx, week);
        if (rows === null) return [{ kind: 'text', text: ctx.t('report.status.noTeam') }];
        if (rows.length === 0) return [{ kind: 'text', text: ctx.t('report.status.nobody', { week }) }];
        return [statusTable(ctx, week, rows)];
      },
    }),
  ],
});
