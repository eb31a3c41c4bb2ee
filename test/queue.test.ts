import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisUrl, uniqueName } from './support/store.ts';

const prefix = uniqueName('kamtest');
const connections: Redis[] = [];
const connect = () => {
  const c = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  connections.push(c);
  return c;
};

afterAll(async () => {
  const c = connect();
  const keys = await c.keys(`${prefix}:*`);
  if (keys.length > 0) await c.del(...keys);
  await Promise.all(connections.map((x) => x.quit()));
});

describe('BullMQ on the real Redis', () => {
  it('round-trips a job: enqueue, process, result', async () => {
    const name = 'roundtrip';
    const queue = new Queue(name, { connection: connect(), prefix });
    const events = new QueueEvents(name, { connection: connect(), prefix });
    const worker = new Worker<{ a: number; b: number }, number>(name, async (job) => job.data.a + job.data.b, {
      connection: connect(),
      prefix,
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add('sum', { a: 2, b: 40 });
      expect(await job.waitUntilFinished(events, 10_000)).toBe(42);
      const counts = await queue.getJobCounts('completed', 'failed');
      expect(counts).toEqual({ completed: 1, failed: 0 });
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });

  it('keeps the queue keys under the test file’s own prefix', async () => {
    const keys = await connect().keys(`${prefix}:roundtrip:*`);
    expect(keys.length).toBeGreaterThan(0);
    const foreign = await connect().keys('bull:roundtrip:*');
    expect(foreign).toEqual([]);
  });
});
