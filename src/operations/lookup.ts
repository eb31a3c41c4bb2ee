/** Finding the users and customers an imported row refers to, by the handles operators have at hand. */
import { Types } from 'mongoose';
import { naturalKey } from '../domain/customers/rules.ts';
import type { Models } from '../persistence/models/index.ts';
import { identityKey } from '../persistence/models/users.ts';
import { op } from '../persistence/scope.ts';

export const PLATFORMS = [
  { platform: 'console', field: 'consoleId', column: 'console_id' },
  { platform: 'slack', field: 'slackId', column: 'slack_id' },
  { platform: 'feishu', field: 'feishuOpenId', column: 'feishu_open_id' },
] as const;

export type Found<T> = { kind: 'one'; doc: T } | { kind: 'none' } | { kind: 'many'; count: number };

function found<T extends { _id: unknown }>(docs: T[]): Found<T> {
  const distinct = [...new Map(docs.map((d) => [String(d._id), d])).values()];
  if (distinct.length === 0) return { kind: 'none' };
  if (distinct.length === 1) return { kind: 'one', doc: distinct[0]! };
  return { kind: 'many', count: distinct.length };
}

export interface UserRef {
  _id: Types.ObjectId;
  name: string;
  email?: string | null;
  teamId?: Types.ObjectId | null;
}

/** A user by email, console id, Slack id or Feishu open id (linked identities first, then mirrored fields). */
export async function findUser(models: Models, handle: string): Promise<Found<UserRef>> {
  const { User, Identity } = models;
  const links = await Identity.find({ _id: op({ $in: PLATFORMS.map((p) => identityKey(p.platform, handle)) }) }, { userId: 1 }).lean();
  const or: object[] = [{ email: handle.toLowerCase() }, ...PLATFORMS.map((p) => ({ [p.field]: handle }))];
  if (links.length > 0) or.push({ _id: op({ $in: links.map((l) => l.userId) }) });
  const users = await User.find({ $or: or }, { name: 1, email: 1, teamId: 1 }).limit(5).lean();
  return found(users as UserRef[]);
}

export interface CustomerRef {
  _id: Types.ObjectId;
  name: string;
  ownerId: Types.ObjectId;
  teamId?: Types.ObjectId | null;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A customer by name (its natural key) or, failing that, by one of its aliases (case-insensitive). */
export async function findCustomer(models: Models, nameOrAlias: string): Promise<Found<CustomerRef>> {
  const { Customer } = models;
  const fields = { name: 1, ownerId: 1, teamId: 1 };
  const byName = await Customer.findOne({ key: naturalKey(nameOrAlias) }, fields).lean();
  if (byName) return { kind: 'one', doc: byName as CustomerRef };
  const alias = new RegExp(`^${escape(nameOrAlias.normalize('NFKC').trim())}$`, 'i');
  return found((await Customer.find({ aliases: op({ $regex: alias }) }, fields).limit(5).lean()) as CustomerRef[]);
}

/**
 * Every customer's name key and aliases, read once for an import that refers to customers on every row.
 * Each customer is packed into one short string (id, owner, team, name), unpacked only when a row names it,
 * so a store of 300,000 customers costs tens of megabytes, not a query per row.
 */
export interface CustomerDirectory {
  byKey: Map<string, string>;
  /** Folded alias → the natural keys of the customers that carry it. */
  byAlias: Map<string, string[]>;
}

const foldAlias = (s: string) => s.normalize('NFKC').trim().toLowerCase();
const SEP = '\u0001';

export async function customerDirectory(models: Models): Promise<CustomerDirectory> {
  const directory: CustomerDirectory = { byKey: new Map(), byAlias: new Map() };
  const cursor = models.Customer.find({}, { key: 1, name: 1, ownerId: 1, teamId: 1, aliases: 1 }).lean().cursor({ batchSize: 2000 });
  for await (const doc of cursor) {
    directory.byKey.set(doc.key, [String(doc._id), String(doc.ownerId), doc.teamId ? String(doc.teamId) : '', doc.name].join(SEP));
    for (const alias of doc.aliases ?? []) {
      const folded = foldAlias(alias);
      const list = directory.byAlias.get(folded);
      if (list) list.push(doc.key);
      else directory.byAlias.set(folded, [doc.key]);
    }
  }
  return directory;
}

function unpack(packed: string): CustomerRef {
  const [id = '', owner = '', team = '', ...name] = packed.split(SEP);
  return { _id: new Types.ObjectId(id), ownerId: new Types.ObjectId(owner), teamId: team ? new Types.ObjectId(team) : null, name: name.join(SEP) };
}

/** A customer by name (its natural key) or, failing that, by one of its aliases (case-insensitive). */
export function findInDirectory(directory: CustomerDirectory, nameOrAlias: string): Found<CustomerRef> {
  const byName = directory.byKey.get(naturalKey(nameOrAlias));
  if (byName) return { kind: 'one', doc: unpack(byName) };
  const keys = [...new Set(directory.byAlias.get(foldAlias(nameOrAlias)) ?? [])];
  return found(keys.flatMap((k) => {
    const packed = directory.byKey.get(k);
    return packed ? [unpack(packed)] : [];
  }));
}
