/**
 * A finance re-import never wipes payments recorded in the chat: each invoice where the chat and finance
 * disagree is listed (chat says X, finance says Y, what was applied), and finance's figure applies only as the
 * README documents it — paid = max(finance, chat), the chat's ledger entries untouched.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/operations/import.ts';
import { formatReport } from '../../src/operations/import-run.ts';
import { invoiceKey } from '../../src/domain/receivables/rules.ts';
import type { Core } from '../../src/main.ts';
import { say, testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'kam-paid-'));
function csvFile(name: string, rows: string[]): string {
  const file = path.join(scratch, name);
  writeFileSync(file, ['customer,invoice_no,amount,issued_at,due_at,paid_amount', ...rows].join('\n'));
  return file;
}

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
const IMPORTED_AT = new Date('2026-11-23T01:00:00Z');
const run = (file: string) => importFile({ models: store.models, kind: 'receivables', file, defaultTimeZone: 'Asia/Shanghai', now: () => IMPORTED_AT });
const invoice = (no: string) => store.models.Receivable.collection.findOne({ key: invoiceKey(no) });
const ledger = async (no: string) => ((await invoice(no))?.['payments'] ?? []).map((p: { source: string; amount: number }) => [p.source, p.amount]);

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  await seedTeamWithCustomers(store);
  core = await testCore(store, { now: '2026-11-22T10:00:00+08:00' });
});
afterAll(async () => {
  await store?.drop();
});

describe('re-importing receivables after payments were recorded in the chat', () => {
  it('lists each conflict, keeps every chat payment, and applies finance’s figure only when it is higher', async () => {
    const first = await run(csvFile('first.csv', ['华为,INV-A,10000,2026-10-01,2026-10-31,0', '华为,INV-B,10000,2026-10-01,2026-10-31,0', '华为,INV-C,10000,2026-10-01,2026-10-31,']));
    expect(first).toMatchObject({ imported: 3, rejected: [], notes: [] });
    expect(await say(core, { id: 'zhang' }, '/ar paid INV-A 1000')).toContain('已登记回款');
    expect(await say(core, { id: 'wang' }, '/ar paid INV-B 2000')).toContain('已登记回款');
    expect(await say(core, { id: 'zhang' }, '/ar paid INV-C 500')).toContain('已登记回款');

    const file = csvFile('again.csv', ['华为,INV-A,10000,2026-10-01,2026-10-31,0', '华为,INV-B,10000,2026-10-01,2026-10-31,5000', '华为,INV-C,10000,2026-10-01,2026-10-31,']);
    const report = await run(file);
    expect(report.notes).toEqual([
      "line 2: INV-A: chat says CNY 1,000 paid, finance says CNY 0 — kept the chat's CNY 1,000: a lower figure from finance never removes payments recorded in the chat (whoever recorded a wrong one can /undo it, or finance can book it)",
      "line 3: INV-B: chat says CNY 2,000 paid, finance says CNY 5,000 — applied finance's CNY 5,000; the chat's payments stay and CNY 3,000 is recorded as from finance",
    ]);
    expect(formatReport('again.csv', report)).toContain('  note: line 2: INV-A: chat says CNY 1,000 paid, finance says CNY 0');
    expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 2, rejected: [] });
    expect(await invoice('INV-A')).toMatchObject({ paidAmount: 1000, status: 'open' });
    expect(await ledger('INV-A')).toEqual([['chat', 1000]]);
    expect(await invoice('INV-B')).toMatchObject({ paidAmount: 5000, status: 'open' });
    expect(await ledger('INV-B')).toEqual([['chat', 2000], ['import', 3000]]);
    expect((await invoice('INV-B'))?.['payments'][1]).toMatchObject({ day: '2026-11-23', at: IMPORTED_AT });
    expect(await invoice('INV-C')).toMatchObject({ paidAmount: 500 });

    // The supervisor's /undo takes back exactly her payment; finance's part stays.
    expect(await say(core, { id: 'wang' }, '/undo')).toContain('已撤销：收款 INV-B ¥2,000');
    expect(await invoice('INV-B')).toMatchObject({ paidAmount: 3000 });
    // The next import brings finance's part up to its figure again, replacing its earlier entry.
    const third = await run(file);
    expect(third.notes).toHaveLength(1);
    expect(await ledger('INV-B')).toEqual([['import', 5000]]);
    expect(await invoice('INV-B')).toMatchObject({ paidAmount: 5000 });
    // Nothing left to change: the same file is unchanged (the standing disagreement on INV-A is listed again).
    expect(await run(file)).toMatchObject({ imported: 0, updated: 0, unchanged: 3, notes: [expect.stringContaining('INV-A')] });
  });

  it('finance reporting an invoice paid in full settles it, on top of the chat’s partial payment', async () => {
    await run(csvFile('d1.csv', ['华为,INV-D,8000,2026-10-01,2026-10-31,']));
    await say(core, { id: 'zhang' }, '/ar paid INV-D 3000');
    const report = await run(csvFile('d2.csv', ['华为,INV-D,8000,2026-10-01,2026-10-31,8000']));
    expect(report.notes).toEqual([expect.stringContaining("INV-D: chat says CNY 3,000 paid, finance says CNY 8,000 — applied finance's CNY 8,000")]);
    expect(await invoice('INV-D')).toMatchObject({ paidAmount: 8000, status: 'paid' });
    expect(await ledger('INV-D')).toEqual([['chat', 3000], ['import', 5000]]);
  });
});
