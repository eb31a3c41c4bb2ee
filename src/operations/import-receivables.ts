/**
 * `kam import receivables`: invoices from finance (财务部), matched on the case- and width-folded invoice
 * number. Owner and team come from the customer. A paid_amount in the file is finance's figure: it applies as
 * import-receivables-paid.ts says (never removing a payment recorded in the chat; each disagreement listed);
 * a blank one changes nothing.
 */
import type { Types } from 'mongoose';
import { z } from 'zod';
import { localDay, monthKey } from '../domain/calendar.ts';
import { invoiceKey } from '../domain/receivables/rules.ts';
import type { Models } from '../persistence/models/index.ts';
import { currency, day, money, quote, text } from './cells.ts';
import { changes, initial, UNSET, type Desired } from './diff.ts';
import { RowRejected, type Importer, type Outcome } from './import-run.ts';
import type { CsvSpec } from './csv-read.ts';
import { applyFinancePaid, initialLedger, planPaid } from './import-receivables-paid.ts';
import { customerDirectory, findInDirectory, type CustomerDirectory } from './lookup.ts';
import { BatchInserter, preload } from './import-batch.ts';

const schema = z
  .object({
    customer: text(200),
    invoice_no: text(100),
    amount: money({ positive: true }),
    currency: currency.optional(),
    issued_at: day,
    due_at: day,
    paid_amount: money().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.due_at < r.issued_at) ctx.addIssue({ code: 'custom', path: ['due_at'], message: `${r.due_at} is before the issue date ${r.issued_at}` });
    // `$5,000` in a CNY row is a contradiction, not a conversion we may guess.
    const named = r.amount.currency ?? r.paid_amount?.currency;
    if (named && r.currency && named !== r.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: `is ${r.currency} but the amount is in ${named}` });
  })
  .transform((r) => ({
    customer: r.customer,
    invoiceNo: r.invoice_no,
    amount: r.amount.value,
    currency: r.currency ?? r.amount.currency ?? 'CNY',
    issuedDay: r.issued_at,
    dueDay: r.due_at,
    paidAmount: r.paid_amount?.value,
  }));
type ReceivableRow = z.infer<typeof schema>;

export const RECEIVABLES_SPEC: CsvSpec = {
  columns: {
    customer: ['客户', '客户名称'],
    invoice_no: ['发票号', '发票号码', 'invoice', 'invoice_number'],
    amount: ['金额', '发票金额', '应收金额'],
    currency: ['币种', '货币'],
    issued_at: ['开票日期', 'issued', 'issue_date'],
    due_at: ['到期日', '到期日期', 'due', 'due_date'],
    paid_amount: ['已收金额', '已回款', 'paid'],
  },
  required: ['customer', 'invoice_no', 'amount', 'issued_at', 'due_at'],
};

export interface ReceivablesImportDeps {
  models: Models;
  /** Where each disagreement between the chat and finance is listed for the operator. */
  notes?: string[];
  /** When the import runs (the day on finance's ledger entries), and in which zone. */
  now?: () => Date;
  timeZone?: string;
}

export function receivablesImporter({ models, notes = [], now = () => new Date(), timeZone = 'Asia/Shanghai' }: ReceivablesImportDeps): Importer<ReceivableRow> {
  const { Receivable } = models;
  const when = () => {
    const at = now();
    return { at, day: localDay(at, timeZone) };
  };
  // Customers (by name and alias) and stored invoice numbers are read once; new invoices are inserted a
  // batch at a time.
  let customers: CustomerDirectory = { byKey: new Map(), byAlias: new Map() };
  let stored = new Map<string, string>();
  const inserter = new BatchInserter(Receivable);

  return {
    spec: RECEIVABLES_SPEC,
    schema,
    keys: (row) => [`invoice_no:${invoiceKey(row.invoiceNo)}`],
    async prepare() {
      customers = await customerDirectory(models);
      stored = await preload(Receivable, { key: 1 }, (d: { key: string }) => d.key, (d: { _id: unknown }) => String(d._id));
    },
    flush: () => inserter.flush(),
    waiting: () => inserter.size,

    async apply(row, ctx): Promise<Outcome> {
      const customer = findInDirectory(customers, row.customer);
      if (customer.kind === 'none') throw new RowRejected(`${ctx.label('customer')} ${quote(row.customer)}: no such customer (import customers first)`);
      if (customer.kind === 'many') throw new RowRejected(`${ctx.label('customer')} ${quote(row.customer)} is an alias of ${customer.count} customers; use the full name`);
      const key = invoiceKey(row.invoiceNo);
      const id = stored.get(key);
      const current = id ? await Receivable.findById(id).lean() : null;
      const plan = current && row.paidAmount !== undefined ? planPaid(current.invoiceNo, current.currency, current.payments ?? [], row.paidAmount) : null;
      const paid = plan?.paid ?? row.paidAmount ?? current?.paidAmount ?? 0;
      // Written-off stays written off unless finance now reports it paid in full.
      const status = paid >= row.amount ? 'paid' : current?.status === 'written_off' ? 'written_off' : 'open';
      const desired: Desired = {
        customerId: customer.doc._id,
        customerName: customer.doc.name,
        ownerId: customer.doc.ownerId,
        teamId: customer.doc.teamId ?? UNSET,
        invoiceNo: row.invoiceNo,
        amount: row.amount,
        currency: row.currency,
        issuedDay: row.issuedDay,
        dueDay: row.dueDay,
        dueMonth: monthKey(row.dueDay),
        status,
        paidDay: status === 'paid' ? undefined : UNSET,
      };
      if (!current) return inserter.add({ ...initial(desired), key, ...initialLedger(row.paidAmount, when()) }, ctx.line);
      if (plan?.conflict) notes.push(`line ${ctx.line}: ${plan.conflict}`);
      const ledger = plan ? await applyFinancePaid(Receivable.collection, current._id, plan, when()) : false;
      const update = changes(current as Record<string, unknown> & { _id: Types.ObjectId }, desired);
      if (update) await Receivable.updateOne({ _id: current._id }, update);
      return update || ledger ? 'updated' : 'unchanged';
    },
  };
}
