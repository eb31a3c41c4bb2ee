/**
 * The chaos world, shared by `npm run chaos` (bench/chaos.ts, full sizes, prints a table) and the CI tests
 * (test/chaos/*.test.ts, smaller sizes, asserts): real `kam start` processes on a real database and Redis, a
 * fake Slack Web API that records every answer, and bursts of signed slash commands and DM events, each
 * carrying a unique token so its record and its answers can be counted.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import type { Store } from '../../src/persistence/connection.ts';
import { startKam, type KamProcess } from '../ops/support/kam-process.ts';
import { BOT_USER_ID, FakeSlack, TEAM_ID } from '../slack/support/fake-slack.ts';
import { FORM, formBody, JSON_TYPE, postSigned, SIGNING_SECRET } from '../slack/support/signed.ts';
import { seedCustomer } from '../support/seed.ts';

export const REPS = 10;
const dm = (userId: string) => `D${userId.slice(1)}`;

export interface ChaosWorld {
  fake: FakeSlack;
  store: Store & { dbName: string };
  env: Record<string, string>;
  start(extra?: Record<string, string>, until?: 'ready' | 'healthy'): Promise<KamProcess>;
  close(): Promise<void>;
}

/** Seeds reps (Slack users with a customer each) and returns the environment of a bot process. */
export async function chaosWorld(store: Store & { dbName: string }, mongoUri: string, redisUrl: string | undefined): Promise<ChaosWorld> {
  const fake = await new FakeSlack().start();
  const { Team, User, Identity } = store.models;
  const team = String((await Team.create({ name: 'Chaos', key: `chaos-${randomUUID()}`, timeZone: 'Asia/Shanghai' }))._id);
  for (let i = 0; i < REPS; i++) {
    const id = `UCHAOS${i}`;
    fake.addUser({ id, name: `chaos${i}`, locale: 'en-US', tz: 'Asia/Shanghai', email: `chaos${i}@example.com` });
    const user = await User.create({ name: `chaos${i}`, role: 'rep', teamId: new Types.ObjectId(team), email: `chaos${i}@example.com`, language: 'en', slackId: id });
    await Identity.create({ _id: `slack:${id}`, platform: 'slack', platformUserId: id, userId: user._id });
    await seedCustomer(store, { name: `Chaoscorp${i} Trading Ltd`, aliases: [`Chaoscorp${i}`], ownerId: String(user._id), teamId: team });
  }
  const env: Record<string, string> = {
    MONGODB_URI: mongoUri,
    MONGODB_DB: store.dbName,
    ...(redisUrl ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `chaos${randomBytes(3).toString('hex')}` } : {}),
    SLACK_BOT_TOKEN: 'xoxb-chaos',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    // Nothing scheduled fires during a run: every job at an hour far from now, on the 1st of February only.
    ...Object.fromEntries(
      ['SCHEDULE_WEEKLY_REPORT_REMINDER', 'SCHEDULE_WEEKLY_REPORT_SECOND_REMINDER', 'SCHEDULE_CALLBACK_NUDGES', 'SCHEDULE_OVERDUE_ALERTS', 'SCHEDULE_MANAGER_SUMMARY', 'SCHEDULE_MONTHLY_ROLLUP'].map(
        (k, i) => [k, `${i} 3 1 2 *`],
      ),
    ),
  };
  const started: KamProcess[] = [];
  return {
    fake,
    store,
    env,
    async start(extra = {}, until = 'ready') {
      const proc = await startKam('start', { ...env, ...extra }, { until });
      started.push(proc);
      return proc;
    },
    async close() {
      await Promise.all(started.map((p) => p.stop(5_000)));
      await fake.close();
    },
  };
}

export interface Sent {
  token: string;
  kind: 'command' | 'event';
  /** response_url id (commands) or DM channel (events): where its answers arrive. */
  target: string;
  sentAt: number;
  /** The HTTP status of the last attempt (0: no answer, e.g. the process was killed). */
  status: number;
  acked: boolean;
  /** When the acknowledgement came, and the text it carried (a slash command's immediate answer). */
  ackAt: number;
  ackText: string;
}

/** One signed request: a slash command /visit or a DM event, each a visit note with a unique token. */
function request(fake: FakeSlack, i: number, commandsOnly: boolean): { sent: Sent; body: string; type: string } {
  const token = `K${randomBytes(4).toString('hex').toUpperCase()}`;
  const rep = i % REPS;
  const user = `UCHAOS${rep}`;
  const note = `Visited Chaoscorp${rep} today, discussed renewal project ${token}, follow up next Wednesday`;
  if (commandsOnly || i % 2 === 0) {
    const url = fake.responseUrl();
    const body = formBody({
      token: 'unused',
      team_id: TEAM_ID,
      team_domain: 'kam-test',
      channel_id: dm(user),
      channel_name: 'directmessage',
      user_id: user,
      user_name: `chaos${rep}`,
      command: '/visit',
      text: note,
      api_app_id: 'A0KAM',
      response_url: url,
      trigger_id: `trig-${token}`,
    });
    return { sent: { token, kind: 'command', target: url.split('/respond/')[1]!, sentAt: 0, status: 0, acked: false, ackAt: 0, ackText: '' }, body, type: FORM };
  }
  const eventId = `Ev${token}`;
  const body = JSON.stringify({
    token: 'unused',
    team_id: TEAM_ID,
    api_app_id: 'A0KAM',
    event: { type: 'message', channel_type: 'im', channel: dm(user), user, text: note, ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}` },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
  });
  return { sent: { token, kind: 'event', target: dm(user), sentAt: 0, status: 0, acked: false, ackAt: 0, ackText: '' }, body, type: JSON_TYPE };
}

export interface BurstOptions {
  count: number;
  concurrency: number;
  /** Where each request goes; a function of the attempt so a test can fail over to another process. */
  target: (attempt: number) => KamProcess | null;
  /** Called after each acknowledged request (e.g. to kill a process mid-burst). */
  onAck?: (acked: number) => void;
  /** Retries on a refused or failed delivery (Slack retries events; a load balancer fails over commands). */
  attempts?: number;
  /** Slash commands only (each has its own response_url, so answer times can be told apart). */
  commandsOnly?: boolean;
}

/** Sends `count` requests, `concurrency` at a time; resolves with what was sent and acknowledged. */
export async function burst(world: ChaosWorld, opts: BurstOptions): Promise<Sent[]> {
  const all: Sent[] = [];
  let next = 0;
  let acked = 0;
  const worker = async () => {
    while (next < opts.count) {
      const i = next++;
      const { sent, body, type } = request(world.fake, i, opts.commandsOnly === true);
      all.push(sent);
      for (let attempt = 0; attempt < (opts.attempts ?? 1) && !sent.acked; attempt++) {
        const proc = opts.target(attempt);
        if (!proc) break;
        sent.sentAt = Date.now();
        sent.status = await postSigned(`${proc.base}/slack/events`, body, type).then(
          async (r) => ((sent.ackText = await r.text()), (sent.ackAt = Date.now()), r.status),
          () => 0,
        );
        sent.acked = sent.status === 200;
      }
      if (sent.acked) opts.onAck?.(++acked);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return all;
}

/** Every answer the fake Slack got (response_url posts and chat.postMessage), as text with its target. */
function answers(fake: FakeSlack): Array<{ target: string; text: string; at: number }> {
  return fake.calls
    .filter((c) => c.method === 'response_url' || c.method === 'chat.postMessage')
    .map((c) => ({ target: c.method === 'response_url' ? String(c.target) : String(c.args['channel']), text: JSON.stringify(c.args), at: c.at ?? 0 }));
}

export interface Tally {
  sent: number;
  acknowledged: number;
  saved: number;
  answered: number;
  lost: number;
  duplicated: number;
  /** Answers that say the service is unavailable (work that could have been handed on). */
  unavailable: number;
  /** Acknowledged messages with no answer at all yet. */
  unanswered: string[];
  /** What was doubled: token, records, cards and where the cards went. */
  doubles: Array<{ token: string; records: number; cards: string[] }>;
}

/** Counts, for the acknowledged messages: saved (a visit with the token), answered (a card with it), lost, twice. */
export async function tally(world: ChaosWorld, sent: Sent[]): Promise<Tally> {
  const acked = sent.filter((s) => s.acked);
  const visits = await world.store.models.Visit.find({}, { summary: 1, rawNote: 1 }).lean<Array<{ summary?: string; rawNote?: string }>>();
  const all = answers(world.fake);
  let saved = 0;
  let answered = 0;
  let lost = 0;
  let duplicated = 0;
  const unanswered: string[] = [];
  const doubles: Tally['doubles'] = [];
  for (const s of acked) {
    const records = visits.filter((v) => `${v.summary ?? ''} ${v.rawNote ?? ''}`.includes(s.token)).length;
    const cards = all.filter((a) => a.text.includes(s.token)).length;
    if (records > 0) saved++;
    if (cards > 0) answered++;
    if (records === 0 || cards === 0) lost++;
    if (records > 1 || cards > 1) {
      duplicated++;
      doubles.push({ token: s.token, records, cards: all.filter((a) => a.text.includes(s.token)).map((a) => `${a.target}@${a.at}`) });
    }
    if (cards === 0) unanswered.push(s.token);
  }
  const unavailable = all.filter((a) => /temporarily unavailable|服务暂时不可用/.test(a.text) && !/is kept|已保存/.test(a.text)).length;
  return { sent: sent.length, acknowledged: acked.length, saved, answered, lost, duplicated, unavailable, unanswered, doubles };
}

/** Waits until every acknowledged message has an answer (or the deadline passes). */
export async function settle(world: ChaosWorld, sent: Sent[], timeoutMs: number): Promise<Tally> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await tally(world, sent);
    if (t.unanswered.length === 0 || Date.now() > deadline) return t;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Per acknowledged slash command: ms from sending to the first thing the user saw (the ack's text or a response). */
export function firstAnswerMs(world: ChaosWorld, sent: Sent[]): number[] {
  const all = answers(world.fake);
  return sent
    .filter((s) => s.acked && s.kind === 'command')
    .map((s) => {
      const posted = all.filter((a) => a.target === s.target).map((a) => a.at);
      const times = [...posted, ...(s.ackText.trim() ? [s.ackAt] : [])];
      return times.length ? Math.min(...times) - s.sentAt : Number.POSITIVE_INFINITY;
    });
}

/** Visits of the acknowledged messages whose follow-up callback is missing (a half-written note). */
export async function halfWritten(world: ChaosWorld, sent: Sent[]): Promise<number> {
  const tokens = new Set(sent.filter((s) => s.acked).map((s) => s.token));
  const visits = await world.store.models.Visit.find({}, { summary: 1, rawNote: 1, callbackId: 1 }).lean<Array<{ summary?: string; rawNote?: string; callbackId?: unknown }>>();
  const mine = visits.filter((v) => [...tokens].some((t) => `${v.summary ?? ''} ${v.rawNote ?? ''}`.includes(t)));
  let broken = 0;
  for (const v of mine) {
    if (!v.callbackId || !(await world.store.models.Callback.exists({ _id: v.callbackId }))) broken++;
  }
  return broken;
}
