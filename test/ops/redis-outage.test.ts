/**
 * Redis goes away under a running `kam start` and `kam worker` and comes back on the same port: /readyz turns
 * 503 naming redis within seconds and 200 again after it returns. Commands need only the database, so a rep
 * who types meanwhile is answered as usual and the record is saved once; scheduled work resumes afterwards
 * (the queues reconnect on their own). Redis is a private redis-server this test starts, stops and restarts
 * (with its append-only file, as a production Redis keeps its data); Slack is a local fake Web API.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../jobs/definitions/index.ts';
import { startBullDriver, TICK_QUEUE } from '../../jobs/drivers/bullmq.ts';
import { desiredTicks } from '../../jobs/schedule/ticks.ts';
import { freePort, pingRedis } from '../../src/services/ports.ts';
import { findExecutable, spawnService, type ServiceProcess } from '../../src/services/processes.ts';
import { callText } from '../slack/support/blocks-text.ts';
import { FakeSlack, TEAM_ID } from '../slack/support/fake-slack.ts';
import { FORM, formBody, postSigned, SIGNING_SECRET } from '../slack/support/signed.ts';
import { jobEnv } from '../jobs/support/world.ts';
import { seedCustomer } from '../support/seed.ts';
import { mongoUri, openTestStore, uniqueName } from '../support/store.ts';
import { startKam, type KamProcess } from './support/kam-process.ts';

const binary = findExecutable('redis-server');
const prefix = uniqueName('kamredis');
const rep = { id: 'UREDIS1', name: 'mei', locale: 'en-US', tz: 'Asia/Shanghai', email: 'mei@example.com' };
let store: Awaited<ReturnType<typeof openTestStore>>;
let fake: FakeSlack;
let dir: string;
let port: number;
let redis: ServiceProcess | null = null;
let redisUrl: string;
let bot: KamProcess | undefined;
let worker: KamProcess | undefined;
let teamId: string;
let customerId: string;

async function startRedis(): Promise<void> {
  const service = spawnService(binary!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning']);
  const end = Date.now() + 20_000;
  while (!(await pingRedis(redisUrl, 500))) {
    if (service.hasExited() || Date.now() > end) throw new Error(`redis-server did not start on ${port}: ${service.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  redis = service;
}

beforeAll(async () => {
  if (!binary) return;
  store = await openTestStore(import.meta.filename);
  fake = await new FakeSlack().start();
  fake.addUser(rep);
  dir = mkdtempSync(path.join(os.tmpdir(), 'kam-redis-outage-'));
  port = await freePort();
  redisUrl = `redis://127.0.0.1:${port}`;
  await startRedis();

  teamId = String((await store.models.Team.create({ name: 'Outage-Team', key: `outage-${randomUUID()}`, timeZone: 'Asia/Shanghai' }))._id);
  const user = await store.models.User.create({ name: rep.name, role: 'rep', teamId: new Types.ObjectId(teamId), email: rep.email, language: 'en', slackId: rep.id });
  await store.models.Identity.create({ _id: `slack:${rep.id}`, platform: 'slack', platformUserId: rep.id, userId: user._id });
  customerId = await seedCustomer(store, { name: 'Contoso Trading Ltd', aliases: ['Contoso'], ownerId: String(user._id), teamId });

  const env = {
    MONGODB_URI: mongoUri(),
    MONGODB_DB: store.dbName,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: 'xoxb-redis-outage',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
  };
  [bot, worker] = await Promise.all([startKam('start', env), startKam('worker', env)]);
}, 180_000);

afterAll(async () => {
  const codes = await Promise.all([bot, worker].map((p) => p?.stop()));
  await redis?.stop();
  await fake?.close();
  await store?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  expect(codes.filter((c) => c !== undefined && c !== 0)).toEqual([]);
}, 60_000);

const redisCheck = async (p: KamProcess) => (await p.readyz()).body.checks?.find((c) => c.name === 'redis');

function visitCommand(text: string): { body: string; responseUrl: string } {
  const responseUrl = fake.responseUrl();
  const body = formBody({
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    team_domain: 'kam-test',
    channel_id: `D${rep.id.slice(1)}`,
    channel_name: 'directmessage',
    user_id: rep.id,
    user_name: rep.name,
    command: '/visit',
    text,
    api_app_id: 'A0KAM',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `${Date.now()}.${randomUUID()}`,
  });
  return { body, responseUrl };
}

const answersTo = (responseUrl: string) => fake.callsOf('response_url').filter((c) => c.target === responseUrl.split('/').pop());

describe.skipIf(!binary)('a Redis outage under kam start and kam worker', () => {
  it('turns readiness 503 naming redis and back; commands typed meanwhile are answered and saved once; jobs resume', async () => {
    for (const p of [bot!, worker!]) expect((await p.readyz()).status).toBe(200);

    await redis!.stop();
    redis = null;
    // Within seconds both processes say they are not ready, and say why.
    for (const p of [bot!, worker!]) {
      await expect.poll(async () => (await p.readyz()).status, { timeout: 10_000, interval: 200 }).toBe(503);
      const check = await redisCheck(p);
      expect(check?.ok).toBe(false);
      expect(check?.reason).toBeTruthy();
      expect((await p.readyz()).body.checks?.find((c) => c.name === 'mongodb')?.ok).toBe(true);
      // The process itself is alive (no restart loop from the orchestrator's liveness probe).
      expect((await fetch(`${p.base}/healthz`)).status).toBe(200);
    }

    // A rep types a visit meanwhile: commands need only the database, so it is saved once and answered as usual.
    const during = visitCommand('Visited Contoso today, discussed the renewal');
    expect((await postSigned(`${bot!.base}/slack/events`, during.body, FORM)).status).toBe(200);
    await expect.poll(() => answersTo(during.responseUrl).length, { timeout: 20_000, interval: 200 }).toBe(1);
    expect(callText(answersTo(during.responseUrl)[0]!)).toMatch(/Visit saved[\s\S]*Contoso Trading Ltd/);
    expect(await store.models.Visit.countDocuments({ customerId: new Types.ObjectId(customerId) })).toBe(1);
    // Still not ready while Redis is away.
    expect((await bot!.readyz()).status).toBe(503);

    await startRedis();
    for (const p of [bot!, worker!]) {
      await expect.poll(async () => (await p.readyz()).status, { timeout: 20_000, interval: 250 }).toBe(200);
      expect((await redisCheck(p))?.ok).toBe(true);
    }

    // Redis kept its data: the schedulers are still registered, once each.
    const env = await jobEnv(store, { platforms: ['slack'] });
    const ticks = await desiredTicks(env, Object.values(DEFINITIONS));
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(TICK_QUEUE, { connection, prefix });
    try {
      expect((await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort()).toEqual(ticks.map((t) => t.id).sort());
    } finally {
      await queue.close();
      await connection.quit();
    }

    // The queues reconnected on their own: a reminder run now reaches the rep, once.
    const producer = await startBullDriver(env, { redisUrl, prefix, definitions: DEFINITIONS, ports: new Map(), schedule: false, work: false });
    try {
      const before = fake.callsOf('chat.postMessage').length;
      await producer.runNow({ teamId, job: 'weekly-report-reminder', at: '2026-10-09T16:00:00+08:00' });
      await expect.poll(() => store.models.Delivery.countDocuments({ kind: 'part' }), { timeout: 60_000, interval: 250 }).toBe(1);
      const reminders = fake.callsOf('chat.postMessage').slice(before);
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.args['channel']).toBe(`D${rep.id.slice(1)}`);
    } finally {
      await producer.close();
    }

    // And a command after the outage works as before.
    const after = visitCommand('Called Contoso today about delivery dates');
    expect((await postSigned(`${bot!.base}/slack/events`, after.body, FORM)).status).toBe(200);
    await expect.poll(() => answersTo(after.responseUrl).length, { timeout: 20_000, interval: 200 }).toBe(1);
    expect(await store.models.Visit.countDocuments({ customerId: new Types.ObjectId(customerId) })).toBe(2);
  }, 180_000);

  it('registers the schedulers again within seconds when Redis comes back empty (restarted without its data)', async () => {
    const env = await jobEnv(store, { platforms: ['slack'] });
    const wanted = (await desiredTicks(env, Object.values(DEFINITIONS))).map((t) => t.id).sort();
    expect(wanted.length).toBeGreaterThan(0);
    await redis!.stop();
    redis = null;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await startRedis();

    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(TICK_QUEUE, { connection, prefix });
    try {
      // Nothing survived the restart but what the processes put back; the periodic sync is 10 minutes away.
      await expect.poll(async () => (await queue.getJobSchedulers(0, -1)).map((s) => s.key).sort(), { timeout: 30_000, interval: 250 }).toEqual(wanted);
    } finally {
      await queue.close();
      await connection.quit();
    }
    for (const p of [bot!, worker!]) await expect.poll(async () => (await p.readyz()).status, { timeout: 20_000, interval: 250 }).toBe(200);
  }, 120_000);
});
