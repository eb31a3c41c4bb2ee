/**
 * 10,000 personalized weekly-report reminders through the BullMQ driver to a fake chat platform (local HTTP)
 * that allows `--rate` messages per second and answers 429 with Retry-After past it. Prints the time to plan and
 * enqueue, deliveries per second against the allowed rate (target ≥ 90 %), lost and sent-twice counts.
 *
 *   node --import tsx bench/jobs-delivery.ts [--reminders 10000] [--rate 50] [--concurrency 8] [--server ferretdb-postgresql|…]
 *
 * The default rate is Feishu's per-app limit. Figures, not pass/fail. While it runs, the bench itself only asks
 * Redis and the fake platform how far it got (a count over the ledger would be a collection scan on FerretDB,
 * competing with the senders); the ledger is read once at the end.
 */
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { Redis } from 'ioredis';
import { DEFINITIONS } from '../jobs/definitions/index.ts';
import { startBullDriver } from '../jobs/drivers/bullmq.ts';
import { PLATFORM_LIMITS } from '../jobs/delivery/limits.ts';
import { startFakePlatform } from '../test/jobs/support/fake-platform.ts';
import { HttpChatPort } from '../test/jobs/support/http-port.ts';
import { benchServices } from './_jobs-services.ts';

const { values } = parseArgs({ options: { reminders: { type: 'string', default: '10000' }, rate: { type: 'string', default: '50' }, concurrency: { type: 'string', default: '8' }, server: { type: 'string' } } });
const N = Number(values.reminders);
const RATE = Number(values.rate);
const prefix = `bench${Date.now()}`;

const services = await benchServices('delivery', ['feishu'], values.server);
const { store, env } = services;
const platform = await startFakePlatform({ ratePerSecond: RATE, latencyMs: 5 });
try {
  const team = await store.models.Team.create({ name: 'Bench', key: `bench-${Date.now()}`, timeZone: 'Asia/Shanghai', calendar: 'plain' });
  for (let i = 0; i < N; i += 2000) {
    const users = await store.models.User.insertMany(
      Array.from({ length: Math.min(2000, N - i) }, (_, j) => ({ name: `客户经理${i + j}`, role: 'rep', teamId: team._id, language: (i + j) % 3 ? 'zh-CN' : 'en', email: `rep${i + j}@example.com` })),
    );
    await store.models.Identity.insertMany(users.map((u, j) => ({ _id: `feishu:ou_${i + j}`, platform: 'feishu', platformUserId: `ou_${i + j}`, userId: u._id as Types.ObjectId })));
  }
  const driver = await startBullDriver(env, {
    redisUrl: services.redisUrl,
    prefix,
    definitions: DEFINITIONS,
    ports: new Map([['feishu', new HttpChatPort('feishu', platform.url)]]),
    limits: { ...PLATFORM_LIMITS, feishu: { perApp: { max: RATE, durationMs: 1000 }, perConversationMs: 200 } },
    concurrency: Number(values.concurrency),
    schedule: false,
  });
  const queue = driver.deliveries.get('feishu');
  const t0 = Date.now();
  await driver.runNow({ teamId: String(team._id), job: 'weekly-report-reminder', at: '2026-10-09T16:00:00+08:00' });
  const counts = async () => {
    const c = (await queue?.getJobCounts('waiting', 'active', 'completed', 'delayed', 'prioritized', 'failed')) ?? {};
    return Object.values(c).reduce((s, n) => s + n, 0);
  };
  while ((await counts()) < N) await new Promise((r) => setTimeout(r, 50));
  const enqueuedMs = Date.now() - t0;
  // Done when the platform has every reminder and the queue has finished every job (a job completes only after
  // its part is marked in the ledger).
  const finished = async () => {
    const c = (await queue?.getJobCounts('completed', 'failed')) ?? {};
    return (c['completed'] ?? 0) + (c['failed'] ?? 0);
  };
  while (platform.stats.delivered < N || (await finished()) < N) {
    await new Promise((r) => setTimeout(r, 500));
    if (Date.now() - t0 > (N / RATE) * 3000 + 120_000) break;
  }
  const seconds = (platform.stats.lastAt - platform.stats.firstAt) / 1000;
  const perSecond = (platform.stats.delivered - 1) / seconds;
  const log = (await env.ledger.log()).filter((r) => r.job === 'weekly-report-reminder');
  const byStatus = (s: string) => log.filter((r) => r.status === s).length;
  const keys = new Set(log.map((r) => r.key));
  const deliveredKeys = new Set([...platform.received.values()].flatMap((k) => [...k]));
  // Lost: claimed in the ledger, never accepted by the platform. Twice: a channel that received more than one
  // distinct reminder, or a repeated idempotency key (the platform dropped it, but we did send it again).
  const lost = [...keys].filter((k) => !deliveredKeys.has(k)).length;
  const twice = [...platform.received.values()].filter((k) => k.size > 1).length;
  console.log(`database: ${services.mongoKind}; ${N} reminders, platform limit ${RATE}/s (429 past it), ${values.concurrency} concurrent sends per worker`);
  console.log(`plan + claim + enqueue: ${(enqueuedMs / 1000).toFixed(1)} s (${Math.round(N / (enqueuedMs / 1000))}/s)`);
  console.log(`delivery: ${platform.stats.delivered} in ${seconds.toFixed(1)} s (first to last accepted) = ${perSecond.toFixed(1)}/s = ${((perSecond / RATE) * 100).toFixed(1)} % of the allowed rate`);
  console.log(`lost: ${lost} (claimed ${keys.size}, accepted by the platform ${deliveredKeys.size}); sent twice: ${twice + platform.stats.repeats} (channels with two reminders ${twice}, repeated keys the platform dropped ${platform.stats.repeats}); 429 answers: ${platform.stats.rejected429}`);
  console.log(`ledger: ${byStatus('sent')} sent, ${byStatus('failed')} failed, ${byStatus('pending') + byStatus('sending')} unsent`);
  // The same tick again (a duplicate scheduler, a retried fan-out): every key is claimed and sent already, so
  // the plan finds them in the ledger and nothing reaches the platform.
  const posts = platform.stats.posts;
  const ticksDone = async () => (await driver.ticks.getJobCounts('completed'))['completed'] ?? 0;
  const ticksBefore = await ticksDone();
  const t1 = Date.now();
  await driver.runNow({ teamId: String(team._id), job: 'weekly-report-reminder', at: '2026-10-09T16:05:00+08:00' });
  while ((await ticksDone()) <= ticksBefore && Date.now() - t1 < 600_000) await new Promise((r) => setTimeout(r, 100));
  const replanMs = Date.now() - t1;
  await new Promise((r) => setTimeout(r, 1000));
  console.log(`the same tick again: planned and checked against the ledger in ${(replanMs / 1000).toFixed(1)} s; new posts to the platform: ${platform.stats.posts - posts}`);
  await driver.close();
  const redis = new Redis(services.redisUrl);
  const leftovers = await redis.keys(`${prefix}:*`);
  if (leftovers.length) await redis.del(...leftovers);
  await redis.quit();
} finally {
  await platform.close();
  await services.stop();
}
