/**
 * The rows of each export, read page by page through a cursor: names of the users, customers and teams a
 * page refers to are fetched for that page only, so exporting millions of visits holds one page in memory.
 * Every row has every column (null when empty), in the order of its column list.
 */
import type { Model, Types } from 'mongoose';
import { isoInZone, localDay, type Day } from '../domain/calendar.ts';
import { daysOverdue, outstanding } from '../domain/receivables/rules.ts';
import type { Models } from '../persistence/models/index.ts';
import { op } from '../persistence/scope.ts';

export const EXPORT_COLUMNS = {
  visits: ['id', 'customer', 'owner', 'channel', 'visitedAt', 'contacts', 'summary', 'nextFollowUpAt', 'amount', 'currency', 'note'],
  customers: ['id', 'name', 'aliases', 'owner', 'tier', 'industry', 'region', 'status', 'contacts', 'creditLimit', 'annualRevenue', 'lastVisitDay'],
  callbacks: ['id', 'customer', 'owner', 'dueDay', 'status', 'origin', 'note', 'doneDay'],
  receivables: ['id', 'customer', 'owner', 'invoiceNo', 'amount', 'currency', 'issuedDay', 'dueDay', 'paidAmount', 'outstanding', 'promiseDay', 'status', 'daysOverdue'],
  reports: ['userId', 'user', 'week', 'status', 'highlights', 'problems', 'plan', 'submittedAt'],
  users: ['id', 'name', 'email', 'role', 'team', 'reportsTo', 'lang', 'timezone', 'slackId', 'feishuOpenId', 'consoleId'],
} as const;

export type ExportKind = keyof typeof EXPORT_COLUMNS;
export const EXPORT_KINDS = Object.keys(EXPORT_COLUMNS) as ExportKind[];
export type ExportRow = Record<string, unknown>;

export interface ExportContext {
  models: Models;
  /** DEFAULT_TIMEZONE: the zone of "today" for days overdue, and of times of people without a zone. */
  timeZone: string;
  now: Date;
}

const PAGE = 500;

type Doc = Record<string, unknown> & { _id: Types.ObjectId };

async function* pages(model: Model<any>): AsyncGenerator<Doc[]> {
  // _id order: stable while paging, served by the default index, and roughly creation order.
  const cursor = model.find().sort({ _id: 1 }).lean().cursor({ batchSize: PAGE });
  let page: Doc[] = [];
  for await (const doc of cursor) {
    page.push(doc as Doc);
    if (page.length === PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

interface UserInfo {
  name: string;
  email?: string | null;
  timeZone?: string | null;
  teamId?: Types.ObjectId | null;
}

async function byId<T>(model: Model<any>, ids: unknown[], fields: Record<string, 1>): Promise<Map<string, T>> {
  const distinct = [...new Map(ids.filter((id) => id != null).map((id) => [String(id), id])).values()];
  if (distinct.length === 0) return new Map();
  const docs = (await model.find({ _id: op({ $in: distinct }) }, fields).lean()) as Array<T & { _id: unknown }>;
  return new Map(docs.map((d) => [String(d._id), d]));
}

const users = (ctx: ExportContext, page: Doc[], field: string) =>
  byId<UserInfo>(ctx.models.User, page.map((d) => d[field]), { name: 1, email: 1, timeZone: 1, teamId: 1 });
const customers = (ctx: ExportContext, page: Doc[]) => byId<{ name: string }>(ctx.models.Customer, page.map((d) => d['customerId']), { name: 1 });

/** People are shown by email when they have one (unique in practice), else by name. */
const who = (u: UserInfo | undefined) => (u ? (u.email ?? u.name) : null);
const orNull = <T>(v: T | null | undefined): T | null => v ?? null;
const id = (d: Doc) => String(d._id);

async function teams(ctx: ExportContext): Promise<Map<string, { name: string; timeZone: string }>> {
  // Teams are a handful, unlike the rows that refer to them.
  const rows = await ctx.models.Team.find({}, { name: 1, timeZone: 1 }).lean();
  return new Map(rows.map((t) => [String(t._id), { name: t.name, timeZone: t.timeZone }]));
}

async function* visits(ctx: ExportContext): AsyncGenerator<ExportRow> {
  for await (const page of pages(ctx.models.Visit)) {
    const [owners, names] = await Promise.all([users(ctx, page, 'ownerId'), customers(ctx, page)]);
    for (const d of page) {
      yield {
        id: id(d),
        customer: names.get(String(d['customerId']))?.name ?? d['customerName'],
        owner: who(owners.get(String(d['ownerId']))),
        channel: d['channel'],
        visitedAt: isoInZone(d['visitedAt'] as Date, d['timeZone'] as string),
        contacts: orNull(d['contacts']) ?? [],
        summary: orNull(d['summary']) ?? '',
        nextFollowUpAt: orNull(d['nextFollowUpDay']),
        amount: orNull(d['amount']),
        currency: orNull(d['currency']),
        // The note as the rep typed it (null for visits entered through fields or a form).
        note: orNull(d['rawNote']),
      };
    }
  }
}

async function* customerRows(ctx: ExportContext): AsyncGenerator<ExportRow> {
  for await (const page of pages(ctx.models.Customer)) {
    const owners = await users(ctx, page, 'ownerId');
    for (const d of page) {
      const contacts = (orNull(d['contacts']) ?? []) as Array<{ name: string; title?: string | null; phone?: string | null }>;
      yield {
        id: id(d),
        name: d['name'],
        aliases: orNull(d['aliases']) ?? [],
        owner: who(owners.get(String(d['ownerId']))),
        tier: orNull(d['tier']),
        industry: orNull(d['industry']),
        region: orNull(d['region']),
        status: d['status'],
        contacts: contacts.map((c) => ({ name: c.name, title: c.title ?? null, phone: c.phone ?? null })),
        creditLimit: orNull(d['creditLimit']),
        annualRevenue: orNull(d['annualRevenue']),
        lastVisitDay: orNull(d['lastVisitDay']),
      };
    }
  }
}

async function* callbacks(ctx: ExportContext): AsyncGenerator<ExportRow> {
  for await (const page of pages(ctx.models.Callback)) {
    const [owners, names] = await Promise.all([users(ctx, page, 'ownerId'), customers(ctx, page)]);
    for (const d of page) {
      yield {
        id: id(d),
        customer: names.get(String(d['customerId']))?.name ?? d['customerName'],
        owner: who(owners.get(String(d['ownerId']))),
        dueDay: d['dueDay'],
        status: d['status'],
        origin: d['origin'],
        note: orNull(d['note']) ?? '',
        doneDay: orNull(d['doneDay']),
      };
    }
  }
}

async function* receivables(ctx: ExportContext): AsyncGenerator<ExportRow> {
  const today: Day = localDay(ctx.now, ctx.timeZone);
  for await (const page of pages(ctx.models.Receivable)) {
    const [owners, names] = await Promise.all([users(ctx, page, 'ownerId'), customers(ctx, page)]);
    for (const d of page) {
      const amount = d['amount'] as number;
      const paidAmount = (orNull(d['paidAmount']) ?? 0) as number;
      yield {
        id: id(d),
        customer: names.get(String(d['customerId']))?.name ?? d['customerName'],
        owner: who(owners.get(String(d['ownerId']))),
        invoiceNo: d['invoiceNo'],
        amount,
        currency: d['currency'],
        issuedDay: d['issuedDay'],
        dueDay: d['dueDay'],
        paidAmount,
        outstanding: outstanding({ amount, paidAmount }),
        promiseDay: orNull(d['promiseDay']),
        status: d['status'],
        // Only an open invoice is overdue; a paid or written-off one is settled.
        daysOverdue: d['status'] === 'open' ? daysOverdue(d['dueDay'] as Day, today) : 0,
      };
    }
  }
}

async function* reports(ctx: ExportContext): AsyncGenerator<ExportRow> {
  const teamMap = await teams(ctx);
  for await (const page of pages(ctx.models.WeeklyReport)) {
    const authors = await users(ctx, page, 'userId');
    for (const d of page) {
      const author = authors.get(String(d['userId']));
      const zone = author?.timeZone ?? (author?.teamId ? teamMap.get(String(author.teamId))?.timeZone : undefined) ?? ctx.timeZone;
      const submittedAt = d['submittedAt'] as Date | null | undefined;
      yield {
        userId: String(d['userId']),
        user: orNull(author?.name),
        week: d['week'],
        status: d['status'],
        highlights: orNull(d['highlights']) ?? '',
        problems: orNull(d['problems']) ?? '',
        plan: orNull(d['plan']) ?? '',
        submittedAt: submittedAt ? isoInZone(submittedAt, zone) : null,
      };
    }
  }
}

async function* userRows(ctx: ExportContext): AsyncGenerator<ExportRow> {
  const teamMap = await teams(ctx);
  for await (const page of pages(ctx.models.User)) {
    const bosses = await users(ctx, page, 'reportsTo');
    for (const d of page) {
      yield {
        id: id(d),
        name: d['name'],
        email: orNull(d['email']),
        role: d['role'],
        team: d['teamId'] ? orNull(teamMap.get(String(d['teamId']))?.name) : null,
        reportsTo: d['reportsTo'] ? who(bosses.get(String(d['reportsTo']))) : null,
        lang: orNull(d['language']),
        timezone: orNull(d['timeZone']),
        slackId: orNull(d['slackId']),
        feishuOpenId: orNull(d['feishuOpenId']),
        consoleId: orNull(d['consoleId']),
      };
    }
  }
}

export const EXPORT_ROWS: Record<ExportKind, (ctx: ExportContext) => AsyncGenerator<ExportRow>> = {
  visits,
  customers: customerRows,
  callbacks,
  receivables,
  reports,
  users: userRows,
};
