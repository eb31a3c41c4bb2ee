/**
 * The import loop shared by every file kind. The file is read twice: once to check that all of it is
 * readable CSV with a known header (so a broken file writes nothing), then row by row to write. Each row is
 * validated, then written on its own — there are no transactions on FerretDB — so a bad row never stops
 * the good ones, and re-importing the same file changes nothing (rows are matched on their natural keys).
 */
import mongoose from 'mongoose';
import type { z } from 'zod';
import { isDuplicateKeyError } from '../persistence/connection.ts';
import { describeIssues } from './cells.ts';
import { readCsv, type CsvSpec } from './csv-read.ts';

export type Outcome = 'imported' | 'updated' | 'unchanged';

/** The row is refused; `message` is the reason shown to the operator. */
export class RowRejected extends Error {}

/**
 * The row names someone who may appear further down the same file (a rep listed before the supervisor
 * they report to): it is retried after the other rows, and rejected with `message` if it still cannot be.
 */
export class RowDeferred extends Error {}

export interface RowContext {
  line: number;
  /** The column as the file names it, for reasons. */
  label(field: string): string;
}

export interface Importer<T> {
  spec: CsvSpec;
  schema: z.ZodType<T>;
  /** The row's natural keys: a second row with one of them in the same file is a mistake, not an update. */
  keys(row: T): string[];
  apply(row: T, ctx: RowContext): Promise<Outcome>;
  /** Reads what matching needs from the store once, before the first row (e.g. every stored natural key). */
  prepare?(): Promise<void>;
  /**
   * Present when `apply` may defer its writes: the runner then applies rows a batch at a time without
   * waiting for each, and calls `flush` to write the batch before collecting the rows' outcomes.
   */
  flush?(): Promise<void>;
  /** Rows waiting in the importer for the next flush. */
  waiting?(): number;
}

/** Rows applied between two flushes of a batching importer. */
export const IMPORT_BATCH = 500;

/** Told after each batch (and at the end): rows read so far, and whether this is the last call. */
export type ImportProgress = (rowsRead: number, done: boolean) => void;

export interface Rejection {
  line: number;
  reason: string;
}

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: Rejection[];
  /** Side effects worth telling the operator (a team created, a team's supervisor set). */
  notes: string[];
}

/** Reads the whole file once without writing; throws ImportFileError when it cannot be imported at all. */
export async function checkFile(file: string, spec: CsvSpec): Promise<number> {
  let rows = 0;
  for await (const _row of readCsv(file, spec)) rows++;
  return rows;
}

export async function runImport<T>(file: string, importer: Importer<T>, notes: string[] = [], progress?: ImportProgress): Promise<ImportReport> {
  await checkFile(file, importer.spec);
  await importer.prepare?.();
  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, rejected: [], notes };
  const firstLine = new Map<string, number>();
  const deferred: Array<{ row: T; ctx: RowContext }> = [];
  const batching = importer.flush !== undefined;
  const inFlight: Array<Promise<void>> = [];

  async function attempt(row: T, ctx: RowContext, mayDefer: boolean): Promise<boolean> {
    try {
      report[await importer.apply(row, ctx)]++;
      return true;
    } catch (error) {
      if (error instanceof RowDeferred && mayDefer) {
        deferred.push({ row, ctx });
        return true;
      }
      report.rejected.push({ line: ctx.line, reason: rejectionReason(error) });
      return false;
    }
  }
  // Rows still looking something up join the batch late: the batch is flushed once every row has either
  // settled or is waiting in the importer, so its new records go out together, in file order.
  async function settle(): Promise<void> {
    const batch = inFlight.splice(0);
    let settled = 0;
    const all = Promise.all(batch.map((p) => p.finally(() => settled++)));
    const finished = all.then(() => undefined, () => undefined);
    while (settled < batch.length) {
      if (settled + (importer.waiting?.() ?? 0) >= batch.length) await importer.flush?.();
      else await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 1))]);
    }
    await all;
  }

  let rowsRead = 0;
  for await (const csvRow of readCsv(file, importer.spec)) {
    rowsRead++;
    const checked = checkRow(csvRow, importer, firstLine);
    if ('reason' in checked) {
      report.rejected.push({ line: csvRow.line, reason: checked.reason });
      continue;
    }
    const { row, keys, ctx } = checked;
    // A batching importer's rows are written together: their keys count as taken until a row fails.
    if (batching) {
      for (const k of keys) firstLine.set(k, ctx.line);
      const written = attempt(row, ctx, true).then((ok) => (ok ? undefined : keys.forEach((k) => firstLine.delete(k))));
      written.catch(() => undefined); // collected by settle(); never an unhandled rejection meanwhile
      inFlight.push(written);
      if (inFlight.length >= IMPORT_BATCH) {
        await settle();
        progress?.(rowsRead, false);
      }
    } else if (await attempt(row, ctx, true)) {
      for (const k of keys) firstLine.set(k, ctx.line);
    }
  }
  await settle();

  // Retry forward references while a round resolves some; then whatever is left names nobody.
  for (let pending = deferred.splice(0); pending.length > 0; ) {
    for (const { row, ctx } of pending) await attempt(row, ctx, true);
    const stuck = deferred.length === pending.length;
    pending = deferred.splice(0);
    if (stuck) for (const { row, ctx } of pending.splice(0)) await attempt(row, ctx, false);
  }
  await settle();
  progress?.(rowsRead, true);
  report.rejected.sort((a, b) => a.line - b.line);
  // Rows settle out of order (batches, waits): notes that name their line are listed in file order.
  const lineOf = (note: string) => Number(/^line (\d+):/.exec(note)?.[1] ?? Number.MAX_SAFE_INTEGER);
  report.notes.sort((a, b) => lineOf(a) - lineOf(b));
  return report;
}

/** A read row, validated and checked against the keys seen so far: what to apply, or why not. */
function checkRow<T>(
  csvRow: { line: number; labels: Record<string, string>; cells: Record<string, string | undefined>; problem?: string },
  importer: Importer<T>,
  firstLine: Map<string, number>,
): { reason: string } | { row: T; keys: string[]; ctx: RowContext } {
  const { line, labels } = csvRow;
  if (csvRow.problem) return { reason: csvRow.problem };
  const parsed = importer.schema.safeParse(csvRow.cells);
  if (!parsed.success) return { reason: describeIssues(parsed.error, labels) };
  const keys = importer.keys(parsed.data);
  const repeated = keys.find((k) => firstLine.has(k));
  if (repeated !== undefined) return { reason: `repeats line ${firstLine.get(repeated)} (same ${keyLabel(repeated, labels)})` };
  return { row: parsed.data, keys, ctx: { line, label: (field) => labels[field] ?? field } };
}

/** Keys are `<field>:<value>`; the field is named as the file names it (`邮箱`, `invoice_no`). */
function keyLabel(key: string, labels: Record<string, string>): string {
  const field = key.slice(0, key.indexOf(':'));
  return labels[field] ?? field;
}

function rejectionReason(error: unknown): string {
  if (error instanceof RowRejected || error instanceof RowDeferred) return error.message;
  if (error instanceof mongoose.Error.ValidationError) {
    return Object.values(error.errors)
      .map((e) => `${e.path}: ${e.message}`)
      .join('; ');
  }
  // Another process wrote the same natural key between our read and our write; a re-run will match it.
  if (isDuplicateKeyError(error)) return 'was written by someone else at the same moment; import the file again';
  throw error;
}

export function formatReport(file: string, report: ImportReport): string {
  const lines = [
    `${file}: imported ${report.imported}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected.length}`,
    ...report.rejected.map((r) => `  line ${r.line}: ${r.reason}`),
    ...report.notes.map((n) => `  note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
