/** `/ar` (回款 / 应收): open receivables with aging, payments received, promises to pay. */
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../core/commands.ts';
import type { RawArgs } from '../../core/args.ts';
import type { DomainServices } from '../ports.ts';
import { listReceivables, recordPayment, recordPromise } from './actions.ts';

type S = DomainServices;

const customerArgs = z.custom<RawArgs>().transform((a) => (a.named['customer'] ?? a.named['客户'] ?? a.positional.join(' ')).trim());

/** `<invoice> <rest…>`; the rest may be several words (`3.5 万`, `next Friday`) or a named value. */
const invoiceAnd = (...names: string[]) =>
  z.custom<RawArgs>().transform((a) => ({
    invoice: a.positional[0],
    rest: (names.map((n) => a.named[n]).find((v) => v !== undefined) ?? a.positional.slice(1).join(' ')).trim(),
  }));
const paidArgs = invoiceAnd('amount', '金额');
const promiseArgs = invoiceAnd('date', '日期');

const list = defineSubcommand<S, z.infer<typeof customerArgs>>({
  name: 'list',
  aliases: ['列表', '查看', 'ls'],
  summaryKey: 'ar.list',
  usageKey: 'ar.usage',
  // Named keys are declared so that any other `word:value` (an invoice such as INV:12) stays positional.
  namedKeys: ['customer', '客户'],
  args: customerArgs,
  run: listReceivables,
});

export const arCommand = defineCommand<S, z.infer<typeof customerArgs>>({
  name: 'ar',
  aliases: ['回款', '应收', '应收账款'],
  summaryKey: 'ar.summary',
  usageKey: 'ar.usage',
  examplesKey: 'ar.examples',
  namedKeys: ['customer', '客户'],
  args: customerArgs,
  defaultSubcommand: 'list',
  run: listReceivables,
  subcommands: [
    list,
    defineSubcommand<S, z.infer<typeof paidArgs>>({
      name: 'paid',
      aliases: ['已收', '收款', 'pay'],
      summaryKey: 'ar.paid',
      usageKey: 'ar.usage',
      namedKeys: ['amount', '金额'],
      args: paidArgs,
      run: (ctx, { invoice, rest }) => recordPayment(ctx, invoice, rest),
    }),
    defineSubcommand<S, z.infer<typeof promiseArgs>>({
      name: 'promise',
      aliases: ['承诺', '承诺付款'],
      summaryKey: 'ar.promise',
      usageKey: 'ar.usage',
      namedKeys: ['date', '日期'],
      args: promiseArgs,
      run: (ctx, { invoice, rest }) => recordPromise(ctx, invoice, rest),
    }),
  ],
});
