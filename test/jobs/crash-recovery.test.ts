/**
 * A worker process killed with SIGKILL in the middle of a fan-out of 300 reminders, then a new worker: every
 * recipient ends up with exactly one message (the real Redis, the real database, a fake platform over HTTP).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBullDriver, type BullDriver } from '../../jobs/drivers/bullmq.ts';
import { DEFINITIONS } from '../../jobs/definitions/index.ts';
import type { JobEnv } from '../../jobs/context.ts';
import { openTestStore, redisUrl, uniqueName } from '../support/store.ts';
import { startFakePlatform, type FakePlatform } from './support/fake-platform.ts';
import { jobEnv, world } from './support/world.ts';

const REPS = 300;
const CONCURRENCY = 4;
const prefix = uniqueName('kamjobs');
let store: Awaited<ReturnType<typeof openTestStore>>;
let env: JobEnv;
let platform: FakePlatform;
let producer: BullDriver;
const children: ChildProcess[] = [];

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  env = await jobEnv(store, { platforms: ['slack'] });
  platform = await startFakePlatform({ latencyMs: 25 });
  producer = await startBullDriver(env, { redisUrl: redisUrl(), prefix, definitions: DEFINITIONS, ports: new Map(), schedule: false, work: false });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await producer?.close();
  await platform?.close();
  const redis = new Redis(redisUrl());
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await store?.drop();
});

function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'support/worker-process.ts')], {
    env: {
      ...process.env,
      KAM_TEST_MONGO_URI: inject('mongoUri'),
      KAM_TEST_DB: store.dbName,
      KAM_TEST_REDIS_URL: redisUrl(),
      KAM_TEST_PREFIX: prefix,
      KAM_TEST_PLATFORM_URL: platform.url,
      KAM_TEST_CONCURRENCY: String(CONCURRENCY),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
    child.on('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe('a worker killed mid-fan-out', () => {
  it('delivers every reminder exactly once after a new worker starts', async () => {
    const w = world(store);
    const team = await w.team('Crash-Team');
    const users = await store.models.User.insertMany(
      Array.from({ length: REPS }, (_, i) => ({ name: `rep-${String(i).padStart(3, '0')}`, role: 'rep', teamId: new Types.ObjectId(team), email: `rep${i}@example.com`, slackId: `U${i}` })),
    );
    await store.models.Identity.insertMany(users.map((u, i) => ({ _id: `slack:U${i}`, platform: 'slack', platformUserId: `U${i}`, userId: u._id })));

    const first = await startWorker();
    await producer.runNow({ teamId: team, job: 'weekly-report-reminder', at: '2026-10-09T16:00:00+08:00' });
    await until('a third of the messages', () => platform.stats.delivered >= REPS / 3, 30_000, 5);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = platform.stats.delivered;
    expect(atKill).toBeLessThan(REPS);

    await startWorker();
    const sent = () => store.models.Delivery.countDocuments({ kind: 'part' });
    await until('every reminder sent', async () => (await sent()) === REPS, 90_000, 250);

    expect(platform.received.size).toBe(REPS);
    expect([...platform.received.values()].every((keys) => keys.size === 1)).toBe(true);
    expect(platform.stats.delivered).toBe(REPS);
    // At most the messages in flight when the worker died were posted again, under the same key (dropped).
    expect(platform.stats.repeats).toBeLessThanOrEqual(CONCURRENCY);

    // The same tick again: nothing new reaches the platform.
    const posts = platform.stats.posts;
    await producer.runNow({ teamId: team, job: 'weekly-report-reminder', at: '2026-10-09T16:05:00+08:00' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(platform.stats.posts).toBe(posts);
    expect(await store.models.Delivery.countDocuments({ kind: 'claim', job: 'weekly-report-reminder' })).toBe(REPS);
    expect((await env.ledger.log()).every((row) => row.status === 'sent')).toBe(true);
  }, 120_000);
});
