/**
 * The first sender of a delivery sends what its queue job carries without reading the ledger; every later sender
 * (a retry, a recovered job, another process) reads the claim and its marks and resumes after the last accepted
 * part. Each ledger instance here stands for one process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.ts';
import { carriedEntry, mongoDeliveries, type NewDelivery } from '../../src/persistence/deliveries.ts';
import { memoryPacer } from '../../jobs/delivery/pacer.ts';
import { PLATFORM_LIMITS } from '../../jobs/delivery/limits.ts';
import { partKey, sendDelivery, type SendDeps } from '../../jobs/delivery/send.ts';
import { openTestStore } from '../support/store.ts';
import { RecordingPort } from './support/ports.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let n = 0;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});

afterAll(async () => {
  await store?.drop();
});

function entry(replies: Reply[]): NewDelivery {
  const key = `weekly-report-reminder:u${++n}:2026-W41:first`;
  return { key, job: 'weekly-report-reminder', recipient: `u${n}`, period: '2026-W41', step: 'first', ref: { platform: 'console', channelId: `c${n}`, direct: true }, replies, text: 'x', language: 'en', planFor: new Date() };
}

const text = (t: string): Reply => ({ kind: 'text', text: t });

function deps(port: RecordingPort): SendDeps {
  return { ledger: mongoDeliveries(store.models), ports: new Map([['console', port]]), pacer: memoryPacer(PLATFORM_LIMITS), leaseMs: 10 };
}

describe('the delivery ledger with carried entries', () => {
  it('records the start before sending, then the carried entry goes out once', async () => {
    const e = entry([text('hello')]);
    const ledger = mongoDeliveries(store.models);
    expect(await ledger.claim([e], new Date())).toEqual([e.key]);
    const port = new RecordingPort();
    const sendingPort = new RecordingPort();
    // The start mark is in the ledger by the time the platform is asked.
    const starts: number[] = [];
    sendingPort.send = async (...args) => {
      starts.push(await store.models.Delivery.countDocuments({ _id: `${e.key}#s` }));
      return RecordingPort.prototype.send.apply(sendingPort, args);
    };
    expect(await sendDelivery(e.key, { ...deps(port), ports: new Map([['console', sendingPort]]) }, carriedEntry(e))).toBe('sent');
    expect(starts).toEqual([1]);
    expect(sendingPort.sent.map((s) => s.key)).toEqual([e.key]);
    // The same job again (another process, carrying the same entry): the ledger says sent, nothing is posted.
    expect(await sendDelivery(e.key, deps(port), carriedEntry(e))).toBe('already-sent');
    expect(port.sent).toHaveLength(0);
    expect((await ledger.get(e.key))?.status).toBe('sent');
  });

  it('a sender after a crash resumes after the last accepted part even when it carries the entry', async () => {
    const e = entry([text('one'), text('two'), text('three')]);
    await mongoDeliveries(store.models).claim([e], new Date());
    // The first process started, had part 1 accepted, and died.
    const dead = mongoDeliveries(store.models);
    const begun = await dead.begin(e.key, carriedEntry(e));
    expect(begun?.partsSent).toBe(0);
    await dead.partSent(e.key, 0, 'm1', new Date(), false);

    const port = new RecordingPort();
    expect(await sendDelivery(e.key, deps(port), carriedEntry(e))).toBe('sent');
    expect(port.sent.map((s) => s.key)).toEqual([partKey(e.key, 1), partKey(e.key, 2)]);
    const after = await mongoDeliveries(store.models).get(e.key);
    expect(after?.status).toBe('sent');
    expect(after?.messageIds).toEqual(['m1', 'console-1', 'console-2']);
  });

  it('a started delivery with nothing accepted is sent again by the next sender, under the same key', async () => {
    const e = entry([text('hi')]);
    await mongoDeliveries(store.models).claim([e], new Date());
    await mongoDeliveries(store.models).begin(e.key, carriedEntry(e));
    const port = new RecordingPort();
    expect(await sendDelivery(e.key, deps(port), carriedEntry(e))).toBe('sent');
    expect(port.sent.map((s) => s.key)).toEqual([e.key]);
  });

  it('two processes beginning the same carried delivery at once: at most one takes the carried path', async () => {
    const e = entry([text('race')]);
    await mongoDeliveries(store.models).claim([e], new Date());
    const a = mongoDeliveries(store.models);
    const b = mongoDeliveries(store.models);
    // One start mark: one of the two is the first sender; the other read the ledger (nothing was accepted yet).
    const [ra, rb] = await Promise.all([a.begin(e.key, carriedEntry(e)), b.begin(e.key, carriedEntry(e))]);
    const started = await store.models.Delivery.countDocuments({ of: e.key, kind: 'start' });
    expect(started).toBe(1);
    expect([ra, rb].filter((r) => r !== null)).toHaveLength(2);
  });

  it('lists what a restarted process still owes: neither sent nor given up', async () => {
    const since = new Date(Date.now() - 1000);
    const [sent, gaveUp, half, untouched] = [entry([text('a')]), entry([text('b')]), entry([text('c1'), text('c2')]), entry([text('d')])];
    const ledger = mongoDeliveries(store.models);
    await ledger.claim([sent, gaveUp, half, untouched], new Date());
    await ledger.begin(sent.key);
    await ledger.partSent(sent.key, 0, 'm', new Date(), true);
    await ledger.begin(gaveUp.key);
    await ledger.failed(gaveUp.key, 'boom', true);
    await ledger.begin(half.key);
    await ledger.partSent(half.key, 0, 'm', new Date(), false);
    const owed = (await mongoDeliveries(store.models).resumable(since, 1000)).map((r) => r.key);
    expect(owed).toEqual(expect.arrayContaining([half.key, untouched.key]));
    expect(owed).not.toContain(sent.key);
    expect(owed).not.toContain(gaveUp.key);
  });

  it('tells which keys are claimed and which of them are unsent', async () => {
    const [sent, half, untouched] = [entry([text('a')]), entry([text('b1'), text('b2')]), entry([text('c')])];
    const ledger = mongoDeliveries(store.models);
    await ledger.claim([sent, half, untouched], new Date());
    await ledger.begin(sent.key);
    await ledger.partSent(sent.key, 0, 'm', new Date(), true);
    await ledger.begin(half.key);
    await ledger.partSent(half.key, 0, 'm', new Date(), false);
    const keys = [sent.key, half.key, untouched.key, 'weekly-report-reminder:nobody:2026-W41:first'];
    expect(await ledger.existing(keys)).toEqual(new Set([sent.key, half.key, untouched.key]));
    expect((await ledger.unsent(keys)).map((r) => r.key).sort()).toEqual([half.key, untouched.key].sort());
    expect(await ledger.unsent([])).toEqual([]);
  });

  it('does not carry replies too large for a queue job (charts)', () => {
    const big = entry([{ kind: 'image', title: 'chart', alt: 'chart', png: new Uint8Array(40_000) }]);
    expect(carriedEntry(big)).toBeUndefined();
    expect(carriedEntry(entry([text('small')]))?.replies).toContain('small');
  });
});
