import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { canConnect, pingMongo } from '../src/services/ports.ts';
import { ProvisioningError, provisionMongo, provisionRedis } from '../src/services/provision.ts';

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kam-provision-test-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
});

function portOf(uri: string): number {
  return Number(new URL(uri).port);
}

async function roundTrip(uri: string): Promise<void> {
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  const db = conn.useDb(`provision_test_${process.pid}_${Date.now()}`);
  try {
    await db.collection('things').insertOne({ name: 'Acme', tier: 1 });
    const found = await db.collection('things').findOne({ name: 'Acme' });
    expect(found).toMatchObject({ name: 'Acme', tier: 1 });
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}

describe('shared servers from the global setup', () => {
  it('MongoDB-compatible server answers ping and round-trips a document in a fresh db', async () => {
    const uri = inject('mongoUri');
    expect(await pingMongo(uri)).toBe(true);
    await roundTrip(uri);
  });

  it('Redis answers PING', async () => {
    const redis = new Redis(inject('redisUrl'), { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });
});

describe('provisionMongo', () => {
  it('uses MONGODB_URI as is', async () => {
    const mongo = await provisionMongo({ mongodbUri: 'mongodb://db.example:27017/kam' });
    expect(mongo).toMatchObject({ uri: 'mongodb://db.example:27017/kam', kind: 'external' });
    await mongo.stop();
  });

  it('starts its own FerretDB (SQLite) without a database name in the URI, and stop() ends it', async () => {
    const mongo = await provisionMongo({ ephemeral: true, mongoStrategies: ['ferretdb-sqlite'] });
    expect(mongo.kind).toBe('ferretdb-sqlite');
    expect(mongo.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    await roundTrip(mongo.uri);
    await mongo.stop();
    expect(await canConnect(portOf(mongo.uri))).toBe(false);
  }, 180_000); // builds FerretDB if the global setup did not (MONGODB_URI set)

  it('can use FerretDB on PostgreSQL (when PostgreSQL runs on 127.0.0.1:5432)', async (ctx) => {
    if (!(await canConnect(5432))) ctx.skip();
    const mongo = await provisionMongo({ ephemeral: true, mongoStrategies: ['ferretdb-postgresql'] });
    expect(mongo.kind).toBe('ferretdb-postgresql');
    await roundTrip(mongo.uri);
    await mongo.stop();
  }, 180_000);

  it('throws a ProvisioningError saying what to set when nothing can work', async () => {
    const attempt = provisionMongo({
      ephemeral: true,
      searchPath: '', // no mongod, ferretdb, go or psql
      cacheDir: await tempDir(), // no cached FerretDB build
      mongoStrategies: ['mongod', 'ferretdb-sqlite', 'ferretdb-postgresql'],
    });
    await expect(attempt).rejects.toBeInstanceOf(ProvisioningError);
    const err = (await attempt.catch((e: unknown) => e)) as ProvisioningError;
    expect(err.message).toMatch(/No MongoDB-compatible server could be started/);
    expect(err.message).toMatch(/mongod: mongod not found on PATH/);
    expect(err.hint).toMatch(/MONGODB_URI=/);
    expect(err.hint).toMatch(/Go 1\.24\+/);
  });
});

describe('provisionRedis', () => {
  it('uses REDIS_URL as is', async () => {
    const redis = await provisionRedis({ redisUrl: 'redis://cache.example:6379' }, { startLocal: true });
    expect(redis).toMatchObject({ url: 'redis://cache.example:6379', kind: 'external' });
  });

  it('returns null when no Redis is configured and none is to be started', async () => {
    expect(await provisionRedis({}, { startLocal: false })).toBeNull();
  });

  it('returns null when redis-server cannot be found', async () => {
    expect(await provisionRedis({ searchPath: '' }, { startLocal: true })).toBeNull();
  });

  it('starts a private redis-server and stop() ends it', async () => {
    const redis = await provisionRedis({}, { startLocal: true });
    expect(redis?.kind).toBe('local-redis-server');
    const port = portOf(redis!.url);
    expect(await canConnect(port)).toBe(true);
    await redis!.stop();
    expect(await canConnect(port)).toBe(false);
  });
});
