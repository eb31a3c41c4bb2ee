/**
 * Services for the jobs benchmarks: MONGODB_URI / REDIS_URL when set, else an ephemeral server (`server`: one
 * strategy, e.g. `ferretdb-postgresql`; default the first available of mongod, FerretDB/SQLite, FerretDB/PostgreSQL)
 * and redis-server. `mongoKind` says which server ran, with the version the server reports.
 */
import { silentLogger } from '../src/core/logger.ts';
import type { Platform } from '../src/core/messages.ts';
import { openStore, type Store } from '../src/persistence/connection.ts';
import { provisionMongo, provisionRedis, type MongoStrategy } from '../src/services/provision.ts';
import { createJobEnv } from '../jobs/scheduler.ts';
import type { JobEnv } from '../jobs/context.ts';

export interface BenchServices {
  store: Store;
  env: JobEnv;
  redisUrl: string;
  mongoKind: string;
  stop(): Promise<void>;
}

/** The database and Redis of a benchmark: MONGODB_URI / REDIS_URL when set, else ephemeral local ones. */
export async function benchProvision(server?: string) {
  const opts = {
    ...(server ? { mongoStrategies: [server as MongoStrategy] } : {}),
    mongodbUri: process.env['MONGODB_URI'] || undefined,
    redisUrl: process.env['REDIS_URL'] || undefined,
    cacheDir: process.env['KAM_CACHE_DIR'] || undefined,
    ephemeral: true,
    progress: (line: string) => console.error(`[bench] ${line}`),
  };
  const mongo = await provisionMongo(opts);
  const redis = await provisionRedis(opts, { startLocal: true });
  if (!redis) throw new Error('no Redis: install redis-server or set REDIS_URL');
  return { mongo, redis };
}

export async function benchServices(name: string, platforms: Platform[], server?: string): Promise<BenchServices> {
  const { mongo, redis } = await benchProvision(server);
  const store = await openStore(mongo.uri, `bench_${name}_${Date.now()}`);
  const info = (await store.connection.db?.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string } | undefined;
  const version = info?.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info?.version ?? '?'}`;
  const env = await createJobEnv({ models: store.models, language: 'zh-CN', timeZone: 'Asia/Shanghai', calendar: 'plain', platforms, logger: silentLogger });
  return {
    store,
    env,
    redisUrl: redis.url,
    mongoKind: `${mongo.kind} (${version})`,
    async stop() {
      await store.connection.dropDatabase().catch(() => undefined);
      await store.close();
      await Promise.allSettled([redis.stop(), mongo.stop()]);
    },
  };
}
