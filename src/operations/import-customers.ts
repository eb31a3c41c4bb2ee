/**
 * `kam import customers`: customer files (客户档案) matched on `naturalKey(name)`. The owner is any handle
 * of a known user; the customer's team follows the owner's. Without a tier column the tier is computed from
 * the annual revenue. Aliases in the file replace the stored ones; contacts and visit history are untouched.
 */
import type { Types } from 'mongoose';
import { z } from 'zod';
import { naturalKey, tierFor } from '../domain/customers/rules.ts';
import type { Models } from '../persistence/models/index.ts';
import { amount, customerStatus, handle, list, quote, text, tier } from './cells.ts';
import { changes, initial, UNSET, type Desired } from './diff.ts';
import { RowRejected, type Importer, type Outcome } from './import-run.ts';
import type { CsvSpec } from './csv-read.ts';
import { findUser, type Found, type UserRef } from './lookup.ts';
import { BatchInserter, preload } from './import-batch.ts';

const schema = z.object({
  name: text(200),
  aliases: list.optional(),
  owner: handle,
  industry: text(100).optional(),
  region: text(100).optional(),
  annual_revenue: amount.optional(),
  credit_limit: amount.optional(),
  status: customerStatus.optional(),
  tier: tier.optional(),
});
type CustomerRow = z.infer<typeof schema>;

export const CUSTOMERS_SPEC: CsvSpec = {
  columns: {
    name: ['名称', '客户名称', '客户', '公司名称'],
    aliases: ['别名', '简称'],
    owner: ['负责人', '客户经理', '大客户专员'],
    industry: ['行业'],
    region: ['区域', '地区'],
    annual_revenue: ['年销售额', '年采购额', '年销量'],
    credit_limit: ['信用额度'],
    status: ['状态'],
    tier: ['等级', '客户等级', '分级'],
  },
  required: ['name', 'owner'],
};

export function customersImporter({ models }: { models: Models }): Importer<CustomerRow> {
  const { Customer } = models;
  // Stored natural key → _id, read once; new customers are inserted a batch at a time.
  let stored = new Map<string, string>();
  const inserter = new BatchInserter(Customer);
  const owners = new Map<string, Promise<Found<UserRef>>>();
  const ownerOf = (handle: string) => {
    let found = owners.get(handle);
    if (!found) owners.set(handle, (found = findUser(models, handle)));
    return found;
  };
  return {
    spec: CUSTOMERS_SPEC,
    schema,
    keys: (row) => [`name:${naturalKey(row.name)}`],
    async prepare() {
      stored = await preload(Customer, { key: 1 }, (d: { key: string }) => d.key, (d: { _id: unknown }) => String(d._id));
    },
    flush: () => inserter.flush(),
    waiting: () => inserter.size,

    async apply(row, ctx): Promise<Outcome> {
      const owner = await ownerOf(row.owner);
      if (owner.kind === 'none') throw new RowRejected(`${ctx.label('owner')} ${quote(row.owner)}: no such user (import users first)`);
      if (owner.kind === 'many') throw new RowRejected(`${ctx.label('owner')} ${quote(row.owner)} matches ${owner.count} users`);
      const key = naturalKey(row.name);
      const desired: Desired = {
        name: row.name,
        aliases: row.aliases?.filter((a) => naturalKey(a) !== key),
        ownerId: owner.doc._id,
        teamId: owner.doc.teamId ?? UNSET,
        tier: row.tier ?? (row.annual_revenue !== undefined ? (tierFor(row.annual_revenue) ?? undefined) : undefined),
        industry: row.industry,
        region: row.region,
        status: row.status,
        creditLimit: row.credit_limit,
        annualRevenue: row.annual_revenue,
      };
      const id = stored.get(key);
      const current = id ? await Customer.findById(id).lean() : null;
      if (!current) {
        return inserter.add({ ...initial(desired), key }, ctx.line);
      }
      const update = changes(current as Record<string, unknown> & { _id: Types.ObjectId }, desired);
      if (!update) return 'unchanged';
      await Customer.updateOne({ _id: current._id }, update);
      return 'updated';
    },
  };
}
