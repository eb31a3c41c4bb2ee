/** `kam import <kind> <file.csv>`: picks the importer for the kind and runs it. */
import type { Models } from '../persistence/models/index.ts';
import type { CsvSpec } from './csv-read.ts';
import { CUSTOMERS_SPEC, customersImporter } from './import-customers.ts';
import { RECEIVABLES_SPEC, receivablesImporter } from './import-receivables.ts';
import { checkFile, runImport, type ImportProgress, type ImportReport, type Importer } from './import-run.ts';
import { USERS_SPEC, usersImporter } from './import-users.ts';

export const IMPORT_KINDS = ['users', 'customers', 'receivables'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const isImportKind = (kind: string | undefined): kind is ImportKind => IMPORT_KINDS.includes(kind as ImportKind);

export interface ImportOptions {
  models: Models;
  kind: ImportKind;
  file: string;
  /** Time zone of teams a users import creates (DEFAULT_TIMEZONE). */
  defaultTimeZone: string;
  /** When the import runs (the system clock when absent). */
  now?: (() => Date) | undefined;
  /** Called after each batch of rows (see terminalProgress). */
  progress?: ImportProgress | undefined;
}

const SPECS: Record<ImportKind, CsvSpec> = { users: USERS_SPEC, customers: CUSTOMERS_SPEC, receivables: RECEIVABLES_SPEC };

function importerFor(opts: ImportOptions, notes: string[]): Importer<unknown> {
  switch (opts.kind) {
    case 'users':
      return usersImporter({ models: opts.models, defaultTimeZone: opts.defaultTimeZone, notes }) as Importer<unknown>;
    case 'customers':
      return customersImporter({ models: opts.models }) as Importer<unknown>;
    case 'receivables':
      return receivablesImporter({ models: opts.models, notes, now: opts.now, timeZone: opts.defaultTimeZone }) as Importer<unknown>;
  }
}

export async function importFile(opts: ImportOptions): Promise<ImportReport> {
  const notes: string[] = [];
  return runImport(opts.file, importerFor(opts, notes), notes, opts.progress);
}

/**
 * Checks that the file is readable CSV with a header this kind understands, without a database: the CLI
 * calls it before starting one, so a typo in a path fails in a second. Throws ImportFileError.
 */
export async function checkImportFile(kind: ImportKind, file: string): Promise<void> {
  await checkFile(file, SPECS[kind]);
}

/**
 * Progress of a long import on the operator's terminal: rows read and rows per second, rewritten in place on
 * a terminal (at most twice a second), or a line per 10,000 rows when stderr is a file or a pipe.
 */
export function terminalProgress(out: NodeJS.WriteStream, now: () => number = Date.now): ImportProgress {
  const started = now();
  let shownAt = 0;
  let lastLine = 0;
  return (rows, done) => {
    const t = now();
    const rate = Math.round(rows / Math.max(0.001, (t - started) / 1000));
    const text = `kam import: ${rows.toLocaleString('en-US')} rows read, ${rate.toLocaleString('en-US')} rows/s`;
    if (out.isTTY) {
      if (!done && t - shownAt < 500) return;
      shownAt = t;
      out.write(`\r${text}${done ? '\n' : ''}`);
    } else if (done ? rows >= 10_000 : rows - lastLine >= 10_000) {
      lastLine = rows;
      out.write(`${text}\n`);
    }
  };
}
