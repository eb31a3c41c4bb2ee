/**
 * `npm run bench import`: does an import's cost per row stay flat as the store grows? Seeds a store with
 * 100,000 customers, then imports 200,000 customers and 200,000 receivables (new records) through the same
 * code as `kam import`, and prints rows per second over the first and the last tenth of each file, their
 * ratio, and the process's peak RSS.
 *
 * Sizes: KAM_BENCH_SEED (default 100000), KAM_BENCH_ROWS (default 200000). MONGODB_URI to use a server of
 * your own; otherwise an ephemeral one as for the tests (FerretDB on SQLite by default).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Types } from 'mongoose';
import { naturalKey } from '../src/domain/customers/rules.ts';
import { openStore, type Store } from '../src/persistence/connection.ts';
import { importFile, type ImportKind } from '../src/operations/import.ts';
import { formatReport } from '../src/operations/import-run.ts';
import { benchProvision } from './_jobs-services.ts';

const SEED = Number(process.env['KAM_BENCH_SEED'] ?? 100_000);
const ROWS = Number(process.env['KAM_BENCH_ROWS'] ?? 200_000);
const OWNERS = 20;

const customerName = (i: number) => `基准客户${i}号有限公司`;

async function seed(store: Store): Promise<string[]> {
  const { User, Customer } = store.models;
  const users = await User.insertMany(Array.from({ length: OWNERS }, (_, i) => ({ name: `销售${i}`, email: `rep${i}@bench.example`, role: 'rep' })));
  const owners = users.map((u) => u._id as Types.ObjectId);
  for (let i = 0; i < SEED; i += 2000) {
    const docs = [];
    for (let j = i; j < Math.min(SEED, i + 2000); j++) {
      docs.push({ name: customerName(j), key: naturalKey(customerName(j)), aliases: [`BC${j}`], ownerId: owners[j % OWNERS], status: 'active' });
    }
    await Customer.insertMany(docs, { ordered: false });
  }
  return users.map((u) => String(u.email));
}

function writeFiles(dir: string, emails: string[]): { customers: string; receivables: string } {
  const customers = ['name,aliases,owner,industry,region,annual_revenue,status'];
  for (let i = SEED; i < SEED + ROWS; i++) {
    customers.push(`${customerName(i)},BC${i},${emails[i % emails.length]},制造,华东,${(i % 900) * 1000 + 20000},active`);
  }
  const receivables = ['customer,invoice_no,amount,currency,issued_at,due_at,paid_amount'];
  for (let i = 0; i < ROWS; i++) {
    const c = (i * 7919) % (SEED + ROWS);
    const month = String((i % 12) + 1).padStart(2, '0');
    receivables.push(`${customerName(c)},INV-${i},${(i % 500) * 100 + 1000},CNY,2026-${month}-01,2026-${month}-28,${i % 3 === 0 ? 500 : ''}`);
  }
  const files = { customers: path.join(dir, 'customers.csv'), receivables: path.join(dir, 'receivables.csv') };
  writeFileSync(files.customers, `${customers.join('\n')}\n`);
  writeFileSync(files.receivables, `${receivables.join('\n')}\n`);
  return files;
}

/** Rows per second between the samples nearest to two fractions of the file. */
function rateBetween(samples: Array<{ t: number; rows: number }>, from: number, to: number): number {
  const at = (f: number) => samples.reduce((best, s) => (Math.abs(s.rows - f * ROWS) < Math.abs(best.rows - f * ROWS) ? s : best));
  const a = at(from);
  const b = at(to);
  return (b.rows - a.rows) / Math.max(0.001, (b.t - a.t) / 1000);
}

async function timedImport(store: Store, kind: ImportKind, file: string): Promise<void> {
  const started = performance.now();
  // Rates are measured between batches: the one read of stored keys before the first row is reported apart.
  const samples: Array<{ t: number; rows: number }> = [];
  const report = await importFile({
    models: store.models,
    kind,
    file,
    defaultTimeZone: 'Asia/Shanghai',
    progress: (rows) => samples.push({ t: performance.now(), rows }),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(formatReport(path.basename(file), { ...report, rejected: report.rejected.slice(0, 5) }));
  console.log(`${kind}: first batch written after ${(((samples[0]?.t ?? started) - started) / 1000).toFixed(1)} s (file check, reading the stored keys, ${samples[0]?.rows ?? 0} rows)`);
  const start = rateBetween(samples, 0, 0.1);
  const end = rateBetween(samples, 0.9, 1);
  console.log(`${kind}: ${ROWS.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(ROWS / seconds)} rows/s overall)`);
  console.log(`${kind}: first 10% ${Math.round(start)} rows/s, last 10% ${Math.round(end)} rows/s, ratio ${(Math.max(start, end) / Math.min(start, end)).toFixed(2)}`);
}

const { mongo, redis } = await benchProvision();
const store = await openStore(mongo.uri, `bench_import_${Date.now()}`);
const dir = mkdtempSync(path.join(tmpdir(), 'kam-bench-import-'));
try {
  const seedStart = performance.now();
  const emails = await seed(store);
  console.log(`server: ${mongo.kind}; seeded ${SEED.toLocaleString('en-US')} customers in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  const files = writeFiles(dir, emails);
  await timedImport(store, 'customers', files.customers);
  await timedImport(store, 'receivables', files.receivables);
  const stored = await store.models.Customer.estimatedDocumentCount();
  console.log(`store now: ${stored.toLocaleString('en-US')} customers, ${(await store.models.Receivable.estimatedDocumentCount()).toLocaleString('en-US')} receivables`);
  console.log(`peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await store.connection.dropDatabase().catch(() => undefined);
  await store.close();
  await Promise.allSettled([redis.stop(), mongo.stop()]);
}
