/**
 * Sizing: what one `kam start` bot process and one `kam worker` process handle, then two of each, as real child
 * processes on one database and one Redis (MONGODB_URI / REDIS_URL when set, else an ephemeral FerretDB and a
 * private redis-server). Slack is a local fake Web API that never limits.
 *
 * - Bots: reps send signed `/visit <note>` slash commands to the real HTTP receiver, `--concurrency` reps per
 *   bot process, each sending its next command when the previous one was answered (closed loop). Prints the
 *   commands handled per second (answered through response_url), the ack and answer latencies (p50/p99).
 * - Workers: a weekly-report reminder for `--deliveries` reps, fired through the queue, sent by one worker,
 *   then by two. Prints the deliveries per second, from the tick to the last message and from the first
 *   message to the last.
 *
 *   npm run bench ops-sizing                 (the defaults below)
 *   npx tsx bench/ops-sizing.ts [--commands 400] [--concurrency 8] [--deliveries 2000]
 *
 * Figures, not pass/fail.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { silentLogger } from '../src/core/logger.ts';
import { openStore, type Store } from '../src/persistence/connection.ts';
import { benchProvision } from './_jobs-services.ts';
import { DEFINITIONS } from '../jobs/definitions/index.ts';
import { startBullDriver } from '../jobs/drivers/bullmq.ts';
import { createJobEnv } from '../jobs/scheduler.ts';
import { seedCustomer } from '../test/support/seed.ts';
import { FakeSlack, TEAM_ID } from '../test/slack/support/fake-slack.ts';
import { FORM, formBody, postSigned, SIGNING_SECRET } from '../test/slack/support/signed.ts';
import { startKam, type KamProcess } from '../test/ops/support/kam-process.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    commands: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '8' },
    deliveries: { type: 'string', default: '2000' },
  },
});
const COMMANDS = Number(values.commands);
const CONCURRENCY = Number(values.concurrency);
const DELIVERIES = Number(values.deliveries);
const CUSTOMERS = ['Contoso', 'Fabrikam', 'Northwind', 'Litware', 'Tailspin', 'Wingtip', 'Proseware', 'Adatum', 'Humongous', 'Lucerne', 'Relecloud', 'Woodgrove', 'Alpine', 'Coho', 'Wideworld', 'Fourth Coffee'];

/** CPU time (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}
const cpuOf = (ps: KamProcess[]) => ps.reduce((s, p) => s + cpuMs(p.child.pid), 0);

/** The pid of the database server when it is a local FerretDB (found by its listening address), else undefined. */
function databasePid(uri: string): number | undefined {
  const port = /:(\d+)\/?/.exec(uri.replace(/^mongodb:\/\//, ''))?.[1];
  if (!port) return undefined;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd[0]?.endsWith('ferretdb') && cmd.includes(`--listen-addr=127.0.0.1:${port}`)) return Number(entry);
    }
  } catch {
    // not Linux
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const ms = (v: number) => `${Math.round(v)} ms`;

const { mongo, redis } = await benchProvision();
const dbName = `bench_ops_${Date.now()}`;
const prefix = `benchops${Date.now()}`;
const dbPid = databasePid(mongo.uri);
const dbCpu = () => cpuMs(dbPid);
const fake = await new FakeSlack().start();
const kamEnv = {
  MONGODB_URI: mongo.uri,
  MONGODB_DB: dbName,
  REDIS_URL: redis.url,
  QUEUE_PREFIX: prefix,
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
  LOG_LEVEL: 'error',
};
const running: KamProcess[] = [];

// Answers to commands come through response_url: this server notes when each one arrives.
const answered = new Map<string, () => void>();
const answers = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    answered.get(req.url ?? '')?.();
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((r) => answers.listen(0, '127.0.0.1', r));
const answersBase = `http://127.0.0.1:${(answers.address() as AddressInfo).port}`;

async function seedTalkers(store: Store, count: number): Promise<Array<{ id: string; customer: string }>> {
  const team = await store.models.Team.create({ name: 'Talkers', key: `talkers-${randomUUID()}`, timeZone: 'Asia/Shanghai', calendar: 'plain' });
  const talkers: Array<{ id: string; customer: string }> = [];
  for (let i = 0; i < count; i++) {
    const id = `UBENCH${i}`;
    fake.addUser({ id, name: `rep${i}`, locale: 'en-US', tz: 'Asia/Shanghai', email: `rep${i}@example.com` });
    const user = await store.models.User.create({ name: `rep${i}`, role: 'rep', teamId: team._id, email: `rep${i}@example.com`, language: 'en', slackId: id });
    await store.models.Identity.create({ _id: `slack:${id}`, platform: 'slack', platformUserId: id, userId: user._id });
    const customer = CUSTOMERS[i]!;
    await seedCustomer(store, { name: `${customer} Trading Ltd`, aliases: [customer], ownerId: String(user._id), teamId: String(team._id) });
    talkers.push({ id, customer });
  }
  return talkers;
}

/** One rep's command, timed from sending to its answer arriving. */
async function command(bot: KamProcess, talker: { id: string; customer: string }, n: number): Promise<{ ack: number; answer: number }> {
  const path = `/r/${randomUUID()}`;
  const done = new Promise<void>((resolve) => answered.set(path, resolve));
  const body = formBody({
    token: 'unused',
    team_id: TEAM_ID,
    team_domain: 'kam-bench',
    channel_id: `D${talker.id.slice(1)}`,
    channel_name: 'directmessage',
    user_id: talker.id,
    user_name: talker.id.toLowerCase(),
    command: '/visit',
    text: `Visited ${talker.customer} today, discussed order ${n}, follow up next Wednesday`,
    api_app_id: 'A0KAM',
    response_url: `${answersBase}${path}`,
    trigger_id: `${n}.${randomUUID()}`,
  });
  const t0 = performance.now();
  const res = await postSigned(`${bot.base}/slack/events`, body, FORM);
  await res.arrayBuffer();
  const ack = performance.now() - t0;
  if (res.status !== 200) throw new Error(`the receiver answered ${res.status}`);
  await done;
  answered.delete(path);
  return { ack, answer: performance.now() - t0 };
}

/** `CONCURRENCY` reps per bot process, closed loop, `COMMANDS` per bot process in all. */
async function loadBots(bots: KamProcess[], talkers: Array<{ id: string; customer: string }>, total: number) {
  let next = 0;
  const samples: Array<{ ack: number; answer: number }> = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY * bots.length }, async (_, lane) => {
      const bot = bots[lane % bots.length]!;
      const talker = talkers[lane % talkers.length]!;
      while (next < total) samples.push(await command(bot, talker, next++));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: samples.length / seconds, ack: samples.map((s) => s.ack), answer: samples.map((s) => s.answer) };
}

/** A fan-out on a database and queues of its own, so one worker and two start from the same state. */
async function fanOut(workers: number, reps: number) {
  const db = `${dbName}_w${workers}`;
  const queues = `${prefix}w${workers}`;
  const own = await openStore(mongo.uri, db);
  const ownEnv = await createJobEnv({ models: own.models, language: 'en', timeZone: 'Asia/Shanghai', calendar: 'plain', platforms: ['slack'], logger: silentLogger });
  const team = await own.models.Team.create({ name: `Fanout-${workers}`, key: `fanout-${randomUUID()}`, timeZone: 'Asia/Shanghai', calendar: 'plain' });
  for (let i = 0; i < reps; i += 1000) {
    const users = await own.models.User.insertMany(
      Array.from({ length: Math.min(1000, reps - i) }, (_, j) => ({ name: `w${workers}-rep-${i + j}`, role: 'rep', teamId: team._id, email: `w${workers}-${i + j}@example.com`, slackId: `UW${workers}X${i + j}` })),
    );
    await own.models.Identity.insertMany(users.map((u, j) => ({ _id: `slack:UW${workers}X${i + j}`, platform: 'slack', platformUserId: `UW${workers}X${i + j}`, userId: u._id as Types.ObjectId })));
  }
  const started = performance.now();
  const procs = await Promise.all(Array.from({ length: workers }, () => startKam('worker', { ...kamEnv, MONGODB_DB: db, QUEUE_PREFIX: queues })));
  const readyMs = performance.now() - started;
  running.push(...procs);
  const producer = await startBullDriver(ownEnv, { redisUrl: redis!.url, prefix: queues, definitions: DEFINITIONS, ports: new Map(), schedule: false, work: false });
  try {
    const posts = () => fake.callsOf('chat.postMessage').length;
    const before = posts();
    const [cpu0, db0] = [cpuOf(procs), dbCpu()];
    const t0 = performance.now();
    await producer.runNow({ teamId: String(team._id), job: 'weekly-report-reminder', at: '2026-10-09T16:00:00+08:00' });
    let first = 0;
    let lastCount = before;
    let movedAt = performance.now();
    while (posts() - before < reps) {
      await sleep(50);
      const n = posts();
      if (!first && n > before) first = performance.now();
      if (n !== lastCount) [lastCount, movedAt] = [n, performance.now()];
      if (performance.now() - movedAt > 120_000) throw new Error(`stuck at ${n - before} of ${reps}`);
    }
    const end = performance.now();
    const cpuPer = (cpuOf(procs) - cpu0) / reps;
    const dbPer = (dbCpu() - db0) / reps;
    return { cpuPer, dbPer, readyMs, sent: posts() - before, total: reps / ((end - t0) / 1000), steady: (reps - 1) / ((end - first) / 1000), planMs: first - t0 };
  } finally {
    await producer.close();
    await Promise.all(procs.map((p) => p.stop()));
    running.splice(0, running.length);
    await own.connection.dropDatabase().catch(() => undefined);
    await own.close();
  }
}

const rows: string[] = [];
try {
  console.log(`machine: ${os.cpus().length} vCPU, ${os.cpus()[0]?.model ?? '?'}; database: ${mongo.kind}; Redis: ${redis.kind}`);
  for (const count of [1, 2]) {
    // Each configuration on a database of its own, so one process and two start from the same state.
    const db = `${dbName}_b${count}`;
    const store = await openStore(mongo.uri, db);
    try {
      // One rep per lane (up to the customer names at hand; beyond that, lanes share reps).
      const talkers = await seedTalkers(store, Math.min(CONCURRENCY * 2, CUSTOMERS.length));
      const bots = await Promise.all(Array.from({ length: count }, () => startKam('start', { ...kamEnv, MONGODB_DB: db })));
      running.push(...bots);
      // Warm-up: caches, JIT.
      await loadBots(bots, talkers, CONCURRENCY * count * 2);
      const [cpu0, db0] = [cpuOf(bots), dbCpu()];
      const r = await loadBots(bots, talkers, COMMANDS * count);
      const cpuPer = (cpuOf(bots) - cpu0) / (COMMANDS * count);
      const dbPer = (dbCpu() - db0) / (COMMANDS * count);
      // Every command was a visit note for the rep's own customer: each one saved a visit.
      const visits = await store.models.Visit.countDocuments();
      const line = `${count} bot process${count > 1 ? 'es' : ''}: ${r.perSecond.toFixed(1)} commands/s handled (${CONCURRENCY * count} reps typing back to back, ${visits} of ${CONCURRENCY * count * 2 + COMMANDS * count} saved); ack p50 ${ms(percentile(r.ack, 50))} p99 ${ms(percentile(r.ack, 99))}; answer p50 ${ms(percentile(r.answer, 50))} p99 ${ms(percentile(r.answer, 99))}; CPU per command: bot ${cpuPer.toFixed(1)} ms, database ${dbPer.toFixed(1)} ms`;
      console.log(line);
      rows.push(line);
      await Promise.all(bots.map((b) => b.stop()));
      running.splice(0, running.length);
    } finally {
      await store.connection.dropDatabase().catch(() => undefined);
      await store.close();
    }
  }

  for (const count of [1, 2]) {
    const r = await fanOut(count, DELIVERIES);
    const line = `${count} worker process${count > 1 ? 'es' : ''}: ${r.sent} reminders, ${r.total.toFixed(1)} deliveries/s from the tick (planning ${ms(r.planMs)}), ${r.steady.toFixed(1)}/s once sending; ready ${ms(r.readyMs)} after start; CPU per delivery: worker ${r.cpuPer.toFixed(1)} ms, database ${r.dbPer.toFixed(1)} ms`;
    console.log(line);
    rows.push(line);
  }
  console.log(`\nsummary (${os.cpus().length} vCPU, ${mongo.kind}):\n${rows.map((r) => `  ${r}`).join('\n')}`);
} finally {
  await Promise.all(running.map((p) => p.stop()));
  answers.close();
  await fake.close();
  const r = new Redis(redis.url);
  const keys = await r.keys(`${prefix}*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
  await Promise.allSettled([redis.stop(), mongo.stop()]);
}
