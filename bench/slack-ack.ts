/**
 * Acknowledgement latency of `/visit <note>` through the Slack adapter's real HTTP receiver on localhost,
 * next to a bare Bolt app whose command handler only acks, measured in the same run: the two take turns in
 * blocks so both see the same machine. The adapter's work after the ack (profile lookup, saving the visit,
 * answering) runs for real against a FerretDB/MongoDB and a fake Slack Web API, so it competes with the
 * next requests as it would in production.
 *
 * Requests arrive at a fixed rate (open loop: a slow answer does not delay the next request, so slow
 * answers are not hidden). `--rate 0` sends them back to back, which saturates the process with the
 * adapter's own work (a burst far beyond what a sales team sends) and shows how acks fare then;
 * `--rate idle` sends each request when the previous one's work is done, which isolates the ack path.
 *
 *   npx tsx bench/slack-ack.ts [--requests 2000] [--warmup 200] [--block 200] [--rate 20|0|idle]
 *                              [--concurrency <core slots>] [--core thread|inline|noop]
 *
 * `--core thread` (the default) is what `kam start` runs: the core in its worker thread; `inline` runs it
 * on the receiver's own event loop (as the tests and the console do); `noop` answers nothing at once.
 *
 * Prints p50/p99 of both and their ratio; target: p99 ≤ 1.2 × bare and < 50 ms. Figures, not pass/fail.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { RequestListener } from 'node:http';
import { parseArgs } from 'node:util';
import { App, HTTPReceiver } from '@slack/bolt';
import { createSlackAdapter, SLACK_EVENTS_PATH } from '../adapters/slack/index.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createHttpServer, type HttpServer } from '../src/http/server.ts';
import { buildCore } from '../src/main.ts';
import type { MessageHandler } from '../src/core/messages.ts';
import { CoreThread } from '../src/host/core-thread.ts';
import { openStore } from '../src/persistence/connection.ts';
import { provisionMongo } from '../src/services/provision.ts';
import { seedCustomer } from '../test/support/seed.ts';
import { FakeSlack, TEAM_ID } from '../test/slack/support/fake-slack.ts';
import { formBody, SIGNING_SECRET } from '../test/slack/support/signed.ts';
import { LoadClient } from './slack-ack-client.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    block: { type: 'string', default: '200' },
    rate: { type: 'string', default: '20' },
    concurrency: { type: 'string' },
    core: { type: 'string', default: 'thread' },
  },
});
const REQUESTS = Number(values.requests);
const WARMUP = Number(values.warmup);
const BLOCK = Number(values.block);
const IDLE = values.rate === 'idle';
const RATE = IDLE ? 0 : Number(values.rate);
/** `--core noop`: the adapter with a core that answers nothing at once — the ack path alone. */
const NOOP_CORE = values.core === 'noop';
const CORE_MODE = values.core === 'inline' || NOOP_CORE ? values.core : 'thread';
const REP = { id: 'UBENCH1', name: 'bench.rep', locale: 'en-US', tz: 'Asia/Shanghai', email: 'bench@example.com' };

async function mount(listener: RequestListener): Promise<{ url: string; http: HttpServer }> {
  const http = createHttpServer();
  http.mount(SLACK_EVENTS_PATH, listener);
  const port = await http.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`, http };
}

function visitCommand(fake: FakeSlack, n: number): string {
  return formBody({
    token: 'unused',
    team_id: TEAM_ID,
    team_domain: 'kam-bench',
    channel_id: 'DBENCH1',
    channel_name: 'directmessage',
    user_id: REP.id,
    user_name: REP.name,
    command: '/visit',
    text: `Visited Contoso today, discussed order ${n}, follow up next Wednesday`,
    api_app_id: 'A0KAM',
    response_url: fake.responseUrl(),
    trigger_id: `${n}.${randomUUID()}`,
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function main(): Promise<void> {
  const mongo = await provisionMongo({ ephemeral: true, progress: (line) => process.stderr.write(`${line}\n`) });
  const dbName = `bench_slack_${Date.now()}`;
  const store = await openStore(mongo.uri, dbName);
  const fake = await new FakeSlack().start();
  fake.addUser(REP);
  const closers: Array<() => Promise<void>> = [];
  try {
    const defaults = { language: 'en', timeZone: 'Asia/Shanghai' } as const;
    let bot: MessageHandler;
    if (CORE_MODE === 'noop') bot = { handle: async () => [] };
    else if (CORE_MODE === 'inline') bot = (await buildCore({ store, logger: silentLogger, defaults })).bot;
    else {
      const thread = await CoreThread.start({ mongoUri: mongo.uri, dbName, defaults, admins: [], logLevel: 'silent', prettyLogs: false, logger: silentLogger });
      closers.push(() => thread.close());
      bot = thread;
    }
    const adapter = createSlackAdapter({ botToken: 'xoxb-bench', connection: { mode: 'http', signingSecret: SIGNING_SECRET }, apiUrl: fake.apiUrl, bot, logger: silentLogger, coreConcurrency: values.concurrency ? Number(values.concurrency) : undefined });
    await adapter.start();
    const serverMs: number[] = [];
    const inner = adapter.requestListener!;
    const ours = await mount((req, res) => {
      const t0 = performance.now();
      res.on('finish', () => serverMs.push(performance.now() - t0));
      inner(req, res);
    });
    closers.push(() => ours.http.close(), () => adapter.stop());

    const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, endpoints: SLACK_EVENTS_PATH, logLevel: undefined });
    const bareApp = new App({ token: 'xoxb-bench', receiver, clientOptions: { slackApiUrl: fake.apiUrl }, convoStore: false, deferInitialization: true });
    bareApp.command(/.*/, async ({ ack }) => {
      await ack();
    });
    await bareApp.init();
    const bare = await mount(receiver.requestListener);
    closers.push(() => bare.http.close());

    const client = new LoadClient();
    closers.push(async () => void (await client.close()));
    let n = 0;
    const bodies = (count: number) => Array.from({ length: count }, () => visitCommand(fake, n++));
    const block = (url: string, count: number, lockstep: boolean) => client.run({ url, bodies: bodies(count), secret: SIGNING_SECRET, rate: RATE, lockstep }, () => adapter.drain());

    // First contact creates the rep; then a customer for the notes to name.
    await block(ours.url, 1, false);
    await adapter.drain();
    const owner = await store.models.User.findOne({ slackId: REP.id }).lean();
    if (owner) await seedCustomer(store, { name: 'Contoso Trading Ltd', aliases: ['Contoso'], ownerId: String(owner._id) });

    const samples = { ours: [] as number[], bare: [] as number[] };
    await block(bare.url, WARMUP, false);
    await block(ours.url, WARMUP, IDLE);
    await adapter.drain();
    for (let done = 0; done < REQUESTS; done += BLOCK) {
      const size = Math.min(BLOCK, REQUESTS - done);
      samples.bare.push(...(await block(bare.url, size, false)));
      samples.ours.push(...(await block(ours.url, size, IDLE)));
      // The adapter's leftover work is its own cost; it must not land on the next bare block.
      await adapter.drain();
    }
    await adapter.drain();

    const visits = await store.models.Visit.countDocuments();
    const answered = fake.callsOf('response_url').filter((c) => /Visit saved/.test(String(c.args['text']))).length;
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN };
    };
    const o = stats(samples.ours);
    const server = stats(serverMs.slice(-samples.ours.length));
    const b = stats(samples.bare);
    const ratio = o.p99 / b.p99;
    process.stdout.write(
      [
        `Slack ack latency, /visit <note>, ${REQUESTS} requests each after ${WARMUP} warm-up, ${IDLE ? 'one at a time, each after the previous one’s work' : RATE > 0 ? `${RATE} requests/s` : 'back to back'}, taking turns in blocks of ${BLOCK} (MongoDB: ${mongo.kind}, ${os.availableParallelism()} CPUs, load ${os.loadavg()[0]?.toFixed(1)})`,
        `  ${'bare Bolt (empty handler):'.padEnd(32)} p50 ${fmt(b.p50)}  p99 ${fmt(b.p99)}  max ${fmt(b.max)}`,
        `  ${`KAM Bot adapter (${CORE_MODE === 'noop' ? 'no-op core' : CORE_MODE === 'inline' ? 'core inline' : 'core thread'}):`.padEnd(32)} p50 ${fmt(o.p50)}  p99 ${fmt(o.p99)}  max ${fmt(o.max)}`,
        `  ${'  inside its receiver:'.padEnd(32)} p50 ${fmt(server.p50)}  p99 ${fmt(server.p99)}  (request in → ack written)`,
        `  p99 ratio ${ratio.toFixed(2)} (target ≤ 1.20) · p99 ${o.p99 < 50 ? '<' : '≥'} 50 ms · visits saved after the acks: ${visits}, "Visit saved" answers: ${answered}`,
        '',
      ].join('\n'),
    );
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await fake.close();
    await store.connection.dropDatabase().catch(() => undefined);
    await store.close();
    await mongo.stop();
  }
}

await main();
