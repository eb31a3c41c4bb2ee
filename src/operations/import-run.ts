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
}

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

export async function runImport<T>(file: string, importer: Importer<T>, notes: string[] = []): Promise<ImportReport> {
  await checkFile(file, importer.spec);
  const report: ImportReport = { imported: 0, updated: 0, unchanged: 0, rejected: [], notes };
  const firstLine = new Map<string, number>();
  const deferred: Array<{ row: T; ctx: RowContext }> = [];

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

  for await (const csvRow of readCsv(file, importer.spec)) {
    const { line, labels } = csvRow;
    if (csvRow.problem) {
      report.rejected.push({ line, reason: csvRow.problem });
      continue;
    }
    const parsed = importer.schema.safeParse(csvRow.cells);
    if (!parsed.success) {
      report.rejected.push({ line, reason: describeIssues(parsed.error, labels) });
      continue;
    }
    const keys = importer.keys(parsed.data);
    const repeated = keys.find((k) => firstLine.has(k));
    if (repeated !== undefined) {
      report.rejected.push({ line, reason: `repeats line ${firstLine.get(repeated)} (same ${keyLabel(repeated, labels)})` });
      continue;
    }
    const ctx: RowContext = { line, label: (field) => labels[field] ?? field };
    if (await attempt(parsed.data, ctx, true)) for (const k of keys) firstLine.set(k, line);
  }

  // Retry forward references while a round resolves some; then whatever is left names nobody.
  for (let pending = deferred.splice(0); pending.length > 0; ) {
    for (const { row, ctx } of pending) await attempt(row, ctx, true);
    const stuck = deferred.length === pending.length;
    pending = deferred.splice(0);
    if (stuck) for (const { row, ctx } of pending.splice(0)) await attempt(row, ctx, false);
  }
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
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
