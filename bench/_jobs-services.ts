/** Services for the jobs benchmarks: MONGODB_URI / REDIS_URL when set, else an ephemeral FerretDB and redis-server. */
import { silentLogger } from '../src/core/logger.ts';
import type { Platform } from '../src/core/messages.ts';
import { openStore, type Store } from '../src/persistence/connection.ts';
import { provisionMongo, provisionRedis } from '../src/services/provision.ts';
import { createJobEnv } from '../jobs/scheduler.ts';
import type { JobEnv } from '../jobs/context.ts';

export interface BenchServices {
  store: Store;
  env: JobEnv;
  redisUrl: string;
  mongoKind: string;
  stop(): Promise<void>;
}

export async function benchServices(name: string, platforms: Platform[]): Promise<BenchServices> {
  const opts = {
    mongodbUri: process.env['MONGODB_URI'] || undefined,
    redisUrl: process.env['REDIS_URL'] || undefined,
    cacheDir: process.env['KAM_CACHE_DIR'] || undefined,
    ephemeral: true,
    progress: (line: string) => console.error(`[bench] ${line}`),
  };
  const mongo = await provisionMongo(opts);
  const redis = await provisionRedis(opts, { startLocal: true });
  if (!redis) throw new Error('no Redis: install redis-server or set REDIS_URL');
  const store = await openStore(mongo.uri, `bench_${name}_${Date.now()}`);
  const env = await createJobEnv({ models: store.models, language: 'zh-CN', timeZone: 'Asia/Shanghai', calendar: 'plain', platforms, logger: silentLogger });
  return {
    store,
    env,
    redisUrl: redis.url,
    mongoKind: mongo.kind,
    async stop() {
      await store.connection.dropDatabase().catch(() => undefined);
      await store.close();
      await Promise.allSettled([redis.stop(), mongo.stop()]);
    },
  };
}
