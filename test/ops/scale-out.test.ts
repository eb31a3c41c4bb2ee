/**
 * Scale-out with no leader: two `kam start` bot processes and two `kam worker` processes (real child processes)
 * on one database and one Redis. The job schedulers are registered once, the same Slack event delivered to both
 * bot processes is handled once, and a fan-out of a few thousand reminders reaches every rep exactly once,
 * with the work shared between the processes. Slack is a local fake Web API; each process reaches it through
 * its own counting proxy, so the test can tell who sent what.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../jobs/definitions/index.ts';
import { startBullDriver, TICK_QUEUE, type BullDriver } from '../../jobs/drivers/bullmq.ts';
import { desiredTicks } from '../../jobs/schedule/ticks.ts';
import type { JobEnv } from '../../jobs/context.ts';
import { callText } from '../slack/support/blocks-text.ts';
import { BOT_USER_ID, FakeSlack, TEAM_ID } from '../slack/support/fake-slack.ts';
import { FORM, formBody, JSON_TYPE, postSigned, SIGNING_SECRET } from '../slack/support/signed.ts';
import { jobEnv } from '../jobs/support/world.ts';
import { seedCustomer } from '../support/seed.ts';
import { mongoUri, openTestStore, redisUrl, uniqueName } from '../support/store.ts';
import { countingProxy, startKam, type CountingProxy, type KamProcess } from './support/kam-process.ts';

/** Reps in the fan-out: a few thousand, as in a large sales organisation. */
const FANOUT = 2000;
/** Reps who talk to the bot, each with a customer of their own. */
const TALKERS = ['Contoso', 'Fabrikam', 'Northwind', 'Litware', 'Tailspin', 'Wingtip'];

const prefix = uniqueName('kamscale');
let store: Awaited<ReturnType<typeof openTestStore>>;
let env: JobEnv;
let fake: FakeSlack;
let producer: BullDriver | undefined;
const proxies: CountingProxy[] = [];
const bots: KamProcess[] = [];
const workers: KamProcess[] = [];
let chatTeam: string;
let fanoutTeam: string;

const oid = (id: string) => new Types.ObjectId(id);
const dm = (userId: string) => `D${userId.slice(1)}`;

/**
 * The schedules fire every day at their hour (the jobs decide who is due), so the real ones could fire while
 * this test runs and add messages to its exact counts. Every slot is moved twelve hours from now (Shanghai),
 * far from the few minutes the test takes; days and minutes stay as configured.
 */
const farHour = (Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(new Date())) + 12) % 24;
const SCHEDULES: Record<string, [string, string]> = {
  'weekly-report-reminder/first': ['SCHEDULE_WEEKLY_REPORT_REMINDER', `0 ${farHour} * * 5`],
  'weekly-report-reminder/second': ['SCHEDULE_WEEKLY_REPORT_SECOND_REMINDER', `10 ${farHour} * * 1`],
  'callback-nudges': ['SCHEDULE_CALLBACK_NUDGES', `20 ${farHour} * * 1-5`],
  'overdue-alerts': ['SCHEDULE_OVERDUE_ALERTS', `30 ${farHour} * * 1-5`],
  'manager-summary': ['SCHEDULE_MANAGER_SUMMARY', `40 ${farHour} * * 1`],
  'monthly-rollup': ['SCHEDULE_MONTHLY_ROLLUP', `50 ${farHour} 1 * *`],
};

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  env = await jobEnv(store, { platforms: ['slack'] });
  env.schedules = Object.fromEntries(Object.entries(SCHEDULES).map(([key, [, pattern]]) => [key, pattern]));
  fake = await new FakeSlack().start();
  const { Team, User, Identity } = store.models;

  // A small team that talks to the bot: Slack users known to KAM, each owning one customer.
  chatTeam = String((await Team.create({ name: 'Chat-Team', key: `chat-team-${randomUUID()}`, timeZone: 'Asia/Shanghai' }))._id);
  for (const [i, customer] of TALKERS.entries()) {
    const slackId = `UTALK${i}`;
    fake.addUser({ id: slackId, name: `talker${i}`, locale: 'en-US', tz: 'Asia/Shanghai', email: `talker${i}@example.com` });
    const user = await User.create({ name: `talker${i}`, role: 'rep', teamId: oid(chatTeam), email: `talker${i}@example.com`, language: 'en', slackId });
    await Identity.create({ _id: `slack:${slackId}`, platform: 'slack', platformUserId: slackId, userId: user._id });
    await seedCustomer(store, { name: `${customer} Trading Ltd`, aliases: [customer], ownerId: String(user._id), teamId: chatTeam });
  }

  // A large team for the fan-out.
  fanoutTeam = String((await Team.create({ name: 'Fanout-Team', key: `fanout-team-${randomUUID()}`, timeZone: 'Asia/Shanghai' }))._id);
  for (let i = 0; i < FANOUT; i += 500) {
    const users = await User.insertMany(
      Array.from({ length: Math.min(500, FANOUT - i) }, (_, j) => ({ name: `rep-${i + j}`, role: 'rep', teamId: oid(fanoutTeam), email: `rep${i + j}@example.com`, slackId: `UF${i + j}` })),
    );
    await Identity.insertMany(users.map((u, j) => ({ _id: `slack:UF${i + j}`, platform: 'slack', platformUserId: `UF${i + j}`, userId: u._id })));
  }

  const common = {
    MONGODB_URI: mongoUri(),
    MONGODB_DB: store.dbName,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: prefix,
    SLACK_BOT_TOKEN: 'xoxb-scale-out',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    ...Object.fromEntries(Object.values(SCHEDULES)),
  };
  for (let i = 0; i < 4; i++) proxies.push(await countingProxy(fake.base));
  // All four start at once: nobody is told to be the leader.
  const started = await Promise.all([
    startKam('start', { ...common, SLACK_API_URL: `${proxies[0]!.url}/api/` }),
    startKam('start', { ...common, SLACK_API_URL: `${proxies[1]!.url}/api/` }),
    startKam('worker', { ...common, SLACK_API_URL: `${proxies[2]!.url}/api/` }),
    startKam('worker', { ...common, SLACK_API_URL: `${proxies[3]!.url}/api/` }),
  ]);
  bots.push(started[0], started[1]);
  workers.push(started[2], started[3]);
}, 180_000);

afterAll(async () => {
  const codes = await Promise.all([...bots, ...workers].map((p) => p.stop()));
  await producer?.close();
  await Promise.all(proxies.map((p) => p.close()));
  await fake?.close();
  const redis = new Redis(redisUrl());
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await store?.drop();
  // Every process shut down cleanly on SIGTERM.
  expect(codes).toEqual([0, 0, 0, 0]);
}, 120_000);

function slackEvent(event: Record<string, unknown>, eventId: string): string {
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    api_app_id: 'A0KAM',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

function slashCommand(userId: string, text: string, responseUrl: string, triggerId: string): string {
  return formBody({
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    team_domain: 'kam-test',
    channel_id: dm(userId),
    channel_name: 'directmessage',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/visit',
    text,
    api_app_id: 'A0KAM',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  });
}

/** Posts the same signed request to every bot process at once; each must acknowledge it. */
async function toEveryBot(body: string, contentType: string): Promise<void> {
  const answers = await Promise.all(bots.map((b) => postSigned(`${b.base}/slack/events`, body, contentType)));
  expect(answers.map((r) => r.status)).toEqual(bots.map(() => 200));
}

const posts = () => fake.callsOf('chat.postMessage');

async function quiet(read: () => number | Promise<number>, quietMs = 2500, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > end) throw new Error('never settled');
    await new Promise((r) => setTimeout(r, 250));
    const now = await read();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

describe('two bot processes and two workers on one database and one Redis', () => {
  it('registers each job scheduler once, though four processes started and synced', async () => {
    const ticks = await desiredTicks(env, Object.values(DEFINITIONS));
    // Both teams have their schedules (every job slot, in the teams' one zone).
    expect(new Set(ticks.map((t) => t.teamId))).toEqual(new Set([chatTeam, fanoutTeam]));
    const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue(TICK_QUEUE, { connection, prefix });
    try {
      const schedulers = await queue.getJobSchedulers(0, -1);
      expect(schedulers).toHaveLength(ticks.length);
      expect(new Set(schedulers.map((s) => s.key)).size).toBe(ticks.length);
      expect(new Set(schedulers.map((s) => s.key))).toEqual(new Set(ticks.map((t) => t.id)));
      // Each scheduler has one upcoming tick, not one per process.
      expect(await queue.getDelayedCount()).toBe(ticks.length);
    } finally {
      await queue.close();
      await connection.quit();
    }
  });

  it('handles an event delivered to both bot processes once: one record, one answer', async () => {
    const ids = TALKERS.map((_, i) => `UTALK${i}`);
    const urls: string[] = [];
    await Promise.all(
      TALKERS.map(async (customer, i) => {
        const user = ids[i]!;
        const ts = `${1_800_000_000 + i}.000100`;
        const message = { type: 'message', channel: dm(user), user, text: `Visited ${customer} today, talked about the Q1 order`, ts, event_ts: ts, channel_type: 'im', team: TEAM_ID };
        await toEveryBot(slackEvent(message, `EvDM${i}${randomUUID().slice(0, 8)}`), JSON_TYPE);
        const url = fake.responseUrl();
        urls[i] = url;
        await toEveryBot(slashCommand(user, `Called ${customer} today about delivery dates`, url, `${Date.now()}.${randomUUID()}`), FORM);
      }),
    );
    const visits = () => store.models.Visit.countDocuments({ teamId: oid(chatTeam) });
    await quiet(async () => (await visits()) * 1000 + fake.calls.length);

    for (const [i, customer] of TALKERS.entries()) {
      const owner = await store.models.User.findOne({ slackId: ids[i] }).lean();
      // One visit from the DM, one from the slash command — not two of each.
      expect(await store.models.Visit.countDocuments({ ownerId: owner!._id })).toBe(2);
      const dmReplies = posts().filter((c) => c.args['channel'] === dm(ids[i]!));
      expect(dmReplies).toHaveLength(1);
      expect(callText(dmReplies[0]!)).toMatch(new RegExp(`Visit saved[\\s\\S]*${customer} Trading Ltd`));
      const target = urls[i]!.split('/').pop();
      const answers = fake.callsOf('response_url').filter((c) => c.target === target);
      expect(answers).toHaveLength(1);
      expect(callText(answers[0]!)).toMatch(new RegExp(`Visit saved[\\s\\S]*${customer} Trading Ltd`));
    }
    expect(await visits()).toBe(TALKERS.length * 2);
    // The answers came from the bot processes (the workers receive nothing).
    expect(proxies[0]!.count('chat.postMessage') + proxies[1]!.count('chat.postMessage')).toBe(TALKERS.length);
  }, 120_000);

  it('sends a fan-out of a few thousand reminders exactly once, shared by the processes', async () => {
    producer = await startBullDriver(env, { redisUrl: redisUrl(), prefix, definitions: DEFINITIONS, ports: new Map(), schedule: false, work: false });
    const before = posts().length;
    // The same run twice at once (a duplicate schedule, a retried run): two processes plan it side by side.
    // Friday 2026-10-09 at the (moved) first-reminder hour, in the team's zone.
    const hh = String(farHour).padStart(2, '0');
    await producer.runNow({ teamId: fanoutTeam, job: 'weekly-report-reminder', at: `2026-10-09T${hh}:00:00+08:00` });
    await producer.runNow({ teamId: fanoutTeam, job: 'weekly-report-reminder', at: `2026-10-09T${hh}:05:00+08:00` });
    // Parts are the ledger's "the platform took it" marks; only this fan-out writes them.
    const sent = () => store.models.Delivery.countDocuments({ kind: 'part' });
    // Waits while the count moves; gives up only when nothing moved for a minute.
    let last = -1;
    let movedAt = Date.now();
    for (let n = await sent(); n < FANOUT; n = await sent()) {
      if (n !== last) [last, movedAt] = [n, Date.now()];
      if (Date.now() - movedAt > 60_000) throw new Error(`stuck at ${n} of ${FANOUT} sent (${posts().length - before} posts)\n${[...bots, ...workers].map((p) => p.log()).join('\n')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await quiet(() => posts().length);

    const reminders = posts().slice(before);
    expect(reminders).toHaveLength(FANOUT);
    const byChannel = new Map<string, number>();
    for (const c of reminders) byChannel.set(String(c.args['channel']), (byChannel.get(String(c.args['channel'])) ?? 0) + 1);
    expect(byChannel.size).toBe(FANOUT);
    expect([...byChannel.values()].every((n) => n === 1)).toBe(true);
    expect(byChannel.has(dm('UF0'))).toBe(true);
    expect(byChannel.has(dm(`UF${FANOUT - 1}`))).toBe(true);

    const log = await env.ledger.log({ job: 'weekly-report-reminder' });
    expect(log).toHaveLength(FANOUT);
    expect(log.every((row) => row.status === 'sent')).toBe(true);
    expect(new Set(log.map((row) => row.recipientUserId)).size).toBe(FANOUT);

    // The work was shared: every process's sends add up to the fan-out, and both workers did some of it.
    const perProcess = proxies.map((p) => p.count('chat.postMessage'));
    expect(perProcess.reduce((s, n) => s + n, 0)).toBe(before + FANOUT);
    expect(perProcess[2]).toBeGreaterThan(0);
    expect(perProcess[3]).toBeGreaterThan(0);

    // Both runs are done and nothing more reaches Slack.
    await expect.poll(() => producer!.ticks.getCompletedCount(), { timeout: 180_000, interval: 500 }).toBe(2);
    await quiet(() => posts().length);
    expect(posts()).toHaveLength(before + FANOUT);
    expect(await store.models.Delivery.countDocuments({ kind: 'claim', job: 'weekly-report-reminder' })).toBe(FANOUT);
  }, 300_000);
});
