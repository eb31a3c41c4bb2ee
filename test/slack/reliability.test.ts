/**
 * When Slack pushes back: a 429 is waited out (Retry-After) and the reply still arrives; a reply Slack will
 * not take is logged and retried in the user's DM, and the record the rep made stays saved; a profile that
 * cannot be read does not stop the rep; a slow core closes a modal in time and answers later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callText } from './support/blocks-text.ts';
import { dmChannelOf, SlackHarness } from './support/harness.ts';
import { recordingLogger } from './support/logger.ts';
import { customerFor, meet } from './support/seed.ts';

const rep = { id: 'UREL1', name: 'he.jun', locale: 'en-US', tz: 'Asia/Shanghai', email: 'he.jun@example.com' };
const log = recordingLogger();
let h: SlackHarness;
let customerId: string;

beforeAll(async () => {
  h = await SlackHarness.start({ testFile: import.meta.filename, logger: log.logger });
  h.addUser(rep);
  customerId = await customerFor(h, await meet(h, rep), 'Contoso Trading Ltd', ['Contoso']);
});
afterAll(async () => h?.close());

const visits = () => h.store.models.Visit.countDocuments({ customerId });

async function settled(response: Promise<Response>) {
  h.take();
  expect((await response).status).toBe(200);
  await h.settle();
  return h.take();
}

describe('rate limits', () => {
  it('waits out Retry-After on a 429 and then delivers the reply', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const calls = await settled(h.dm(rep, 'Visited Contoso today, reviewed the contract'));
    const posts = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(posts[1]?.result?.['ok']).toBe(true);
    expect(callText(posts[1]!)).toContain('Visit saved');
  });
});

describe('replies Slack will not take', () => {
  it('keeps the visit and retries the answer in the DM when the response_url has expired', async () => {
    const before = await visits();
    h.fake.failNext('response_url', { status: 404 });
    const calls = await settled(h.command(rep, '/visit', 'Called Contoso today to confirm the order', { channel: 'C0SALES' }));
    expect(await visits()).toBe(before + 1);
    const fallback = calls.find((c) => c.method === 'chat.postMessage');
    expect(fallback?.args['channel']).toBe(dmChannelOf(rep.id));
    expect(callText(fallback!)).toContain('Visit saved');
    expect(log.entries.some((e) => e.level === 'warn' && e.msg === 'Slack did not take the reply')).toBe(true);
  });

  it('keeps the visit and logs the loss when neither the channel nor the DM takes the answer', async () => {
    const before = await visits();
    log.entries.length = 0;
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' }, 2);
    await settled(h.mention(rep, 'visit Met Contoso today at the trade fair', { channel: 'C0GONE' }));
    expect(await visits()).toBe(before + 1);
    const lost = log.entries.find((e) => e.level === 'error' && e.msg.startsWith('reply lost'));
    expect(lost?.fields['user']).toBe(rep.id);
  });

  it('serves a user whose profile cannot be read, under their Slack id', async () => {
    const stranger = { id: 'UNOPROFILE', name: 'ghost' };
    const calls = await settled(h.command(stranger, '/kam', 'whoami'));
    expect(calls.find((c) => c.method === 'users.info')?.result?.['error']).toBe('user_not_found');
    expect(calls.map(callText).join('\n')).toContain('UNOPROFILE');
  });
});

describe('proactive messages through the port', () => {
  it('opens the DM for a direct reference by user id, posts, updates in place', async () => {
    const ref = { platform: 'slack' as const, channelId: rep.id, direct: true };
    const sent = await h.adapter.port.send(ref, { kind: 'text', text: 'Callback due today: Contoso' });
    await h.adapter.port.update(ref, sent.messageId, { kind: 'text', text: 'Callback done: Contoso' });
    const stored = h.fake.messages.get(sent.messageId);
    expect(stored?.channel).toBe(dmChannelOf(rep.id));
    expect(stored?.text).toBe('Callback done: Contoso');
  });

  it('uploads a chart as a file into the conversation', async () => {
    h.take();
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const sent = await h.adapter.port.send({ platform: 'slack', channelId: 'C0MANAGERS', direct: false }, { kind: 'image', title: 'Visits by rep', alt: 'Bar chart: Wang 7, Li 5', png });
    const calls = h.take();
    expect(calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'file_upload', 'files.completeUploadExternal']);
    expect(calls[2]?.args).toMatchObject({ channel_id: 'C0MANAGERS' });
    expect(sent.messageId).toMatch(/^file:F\d+$/);
  });

  it('throws (for the job to log and retry) when Slack refuses a proactive message', async () => {
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(h.adapter.port.send({ platform: 'slack', channelId: 'C0GONE', direct: false }, { kind: 'text', text: 'x' })).rejects.toThrow(/channel_not_found/);
  });
});

describe('a slow core behind a modal', () => {
  let slow: SlackHarness;
  beforeAll(async () => {
    slow = await SlackHarness.start({ testFile: import.meta.filename, adapter: { submitBudgetMs: 100, userCacheTtlMs: 0 } });
    slow.addUser(rep);
    await customerFor(slow, await meet(slow, rep), 'Contoso Trading Ltd', ['Contoso']);
  });
  afterAll(async () => slow?.close());

  it('closes the modal within the budget and posts the answer when the core is done', async () => {
    await slow.command(rep, '/visit', '');
    await slow.settle();
    const modal = slow.latest('views.open');
    slow.fake.delay('users.info', 600);
    slow.take();
    const started = performance.now();
    const res = await slow.submit(rep, modal, { customer: 'Contoso Trading Ltd', date: '2026-11-18', summary: 'Late answer' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(performance.now() - started).toBeLessThan(550);
    await slow.settle();
    expect(slow.shown()).toContain('Visit saved');
  });
});
