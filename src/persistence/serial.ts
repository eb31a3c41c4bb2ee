/**
 * FerretDB 1.24 applies a filtered update as read-then-write: two updates racing on one document both match,
 * and the later overwrites the earlier (`$inc` and `$push` included). Conditional writes to one record
 * therefore queue up within this process, which covers the embedded single-process setup; across processes
 * only MongoDB's atomic filter protects them (see README, Supported databases).
 */
export function oneAtATime() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

/**
 * One queue per stored document (`<collection>:<id>`), shared by every repository and by /undo, so a write
 * and the reversal of another write to the same document never interleave on FerretDB 1.24.
 */
export const perDocument = oneAtATime();
export const documentKey = (collection: string, id: unknown) => `${collection}:${String(id)}`;
