/**
 * Each test file gets its own database on the shared test server (and its own queue prefix), so files run
 * in parallel without seeing each other's data.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { inject } from 'vitest';
import { openStore, type Store } from '../../src/persistence/connection.ts';

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`.replace(/[^A-Za-z0-9_]/g, '_');
}

export async function openTestStore(testFile: string): Promise<Store & { dbName: string; drop(): Promise<void> }> {
  const dbName = uniqueName(`t_${path.basename(testFile).replace(/\.test\.ts$/, '')}`.slice(0, 40));
  const store = await openStore(inject('mongoUri'), dbName);
  return {
    ...store,
    dbName,
    async drop() {
      await store.connection.dropDatabase();
      await store.close();
    },
  };
}

export const mongoUri = () => inject('mongoUri');
export const redisUrl = () => inject('redisUrl');
