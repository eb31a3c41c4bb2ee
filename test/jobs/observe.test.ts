/**
 * Every send attempt of a scheduled delivery is reported (metrics, one log line each): job, platform,
 * recipient, result and duration — a rate limit as its own result, a repeat as already sent — and never the
 * text of the message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryEvent, JobEnv } from '../../jobs/context.ts';
import type { ConversationRef, Reply, SendOptions, SentMessage } from '../../src/core/messages.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { openTestStore } from '../support/store.ts';
import { RecordingPort } from './support/ports.ts';
import { jobEnv, runJob, world } from './support/world.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let env: JobEnv;
const events: DeliveryEvent[] = [];
const metrics = createMetrics({ defaultMetrics: false });

/** Answers the first message to `slowChannel` with HTTP 429 / Retry-After: 0, like a platform under load. */
class OnceLimitedPort extends RecordingPort {
  limited = false;
  constructor(private readonly slowChannel: string) {
    super('console');
  }
  override async send(to: ConversationRef, reply: Reply, options?: SendOptions): Promise<SentMessage> {
    if (to.channelId === this.slowChannel && !this.limited) {
      this.limited = true;
      throw Object.assign(new Error('too many requests'), { status: 429, headers: { 'retry-after': '0' } });
    }
    return super.send(to, reply, options);
  }
}

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  env = { ...(await jobEnv(store)), observeDelivery: (e) => (events.push(e), metrics.observeDelivery(e)) };
});
afterAll(async () => store?.drop());

describe('delivery observation', () => {
  it('reports each attempt with job, platform, recipient and result, and feeds the delivery metrics', async () => {
    const w = world(store);
    const team = await w.team('Observed');
    const a = await w.person(team, { name: '赵一' });
    const b = await w.person(team, { name: '钱二' });
    const port = new OnceLimitedPort(a.channel);

    await runJob(env, 'weekly-report-reminder', team, '2026-10-09T16:00:00+08:00', { port });
    expect(port.sent.map((s) => s.to.channelId).sort()).toEqual([a.channel, b.channel].sort());
    const mine = (id: string) => events.filter((e) => e.recipient === id).map((e) => e.result);
    expect(mine(a.id)).toEqual(['rate-limited', 'sent']);
    expect(mine(b.id)).toEqual(['sent']);
    for (const e of events) {
      expect(e).toMatchObject({ job: 'weekly-report-reminder', platform: 'console' });
      expect(e.key.startsWith(`weekly-report-reminder:${e.recipient}:`)).toBe(true);
      expect(e.ms).toBeGreaterThanOrEqual(0);
      expect(Object.keys(e).sort()).toEqual(['job', 'key', 'ms', 'platform', 'recipient', 'result']);
      expect(JSON.stringify(e)).not.toContain('周报');
    }

    const text = await metrics.registry.metrics();
    expect(text).toContain('kam_deliveries_total{job="weekly-report-reminder",platform="console",result="sent"} 2');
    expect(text).toContain('kam_deliveries_total{job="weekly-report-reminder",platform="console",result="rate-limited"} 1');
    expect(text).toContain('kam_rate_limit_waits_total{platform="console"} 1');
  });
});

describe('queue depth', () => {
  it('is read from the scheduler at each scrape, and shows nothing while the queue cannot be read', async () => {
    let rows = [{ queue: 'kam-deliveries-slack', state: 'waiting', count: 7 }];
    let broken = false;
    metrics.setQueueDepthSource(async () => {
      if (broken) throw new Error('Redis is away');
      return rows;
    });
    expect(await metrics.registry.metrics()).toContain('kam_queue_depth{queue="kam-deliveries-slack",state="waiting"} 7');
    rows = [{ queue: 'kam-deliveries-slack', state: 'waiting', count: 0 }];
    expect(await metrics.registry.metrics()).toContain('kam_queue_depth{queue="kam-deliveries-slack",state="waiting"} 0');
    broken = true;
    expect(await metrics.registry.metrics()).not.toContain('kam_queue_depth{');
  });
});
