/**
 * `npm run chaos [--size full|small] [--only a,b,c,d,e]`: the reliability scenarios on real child processes,
 * a real database and a real Redis (provisioned like the tests: MONGODB_URI / REDIS_URL or embedded ones),
 * printing for each what was acknowledged, saved, answered, lost and duplicated. Bounded in time: every
 * scenario gives up waiting after its own deadline and reports what it has.
 */
import { randomBytes } from 'node:crypto';
import { openStore } from '../../src/persistence/connection.ts';
import { provisionMongo, provisionRedis } from '../../src/services/provision.ts';
import { chaosWorld, type ChaosWorld } from './harness.ts';
import { databasePaused, flood, killMidBurst, redisAbsentAtStart, sigtermMidBurst } from './scenarios.ts';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const full = flag('size') !== 'small';
const only = new Set((flag('only') ?? 'a,b,c,d,e').split(','));

const opts = { mongodbUri: process.env['MONGODB_URI'] || undefined, redisUrl: process.env['REDIS_URL'] || undefined, ephemeral: true, progress: (l: string) => console.error(l) };
const mongo = await provisionMongo(opts);
const redis = await provisionRedis(opts, { startLocal: true });
if (!redis) throw new Error('the chaos scenarios need redis-server on the PATH or REDIS_URL');

async function world(uri = mongo.uri): Promise<ChaosWorld> {
  const dbName = `chaos_${randomBytes(4).toString('hex')}`;
  const store = await openStore(uri, dbName);
  const made = await chaosWorld(Object.assign(store, { dbName }), uri, redis!.url);
  const close = made.close;
  made.close = async () => {
    await close();
    await store.connection.dropDatabase().catch(() => undefined);
    await store.close();
  };
  return made;
}

async function run<T extends object>(key: string, scenario: (w: ChaosWorld) => Promise<T>): Promise<T | null> {
  if (!only.has(key)) return null;
  const w = await world();
  try {
    return await scenario(w);
  } finally {
    await w.close();
  }
}

const rows: Array<Record<string, unknown>> = [];
const keep = (key: string, r: object | null) => r && rows.push({ key, ...r });
try {
  keep('a', await run('a', (w) => killMidBurst(w, 100)));
  keep('b', await run('b', (w) => sigtermMidBurst(w, 100)));
  if (only.has('c')) keep('c', await databasePaused((uri) => world(uri), full ? 40 : 12, full ? 20_000 : 12_000));
  keep('d', await run('d', (w) => redisAbsentAtStart(w)));
  keep('e', await run('e', (w) => flood(w, full ? 2000 : 200)));
} finally {
  await redis.stop();
  await mongo.stop();
}

console.log(`\nChaos scenarios on ${mongo.kind} and ${redis.kind}:`);
console.log('| scenario | acknowledged | saved | answered | lost | duplicated | unavailable | other |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const other = Object.entries(r)
    .filter(([k]) => ['maxFirstAnswerMs', 'halfWritten', 'startToAnswerMs', 'healthyToAnswerMs', 'readyAfterRedisMs', 'peakRssMb', 'seconds'].includes(k))
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  console.log(`| (${String(r['key'])}) ${String(r['scenario'])} | ${String(r['acknowledged'])}/${String(r['sent'])} | ${String(r['saved'])} | ${String(r['answered'])} | ${String(r['lost'])} | ${String(r['duplicated'])} | ${String(r['unavailable'])} | ${other} |`);
}
process.exit(0);
