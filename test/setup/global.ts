/**
 * Vitest global setup: one MongoDB-compatible server (MONGODB_URI, else an ephemeral FerretDB) and one Redis
 * (REDIS_URL, else a private redis-server) for the whole run. Test files read them with
 * `inject('mongoUri')` / `inject('redisUrl')`; each file should use its own database name.
 */
import type { TestProject } from 'vitest/node';
import { ProvisioningError, provisionMongo, provisionRedis } from '../../src/services/provision.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const opts = {
    mongodbUri: process.env.MONGODB_URI || undefined,
    redisUrl: process.env.REDIS_URL || undefined,
    cacheDir: process.env.KAM_CACHE_DIR || undefined,
    ephemeral: true,
    progress: (line: string) => console.log(`[test setup] ${line}`),
  };
  const mongo = await provisionMongo(opts);
  const redis = await provisionRedis(opts, { startLocal: true }).catch(async (err: unknown) => {
    await mongo.stop();
    throw err;
  });
  if (!redis) {
    await mongo.stop();
    throw new ProvisioningError('No Redis for the tests.', 'Install redis-server (apt-get install redis-server) or set REDIS_URL=redis://HOST:6379.');
  }
  opts.progress(`MongoDB: ${mongo.kind} ${mongo.uri} · Redis: ${redis.kind} ${redis.url}`);
  project.provide('mongoUri', mongo.uri);
  project.provide('redisUrl', redis.url);
  return async () => {
    await Promise.allSettled([redis.stop(), mongo.stop()]);
  };
}
