/**
 * Reads an operator's CSV file row by row (streamed, so a large file never sits in memory): UTF-8 with or
 * without BOM, comma-separated, CRLF or LF. Headers are matched to fields case-, width- and
 * space-insensitively, in English or Chinese. Each row carries its physical line number (header = line 1).
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse, type Options } from 'csv-parse';

/** The file as a whole cannot be imported (unreadable, not CSV, headers not understood): exit code 1. */
export class ImportFileError extends Error {}

export interface CsvSpec {
  /** Field → the header names that mean it (the field's own name is always accepted). */
  columns: Record<string, readonly string[]>;
  /** Fields whose column must be present. */
  required: readonly string[];
  /** Groups of fields of which at least one column must be present (e.g. some natural key). */
  oneOf?: readonly (readonly string[])[];
}

export interface CsvRow {
  line: number;
  /** Trimmed cell text by field; blank cells are absent. */
  cells: Record<string, string | undefined>;
  /** Field → the header as written in the file, so reasons speak the operator's words. */
  labels: Record<string, string>;
  /** Set when the row cannot even be read into fields (wrong number of cells, broken encoding). */
  problem?: string;
}

/** Header text folded so `Reports To`, `reports_to`, `ＲＥＰＯＲＴＳ-TO` and `reportsto` all match. */
export const foldHeader = (h: string) => h.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');

/** An unclosed quote would otherwise read the rest of the file into one cell. */
const MAX_RECORD_CHARS = 1_000_000;
const LINE_BREAK = /\r\n|\n|\r/g;
// Buffer decoding turns invalid UTF-8 (a GBK file saved by an older Excel) into U+FFFD.
const BROKEN_ENCODING = '\uFFFD';
const ENCODING_HINT = 'the file is not UTF-8 (in Excel: Save As → "CSV UTF-8 (Comma delimited)")';

function mapHeader(header: string[], spec: CsvSpec): { fields: (string | null)[]; labels: Record<string, string> } {
  const byFolded = new Map<string, string>();
  for (const [field, names] of Object.entries(spec.columns)) {
    for (const name of [field, ...names]) byFolded.set(foldHeader(name), field);
  }
  if (header.some((h) => h.includes(BROKEN_ENCODING))) throw new ImportFileError(`cannot read the header: ${ENCODING_HINT}`);
  const labels: Record<string, string> = {};
  const unknown: string[] = [];
  const fields = header.map((raw) => {
    const text = raw.trim();
    if (text === '') return null;
    const field = byFolded.get(foldHeader(text));
    if (!field) {
      unknown.push(text);
      return null;
    }
    if (labels[field] !== undefined) throw new ImportFileError(`columns "${labels[field]}" and "${text}" both mean ${field}`);
    labels[field] = text;
    return field;
  });
  if (unknown.length > 0) {
    const known = Object.entries(spec.columns).map(([f, names]) => [f, ...names].join('/'));
    throw new ImportFileError(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; the columns are: ${known.join(', ')}`);
  }
  const missing = spec.required.filter((f) => labels[f] === undefined);
  for (const group of spec.oneOf ?? []) {
    if (!group.some((f) => labels[f] !== undefined)) missing.push(group.join(' or '));
  }
  if (missing.length > 0) throw new ImportFileError(`missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  return { fields, labels };
}

function toRow(record: string[], line: number, fields: (string | null)[], labels: Record<string, string>): CsvRow {
  const row: CsvRow = { line, cells: {}, labels };
  // Missing trailing cells are blanks (hand-edited files drop them); extra non-empty cells mean the row is
  // misaligned, and guessing which cell moved could put a value in the wrong field.
  if (record.slice(fields.length).some((c) => c.trim() !== '')) {
    return { ...row, problem: `has ${record.length} cells but the header has ${fields.length} columns` };
  }
  for (const [i, field] of fields.entries()) {
    const value = (record[i] ?? '').trim();
    if (value === '') continue;
    if (value.includes(BROKEN_ENCODING)) return { ...row, problem: ENCODING_HINT };
    if (field === null) return { ...row, problem: `has a value in column ${i + 1}, which has no header` };
    row.cells[field] = value;
  }
  return row;
}

/**
 * Yields the data rows; blank lines are skipped. Throws ImportFileError when the file cannot be read, is
 * not CSV, or its header does not fit `spec` — before any row when it is the header.
 */
export async function* readCsv(file: string, spec: CsvSpec): AsyncGenerator<CsvRow> {
  // csv-parse's own line counter drifts after blank lines and CRLF; counting the raw text's breaks does not.
  // The count runs as the parser reads (on_record), not as this loop consumes: on an error the parser drops
  // the records it had buffered, and the failing record starts right after the last one it read.
  let linesRead = 0;
  const parser = parse({
    // With `raw`, csv-parse hands on_record `{ record, raw }` (its typings say string[]).
    on_record: ((rec: { record: string[]; raw: string }) => {
      const line = linesRead + 1;
      linesRead += rec.raw.match(LINE_BREAK)?.length ?? 0;
      return { ...rec, line };
    }) as unknown as Options['on_record'],
    bom: true,
    delimiter: ',',
    record_delimiter: ['\r\n', '\n', '\r'],
    raw: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  // pipeline (unlike pipe) hands a read error such as ENOENT to the parser, so the loop below sees it.
  pipeline(createReadStream(file), parser, () => undefined);
  let header: ReturnType<typeof mapHeader> | null = null;
  try {
    for await (const { record, line } of parser as AsyncIterable<{ record: string[]; line: number }>) {
      if (record.every((c) => c.trim() === '')) continue;
      if (!header) {
        header = mapHeader(record, spec);
        continue;
      }
      yield toRow(record, line, header.fields, header.labels);
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(describeReadError(error, linesRead + 1));
  }
  if (!header) throw new ImportFileError('the file is empty (no header line)');
}

function describeReadError(error: unknown, line: number): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'CSV_QUOTE_NOT_CLOSED':
      return `line ${line}: a quoted cell is never closed`;
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `line ${line}: a quote inside a cell must be doubled ("")`;
    case 'CSV_MAX_RECORD_SIZE':
      return `line ${line}: a row is longer than ${MAX_RECORD_CHARS} characters`;
    default:
      return `cannot read it as CSV near line ${line}: ${message ?? String(error)}`;
  }
}
