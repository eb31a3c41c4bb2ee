/** `kam import <kind> <file.csv>`: picks the importer for the kind and runs it. */
import type { Models } from '../persistence/models/index.ts';
import type { CsvSpec } from './csv-read.ts';
import { CUSTOMERS_SPEC, customersImporter } from './import-customers.ts';
import { RECEIVABLES_SPEC, receivablesImporter } from './import-receivables.ts';
import { checkFile, runImport, type ImportReport, type Importer } from './import-run.ts';
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
  return runImport(opts.file, importerFor(opts, notes), notes);
}

/**
 * Checks that the file is readable CSV with a header this kind understands, without a database: the CLI
 * calls it before starting one, so a typo in a path fails in a second. Throws ImportFileError.
 */
export async function checkImportFile(kind: ImportKind, file: string): Promise<void> {
  await checkFile(file, SPECS[kind]);
}
