/**
 * One mongoose connection per process (or per test file, with its own database name). Query filters are
 * sanitized so a user-typed `{"$gt": ""}` can never become an operator. Indexes are created explicitly at
 * start (`syncIndexes`), not lazily, so a fresh database is ready before the first message.
 */
import mongoose, { type Connection } from 'mongoose';
import { registerModels, type Models } from './models/index.ts';

mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
// Commands issued while disconnected wait this long before failing (mongoose's default is 10 s).
mongoose.set('bufferTimeoutMS', 5_000);

export interface Store {
  connection: Connection;
  models: Models;
  close(): Promise<void>;
}

export async function openStore(
  uri: string,
  dbName: string,
  /** `syncIndexes: false` for a second connection of a process that has synced them already. */
  opts: { serverSelectionTimeoutMS?: number; syncIndexes?: boolean } = {},
): Promise<Store> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    autoIndex: false,
    autoCreate: true,
    // Fail fast while the server is away, so a user hears "try again shortly" within seconds, not a minute.
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 5_000,
  });
  await connection.asPromise();
  const models = registerModels(connection);
  if (opts.syncIndexes !== false) await Promise.all(Object.values(models).map((m) => m.createCollection().then(() => m.syncIndexes())));
  return {
    connection,
    models,
    close: () => connection.close(),
  };
}

/** MongoDB and FerretDB both report a unique-index violation as code 11000. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

const UNAVAILABLE = /Mongo(?:ose)?(?:ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared)Error/;

/** Errors that mean the database cannot be reached right now (as opposed to a bug or a bad request). */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return (
    (typeof name === 'string' && UNAVAILABLE.test(name)) ||
    (typeof message === 'string' && /buffering timed out|connection (?:\S+ )?(?:closed|refused)|ECONNREFUSED/.test(message))
  );
}
