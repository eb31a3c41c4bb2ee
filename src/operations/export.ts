/**
 * `kam export <kind> [--format json|csv]`: the rows of one collection written to a stream as they are read.
 * JSON is one pretty-printed array (byte for byte what JSON.stringify(rows, null, 2) gives). CSV is for
 * Excel: UTF-8 with a BOM (without it Excel reads Chinese as mojibake), CRLF line ends (RFC 4180), lists
 * joined with `|`, and cells that a spreadsheet would run as a formula prefixed with `'`.
 */
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { EXPORT_COLUMNS, EXPORT_ROWS, type ExportContext, type ExportKind, type ExportRow } from './export-rows.ts';

export { EXPORT_KINDS, type ExportKind } from './export-rows.ts';
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends ExportContext {
  kind: ExportKind;
  format: ExportFormat;
  out: NodeJS.WritableStream;
}

/**
 * The output stream with backpressure (a slow pipe such as `| gzip` does not buffer the whole export) and
 * its errors as rejections: EPIPE when `| head` stops reading must not crash the process as an unhandled
 * 'error' event.
 */
class Output {
  private failure: unknown = null;
  private readonly onError = (error: unknown) => {
    this.failure ??= error;
  };

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', this.onError);
  }

  async write(chunk: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  release(): void {
    this.stream.off('error', this.onError);
  }
}

interface Contact {
  name: string;
  title?: string | null;
  phone?: string | null;
}

function csvCell(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (!Array.isArray(value)) return value;
  return value
    .map((item: string | Contact) => {
      if (typeof item !== 'object') return String(item);
      const extra = [item.title, item.phone].filter(Boolean).join(', ');
      return extra ? `${item.name} (${extra})` : item.name;
    })
    .join('|');
}

const CSV_OPTIONS = { escape_formulas: true, record_delimiter: 'windows' } as const;

async function writeCsv(out: Output, columns: readonly string[], rows: AsyncIterable<ExportRow>): Promise<number> {
  await out.write(`\uFEFF${stringify([columns], CSV_OPTIONS)}`);
  let count = 0;
  for await (const row of rows) {
    await out.write(stringify([columns.map((c) => csvCell(row[c]))], CSV_OPTIONS));
    count++;
  }
  return count;
}

async function writeJson(out: Output, rows: AsyncIterable<ExportRow>): Promise<number> {
  let count = 0;
  for await (const row of rows) {
    const item = JSON.stringify(row, null, 2).replace(/\n/g, '\n  ');
    await out.write(`${count === 0 ? '[\n' : ',\n'}  ${item}`);
    count++;
  }
  await out.write(count === 0 ? '[]\n' : '\n]\n');
  return count;
}

/** Writes every row of `kind` to `out`; returns how many. Rejects with the stream's error if it fails. */
export async function exportRecords(opts: ExportOptions): Promise<number> {
  const out = new Output(opts.out);
  try {
    const rows = EXPORT_ROWS[opts.kind](opts);
    return await (opts.format === 'csv' ? writeCsv(out, EXPORT_COLUMNS[opts.kind], rows) : writeJson(out, rows));
  } finally {
    out.release();
  }
}
