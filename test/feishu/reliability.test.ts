/** Sending under Feishu's limits: rate-limit answers are retried with back-off; nothing arrives twice. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationRef } from '../../src/core/messages.ts';
import { p2pChatOf } from './support/events.ts';
import type { FakeUser } from './support/fake-feishu.ts';
import { messageText } from './support/card-text.ts';
import { feishuHarness, type FeishuHarness } from './support/harness.ts';

const zhang: FakeUser = { openId: 'ou_zhang', name: '张三', email: 'zhang@example.com' };
const chat = p2pChatOf(zhang.openId);
const CREATE = /^\/open-apis\/im\/v1\/messages$/;

let h: FeishuHarness;

beforeAll(async () => {
  h = await feishuHarness(import.meta.filename, { users: [zhang] });
  await h.say(zhang, '/whoami');
});
afterAll(() => h?.close());

const uuidsOf = (calls: ReturnType<FeishuHarness['fake']['callsTo']>) => calls.map((c) => (c.body as { uuid?: string }).uuid);

describe('sending to Feishu', () => {
  it('retries 429 and 230020 answers with growing back-off, and the reply arrives once', async () => {
    const before = h.fake.messagesIn(chat).length;
    const callsBefore = h.fake.callsTo('POST', CREATE).length;
    h.fake.failNext('POST', CREATE, 'http-429', 'code-230020', 'http-429');
    const text = await h.say(zhang, '/whoami');
    expect(text).toContain('张三');
    expect(h.fake.messagesIn(chat)).toHaveLength(before + 1);
    const calls = h.fake.callsTo('POST', CREATE).slice(callsBefore);
    expect(calls.map((c) => c.status)).toEqual([429, 400, 429, 200]);
    expect(new Set(uuidsOf(calls)).size).toBe(1);
    // The retry policy in the harness starts at 10 ms and doubles, with at least half of each step.
    const gaps = calls.slice(1).map((c, i) => c.at - (calls[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(5);
    expect(gaps[1]).toBeGreaterThanOrEqual(10);
    expect(gaps[2]).toBeGreaterThanOrEqual(20);
  });

  it('does not double a message whose answer was lost (the retry carries the same uuid)', async () => {
    const before = h.fake.messagesIn(chat).length;
    const callsBefore = h.fake.callsTo('POST', CREATE).length;
    h.fake.failNext('POST', CREATE, 'lost-response', 'server-error');
    await h.say(zhang, '/help');
    expect(h.fake.messagesIn(chat)).toHaveLength(before + 1);
    const calls = h.fake.callsTo('POST', CREATE).slice(callsBefore);
    expect(calls).toHaveLength(3);
    expect(new Set(uuidsOf(calls)).size).toBe(1);
  });

  it('does not retry a refused reply, and still sends the replies after it', async () => {
    const before = h.fake.messagesIn(chat).length;
    const callsBefore = h.fake.callsTo('POST', CREATE).length;
    h.fake.failNext('POST', CREATE, 'bad-request');
    await h.say(zhang, '/周报');
    const calls = h.fake.callsTo('POST', CREATE).slice(callsBefore);
    expect(calls.map((c) => c.status)).toEqual([400, 200]);
    expect(h.fake.messagesIn(chat)).toHaveLength(before + 1);
  });

  it('sends a proactive message with the same idempotency key once, however often it is asked', async () => {
    const ref: ConversationRef = { platform: 'feishu', channelId: zhang.openId, direct: true };
    const reply = { kind: 'text' as const, text: '周报提醒：本周周报还未提交' };
    const first = await h.platform.port.send(ref, reply, { idempotencyKey: 'weekly-report:zhang:2026-W47' });
    const second = await h.platform.port.send(ref, reply, { idempotencyKey: 'weekly-report:zhang:2026-W47' });
    expect(second.messageId).toBe(first.messageId);
    expect(h.fake.messagesIn(chat).filter((m) => messageText(m.msgType, m.content).includes('周报提醒'))).toHaveLength(1);
  });

  it('retries a rate-limited card update', async () => {
    const ref: ConversationRef = { platform: 'feishu', channelId: chat, direct: true };
    const sent = await h.platform.port.send(ref, { kind: 'card', title: '逾期应收', fields: [{ label: '华为', value: '¥12,000' }], buttons: [] });
    h.fake.failNext('PATCH', /^\/open-apis\/im\/v1\/messages\//, 'code-230020');
    await h.platform.port.update(ref, sent.messageId, { kind: 'card', title: '逾期应收', fields: [{ label: '华为', value: '已回款' }], buttons: [] });
    expect(messageText('interactive', h.fake.messages.get(sent.messageId)?.content ?? '{}')).toContain('已回款');
    expect(h.fake.callsTo('PATCH', new RegExp(sent.messageId)).map((c) => c.status)).toEqual([400, 200]);
  });

  it('paces a burst into one chat at Feishu’s 5 per second, each message exactly once', async () => {
    h.fake.enforceSendLimits = true;
    try {
      const group: ConversationRef = { platform: 'feishu', channelId: 'oc_burst_group', direct: false };
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 12 }, (_, i) => h.platform.port.send(group, { kind: 'text', text: `提醒 #${i + 1}` }, { idempotencyKey: `burst:${i}` })),
      );
      const elapsed = Date.now() - started;
      const texts = h.fake.messagesIn('oc_burst_group').map((m) => messageText(m.msgType, m.content));
      expect(texts).toHaveLength(12);
      expect(new Set(texts).size).toBe(12);
      // 5 now, 5 a second later, 2 a second after that.
      expect(elapsed).toBeGreaterThanOrEqual(1900);
    } finally {
      h.fake.enforceSendLimits = false;
    }
  });
});
