/**
 * The chaos scenarios at CI size (`npm run chaos` runs them bigger and prints the table): real `kam start`
 * processes on the test database and Redis, signed Slack requests, processes killed and stopped mid-burst.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chaosWorld, type ChaosWorld } from './harness.ts';
import { killMidBurst, sigtermMidBurst } from './scenarios.ts';
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
});
