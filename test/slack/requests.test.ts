/**
 * What reaches the receiver: only requests signed with the app's secret within five minutes are handled
 * (anything else is a 401 with nothing written); each is acknowledged before the work; a replayed or
 * retried delivery is handled once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmChannelOf, SlackHarness } from './support/harness.ts';
import { customerFor, meet } from './support/seed.ts';
import { signature } from './support/signed.ts';

let h: SlackHarness;
let customerId: string;
const rep = { id: 'UREQ1', name: 'wang.fang', locale: 'en-US', tz: 'Asia/Shanghai', email: 'wang.fang@example.com' };

beforeAll(async () => {
  h = await SlackHarness.start({ testFile: import.meta.filename });
  h.addUser(rep);
  customerId = await customerFor(h, await meet(h, rep), 'Contoso Trading Ltd', ['Contoso']);
});
afterAll(async () => h?.close());

const visits = () => h.store.models.Visit.countDocuments({ customerId });
const note = 'Visited Contoso today, discussed the renewal';

describe('signature verification', () => {
  it('rejects a forged signature with 401 and writes nothing', async () => {
    const before = { visits: await visits(), events: await h.store.models.ProcessedEvent.countDocuments() };
    h.take();
    const res = await h.command(rep, '/visit', note, { sign: { forgedSignature: `v0=${'0'.repeat(64)}` } });
    expect(res.status).toBe(401);
    const wrongSecret = await h.dm(rep, note, { sign: { secret: 'not-the-signing-secret' } });
    expect(wrongSecret.status).toBe(401);
    await h.settle();
    expect(await visits()).toBe(before.visits);
    expect(await h.store.models.ProcessedEvent.countDocuments()).toBe(before.events);
    expect(h.take()).toEqual([]);
  });

  it('rejects a correctly signed request older than five minutes', async () => {
    const before = await visits();
    h.take();
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.command(rep, '/visit', note, { sign: { timestamp: sixMinutesAgo } });
    expect(res.status).toBe(401);
    await h.settle();
    expect(await visits()).toBe(before);
    expect(h.take()).toEqual([]);
  });

  it('rejects correctly signed requests dated 30 days ago or 10 minutes ahead, and takes a small clock skew', async () => {
    const before = { visits: await visits(), events: await h.store.models.ProcessedEvent.countDocuments() };
    h.take();
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 30 * 24 * 3600, now + 10 * 60]) {
      expect((await h.command(rep, '/visit', note, { sign: { timestamp } })).status).toBe(401);
      expect((await h.dm(rep, note, { sign: { timestamp } })).status).toBe(401);
    }
    await h.settle();
    expect(await visits()).toBe(before.visits);
    expect(await h.store.models.ProcessedEvent.countDocuments()).toBe(before.events);
    expect(h.take()).toEqual([]);
    // A sender whose clock runs 30 s ahead is inside the window: the note is saved.
    expect((await h.command(rep, '/visit', note, { sign: { timestamp: now + 30 } })).status).toBe(200);
    await h.settle();
    expect(await visits()).toBe(before.visits + 1);
  });

  it('computes the v0 signature as Slack documents it', () => {
    // The example from Slack's "Verifying requests" guide.
    const body = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });
});

describe('acknowledgement', () => {
  it('acknowledges a slash command before looking anything up, and answers after', async () => {
    const slowRep = h.addUser({ id: 'UREQSLOW', name: 'slow', locale: 'en-US', tz: 'Asia/Shanghai' });
    h.fake.delay('users.info', 1500);
    try {
      h.take();
      const started = performance.now();
      const res = await h.command(slowRep, '/kam', 'whoami');
      const ackMs = performance.now() - started;
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      expect(ackMs).toBeLessThan(1000);
      await h.settle();
      expect(h.shown()).toMatch(/You are slow/);
    } finally {
      h.fake.delay('users.info', 0);
    }
  });
});

describe('replayed deliveries', () => {
  it('gives one visit and one answer for the same event_id delivered three times (Slack retries)', async () => {
    const before = await visits();
    h.take();
    const eventId = 'Ev0REPLAY0001';
    const first = await h.dm(rep, 'Visited Contoso today, signed the renewal', { eventId });
    const retries = await Promise.all([1, 2].map((n) => h.dm(rep, 'Visited Contoso today, signed the renewal', { eventId, sign: { retryNum: n } })));
    expect([first, ...retries].map((r) => r.status)).toEqual([200, 200, 200]);
    await h.settle();
    expect(await visits()).toBe(before + 1);
    const answers = h.take().filter((c) => c.method === 'chat.postMessage');
    expect(answers).toHaveLength(1);
    expect(answers[0]?.args['channel']).toBe(dmChannelOf(rep.id));
  });

  it('gives one visit for a slash command replayed with the same trigger_id', async () => {
    const before = await visits();
    await Promise.all([1, 2, 3].map(() => h.command(rep, '/visit', 'Called Contoso today about the invoice', { triggerId: 'replayed.trigger.1' })));
    await h.settle();
    expect(await visits()).toBe(before + 1);
  });
});
