/**
 * What keeps an import's cost per row flat as the store grows: the natural keys already stored are read
 * once, in one pass, into a map (a few dozen bytes per record — the rows themselves are never held), and
 * new records are inserted in batches. An existing record is read and updated by its `_id`.
 */
import mongoose, { type Model } from 'mongoose';
import { isDuplicateKeyError } from '../persistence/connection.ts';
import { RowRejected, type Outcome } from './import-run.ts';

/** Reads `field` of every stored document once: key → packed value (`pack` keeps only what is needed). */
export async function preload<V>(model: Model<any>, fields: Record<string, 1>, keyOf: (doc: any) => string, pack: (doc: any) => V): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  const cursor = model.find({}, fields).lean().cursor({ batchSize: 2000 });
  for await (const doc of cursor) out.set(keyOf(doc), pack(doc));
  return out;
}

interface PendingInsert {
  line: number;
  doc: Record<string, unknown>;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects new documents and inserts them together on `flush`. Each `add` returns the row's own outcome,
 * settled by the flush: validation problems and a key written meanwhile by someone else reject that row
 * only, as a row-by-row import would.
 */
export class BatchInserter {
  private pending: PendingInsert[] = [];

  constructor(private readonly model: Model<any>) {}

  get size(): number {
    return this.pending.length;
  }

  /** `line` orders the batch: records are written in the file's order, however their lookups interleaved. */
  async add(doc: Record<string, unknown>, line: number): Promise<Outcome> {
    await new this.model(doc).validate(); // a refused row is refused alone, with the schema's reason
    return new Promise<Outcome>((resolve, reject) => this.pending.push({ line, doc, resolve, reject }));
  }

  async flush(): Promise<void> {
    const batch = this.pending.splice(0).sort((a, b) => a.line - b.line);
    if (batch.length === 0) return;
    const failed = new Map<number, unknown>();
    try {
      await this.model.insertMany(batch.map((p) => p.doc), { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index?: number; err?: { index?: number } }> }).writeErrors;
      if (!writeErrors) {
        for (const p of batch) p.reject(error);
        return;
      }
      for (const w of writeErrors) failed.set(w.index ?? w.err?.index ?? -1, error);
    }
    batch.forEach((p, i) => {
      if (!failed.has(i)) p.resolve('imported');
      else p.reject(isDuplicateKeyError(failed.get(i)) ? failed.get(i) : new RowRejected('could not be written; import the file again'));
    });
  }
}

export const isValidationError = (e: unknown): e is mongoose.Error.ValidationError => e instanceof mongoose.Error.ValidationError;
