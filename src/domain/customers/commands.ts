/** `/customer` (客户): add, show, find, mine — scoped to what the user may see. */
import { z } from 'zod';
import { defineCommand, defineSubcommand } from '../../core/commands.ts';
import { KamError } from '../../core/errors.ts';
import { lookupOption, type RawArgs } from '../../core/args.ts';
import { boundsOf, checkAmount, checkLength, type LimitedField } from '../bounds.ts';
import type { Reply } from '../../core/messages.ts';
import { findAmounts } from '../../nlp/index.ts';
import type { DomainServices } from '../ports.ts';
import type { CustomerRecord, CustomerStatus, VisitRecord } from '../records.ts';
import { formatMoney, resolveCustomer, scopeOf, today, type Ctx } from '../context.ts';
import { tierFor } from './rules.ts';
import { agingBucket, daysOverdue, outstanding } from '../receivables/rules.ts';

type S = DomainServices;

const STATUS_WORDS: Record<string, CustomerStatus> = {
  prospect: 'prospect', 潜在: 'prospect', 潜在客户: 'prospect',
  active: 'active', 活跃: 'active', 正常: 'active',
  dormant: 'dormant', 休眠: 'dormant',
  lost: 'lost', 流失: 'lost',
};

/** A money option (revenue:600万, credit:50k): readable, finite, not negative, below the configured maximum. */
function money(ctx: Ctx, text: string): number {
  const found = findAmounts(text)[0];
  const plain = Number(text.replace(/[,，\s]/g, ''));
  const value = found ? found.value : plain;
  if (Number.isNaN(value)) throw new KamError('customer.badNumber', { text });
  return checkAmount(value, boundsOf(ctx.services.settings), text);
}

/** Every typed option of /customer add within its length, refused by name (never cut). */
function checkCustomerLengths(ctx: Ctx, name: string, named: Record<string, string>, aliases: string[]): void {
  const label = (f: LimitedField) => ctx.t(`input.fields.${f}`);
  checkLength('name', name, label('name'));
  for (const a of aliases) checkLength('alias', a, label('alias'));
  checkLength('industry', named['industry'] ?? named['行业'], label('industry'));
  checkLength('region', named['region'] ?? named['区域'], label('region'));
}

const addArgs = z.custom<RawArgs>().transform((a, c) => {
  const name = a.positional.join(' ').trim();
  if (!name) {
    c.addIssue({ code: 'custom', message: 'args.required', path: ['name'] });
    return z.NEVER;
  }
  return { name, named: a.named };
});

const textArg = z.custom<RawArgs>().transform((a) => a.positional.join(' ').trim());

async function addCustomer(ctx: Ctx, { name, named }: { name: string; named: Record<string, string> }): Promise<Reply[]> {
  const statusWord = named['status'] ?? named['状态'];
  const status = statusWord === undefined ? 'active' : lookupOption(STATUS_WORDS, statusWord.toLowerCase());
  if (!status) throw new KamError('customer.badStatus');
  const revenueText = named['revenue'] ?? named['年销售额'];
  const annualRevenue = revenueText === undefined ? undefined : money(ctx, revenueText);
  const creditText = named['credit'] ?? named['信用额度'];
  const aliases = (named['alias'] ?? named['aliases'] ?? named['别名'] ?? '')
    .split(/[|、;；,，]/)
    .map((s) => s.trim())
    .filter(Boolean);
  checkCustomerLengths(ctx, name, named, aliases);
  const tier = tierFor(annualRevenue, ctx.services.settings.tierThresholds) ?? undefined;
  const created = await ctx.services.customers.create({
    name,
    aliases,
    ownerId: ctx.actor.id,
    teamId: ctx.actor.teamId,
    status,
    tier,
    industry: named['industry'] ?? named['行业'],
    region: named['region'] ?? named['区域'],
    annualRevenue,
    creditLimit: creditText === undefined ? undefined : money(ctx, creditText),
    createdAt: ctx.clock.now(),
  });
  await ctx.services.changes.record({ userId: ctx.actor.id, kind: 'customer.create', label: created.record.name, ref: created.record.id, steps: [created.undo], at: ctx.clock.now() });
  return [{ kind: 'text', text: ctx.t('customer.created', { name: created.record.name, tier: tier ?? '—', status: ctx.t(`customer.statuses.${status}`) }) }];
}

/** One recent visit: day, channel, summary, and the note as typed when it says more than the summary. */
function recentVisitLine(ctx: Ctx, v: VisitRecord): string {
  const head = `${v.visitDay} ${ctx.t(`visit.channels.${v.channel}`)} ${v.summary}`.trim();
  return v.rawNote && v.rawNote.trim() !== v.summary.trim() ? `${head}\n  ${ctx.t('visit.fields.note')}: ${v.rawNote}` : head;
}

async function customerFile(ctx: Ctx, customer: CustomerRecord): Promise<Reply[]> {
  const { t, services, lang } = ctx;
  const scope = await scopeOf(ctx);
  const [owner, callbacks, receivables, visits] = await Promise.all([
    services.users.names([customer.ownerId]),
    services.callbacks.listOpen(scope, { customerId: customer.id }, 50),
    services.receivables.listOpen(scope, { customerId: customer.id }).catch(() => []),
    services.visits.recent(scope, { customerId: customer.id }, 3),
  ]);
  const day = today(ctx);
  const currency = receivables[0]?.currency ?? 'CNY';
  const totalOut = receivables.reduce((s, r) => s + outstanding(r), 0);
  const totalOverdue = receivables.filter((r) => agingBucket(daysOverdue(r.dueDay, day))).reduce((s, r) => s + outstanding(r), 0);
  const none = t('visit.none');
  const sep = lang === 'en' ? ', ' : '、';
  const fields = [
    { label: t('customer.fields.aliases'), value: customer.aliases.join(sep) || none },
    { label: t('customer.fields.tier'), value: customer.tier ?? none },
    { label: t('customer.fields.status'), value: t(`customer.statuses.${customer.status}`) },
    { label: t('customer.fields.owner'), value: owner.get(customer.ownerId) ?? none },
    { label: t('customer.fields.industry'), value: customer.industry ?? none },
    { label: t('customer.fields.region'), value: customer.region ?? none },
    {
      label: t('customer.fields.contacts'),
      value: customer.contacts.map((c) => [c.name, c.title && !c.name.endsWith(c.title) ? `(${c.title})` : '', c.phone ?? ''].filter(Boolean).join(' ')).join(sep) || none,
    },
    { label: t('customer.fields.creditLimit'), value: customer.creditLimit !== undefined ? formatMoney(customer.creditLimit, 'CNY', lang) : none },
    { label: t('customer.fields.annualRevenue'), value: customer.annualRevenue !== undefined ? formatMoney(customer.annualRevenue, 'CNY', lang) : none },
    { label: t('customer.fields.lastVisit'), value: customer.lastVisitDay ?? none },
    { label: t('customer.fields.callbacks'), value: callbacks.map((c) => c.dueDay).join(sep) || none },
    {
      label: t('customer.fields.receivables'),
      value: receivables.length ? t('customer.receivablesValue', { outstanding: formatMoney(totalOut, currency, lang), overdue: formatMoney(totalOverdue, currency, lang) }) : none,
    },
    {
      label: t('customer.fields.recentVisits'),
      value: visits.map((v) => recentVisitLine(ctx, v)).join('\n') || none,
    },
  ];
  return [{ kind: 'card', title: customer.name, fields, buttons: [] }];
}

async function customerTable(ctx: Ctx, customers: CustomerRecord[]): Promise<Reply> {
  const scope = await scopeOf(ctx);
  const owners = await ctx.services.users.names([...new Set(customers.map((c) => c.ownerId))]);
  const open = await ctx.services.callbacks.listOpen(scope, {}, 1000);
  const openBy = new Map<string, number>();
  for (const cb of open) openBy.set(cb.customerId, (openBy.get(cb.customerId) ?? 0) + 1);
  const col = (k: string) => ctx.t(`customer.columns.${k}`);
  return {
    kind: 'table',
    columns: [col('name'), col('tier'), col('status'), col('owner'), col('lastVisit'), col('callbacks')],
    rows: customers.map((c) => [
      c.name,
      c.tier ?? '—',
      ctx.t(`customer.statuses.${c.status}`),
      owners.get(c.ownerId) ?? '—',
      c.lastVisitDay ?? '—',
      String(openBy.get(c.id) ?? 0),
    ]),
  };
}

export const customerCommand = defineCommand<S>({
  name: 'customer',
  aliases: ['客户', 'c'],
  summaryKey: 'customer.summary',
  usageKey: 'customer.usage',
  examplesKey: 'customer.examples',
  defaultSubcommand: 'show',
  async run() {
    return [];
  },
  subcommands: [
    defineSubcommand<S, z.infer<typeof addArgs>>({
      name: 'add',
      aliases: ['新增', '添加', '新建'],
      summaryKey: 'customer.add',
      usageKey: 'customer.usage',
      namedKeys: ['alias', 'aliases', '别名', 'industry', '行业', 'region', '区域', 'revenue', '年销售额', 'credit', '信用额度', 'status', '状态'],
      args: addArgs,
      run: addCustomer,
    }),
    defineSubcommand<S, string>({
      name: 'show',
      aliases: ['查看', '档案'],
      summaryKey: 'customer.show',
      usageKey: 'customer.usage',
      args: textArg,
      async run(ctx, name) {
        if (!name) return mine(ctx);
        return customerFile(ctx, await resolveCustomer(ctx, name));
      },
    }),
    defineSubcommand<S, string>({
      name: 'find',
      aliases: ['查找', '搜索', 'search'],
      summaryKey: 'customer.find',
      usageKey: 'customer.usage',
      args: textArg,
      async run(ctx, query) {
        if (!query) throw new KamError('badArguments', { command: 'customer find', detail: ctx.t('args.required', { name: 'text' }), usage: ctx.t('help.usage', { usage: ctx.t('customer.usage') }) });
        const found = await ctx.services.customers.search(await scopeOf(ctx), query, 20);
        return found.length ? [await customerTable(ctx, found)] : [{ kind: 'text', text: ctx.t('customer.none') }];
      },
    }),
    defineSubcommand<S>({
      name: 'mine',
      aliases: ['我的', 'list', '列表'],
      summaryKey: 'customer.mine',
      run: (ctx) => mine(ctx),
    }),
  ],
});

async function mine(ctx: Ctx): Promise<Reply[]> {
  const list = await ctx.services.customers.list(await scopeOf(ctx), { ownerId: ctx.actor.id }, 200);
  return list.length ? [await customerTable(ctx, list)] : [{ kind: 'text', text: ctx.t('customer.noneMine') }];
}
