/**
 * The chaos scenarios at CI size (`npm run chaos` runs them bigger and prints the table): real `kam start`
 * processes on the test database and Redis, signed Slack requests, processes killed and stopped mid-burst.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chaosWorld, type ChaosWorld } from './harness.ts';
import { databasePaused, flood, killMidBurst, redisAbsentAtStart, sigtermMidBurst } from './scenarios.ts';
import { openStore } from '../../src/persistence/connection.ts';
import { uniqueName } from '../support/store.ts';
import { mongoUri, openTestStore, redisUrl } from '../support/store.ts';

let world: ChaosWorld | undefined;
afterEach(async () => {
  await world?.close();
  await world?.store.connection.dropDatabase();
  await world?.store.close();
  world = undefined;
});

async function fresh(): Promise<ChaosWorld> {
  const store = await openTestStore(import.meta.filename);
  world = await chaosWorld(store, mongoUri(), redisUrl());
  return world;
}

describe('chaos', () => {
  it('(a) kill -9 mid-burst, then a restart: every acknowledged message saved and answered once', async () => {
    const r = await killMidBurst(await fresh(), 30);
    console.log(JSON.stringify(r));
    expect(r.acknowledged).toBeGreaterThanOrEqual(15);
    expect(r.unanswered).toEqual([]);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
  }, 240_000);

  it('(b) SIGTERM mid-burst with a second process: nothing lost, nothing answered "unavailable"', async () => {
    const r = await sigtermMidBurst(await fresh(), 30);
    console.log(JSON.stringify(r));
    expect(r.acknowledged).toBe(30);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.unavailable).toBe(0);
  }, 240_000);

  it('(c) database paused mid-burst: every user hears something within 10 s, nothing half-written, all saved once after', async () => {
    const r = await databasePaused(async (uri) => {
      const dbName = uniqueName('t_chaos_paused');
      const store = await openStore(uri, dbName);
      const made = await chaosWorld(Object.assign(store, { dbName }), uri, redisUrl());
      const close = made.close;
      made.close = async () => {
        await close();
        await store.close();
      };
      return made;
    }, 12, 12_000);
    console.log(JSON.stringify(r));
    expect(r.acknowledged).toBe(12);
    expect(r.maxFirstAnswerMs).toBeLessThanOrEqual(10_000);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
    expect(r.halfWritten).toBe(0);
  }, 300_000);

  it('(d) Redis absent at start: commands answered at once, the scheduler attaches when Redis comes', async () => {
    const r = await redisAbsentAtStart(await fresh());
    console.log(JSON.stringify(r));
    expect(r.lost).toBe(0);
    expect(r.healthyToAnswerMs).toBeLessThanOrEqual(5_000);
    expect(r.readyAfterRedisMs).toBeLessThan(30_000);
  }, 240_000);

  it('(e) a flood of commands at concurrency 20: all saved and answered once', async () => {
    const r = await flood(await fresh(), 200);
    console.log(JSON.stringify(r));
    expect(r.acknowledged).toBe(200);
    expect(r.lost).toBe(0);
    expect(r.duplicated).toBe(0);
  }, 600_000);
});
