/**
 * Issue 17's import findings: full-width formula prefixes and control characters are refused like ASCII
 * formulas, a quote error names the physical line where the broken record starts, batches keep file order
 * and per-row reasons, and re-importing writes nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../src/operations/csv-read.ts';
import { importFile, type ImportKind } from '../../src/operations/import.ts';
import { IMPORT_BATCH } from '../../src/operations/import-run.ts';
import { openTestStore } from '../support/store.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'kam-import-hostile-'));
const csvFile = (name: string, content: string) => {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
};
let store: Awaited<ReturnType<typeof openTestStore>>;
const run = (kind: ImportKind, file: string, progress?: (rows: number, done: boolean) => void) =>
  importFile({ models: store.models, kind, file, defaultTimeZone: 'Asia/Shanghai', progress });

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  await store.models.User.create({ name: '张三', email: 'zhang@example.com', consoleId: 'zhang', role: 'rep' });
});
afterAll(async () => store?.drop());

describe('hostile cells', () => {
  it('refuses full-width formula prefixes (＝＋－＠) and NUL / terminal escapes', async () => {
    const file = csvFile('fullwidth.csv', [
      'name,owner,industry',
      '＝cmd|calc,zhang,',
      '＋SUM(1),zhang,',
      '正常一,zhang,－1+1',
      '正常二,zhang,＠A1',
      `零\u0000字节,zhang,`,
      `转义\u001b[31m红,zhang,`,
      '干净公司,zhang,制造',
    ].join('\n'));
    const report = await run('customers', file);
    expect(report.imported).toBe(1);
    expect(report.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(report.rejected.slice(0, 4).every((r) => r.reason.includes('formula'))).toBe(true);
    expect(report.rejected.slice(4).every((r) => r.reason.includes('control characters'))).toBe(true);
    expect(await store.models.Customer.countDocuments({})).toBe(1);
  });
});

describe('a quote error', () => {
  it('names the physical line where the broken record starts, deep in a file of multi-line cells', async () => {
    const lines = ['name,owner,industry'];
    // Each record spans two physical lines, so the record count and the line number differ.
    for (let i = 0; i < 3000; i++) lines.push(`"行${i}\n公司",zhang,`);
    const brokenAt = lines.join('\n').split('\n').length + 1;
    lines.push('"没有收尾的引号,zhang,');
    for (let i = 0; i < 50; i++) lines.push(`后面${i},zhang,`);
    const error = await run('customers', csvFile('quote.csv', lines.join('\n'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toBe(`line ${brokenAt}: a quoted cell is never closed`);
    expect(await store.models.Customer.countDocuments({ name: /^行/ })).toBe(0);
  });
});

describe('batches', () => {
  it('write more than one batch in file order, report progress, and change nothing on a second import', async () => {
    const n = IMPORT_BATCH * 2 + 7;
    const rows = ['name,owner,annual_revenue'];
    for (let i = 0; i < n; i++) rows.push(`批量${String(i).padStart(4, '0')},${i % 2 ? 'zhang' : 'zhang@example.com'},${i === 600 ? '-5' : 100000}`);
    const file = csvFile('batch.csv', rows.join('\n'));
    const seen: number[] = [];
    const first = await run('customers', file, (r) => seen.push(r));
    expect(first.imported).toBe(n - 1);
    expect(first.rejected).toEqual([{ line: 602, reason: 'annual_revenue: "-5": must be zero or more' }]);
    expect(seen.at(-1)).toBe(n);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const names = (await store.models.Customer.find({ name: /^批量/ }).sort({ _id: 1 }).lean()).map((c) => c.name);
    expect(names).toEqual([...names].sort());
    const again = await run('customers', file);
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: n - 1 });
  });
});
