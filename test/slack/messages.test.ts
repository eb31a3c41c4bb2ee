/**
 * Messages: a DM to the bot is the console chat (a note that reads like a visit becomes one), an @mention
 * is answered in its thread, and what the bot or Slack itself posts is not taken as the user speaking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, callText } from './support/blocks-text.ts';
import { BOT_USER_ID, TEAM_ID } from './support/fake-slack.ts';
import { dmChannelOf, SlackHarness } from './support/harness.ts';
import { customerFor, meet } from './support/seed.ts';

let h: SlackHarness;
const rep = { id: 'UMSG1', name: 'li.na', locale: 'en-US', tz: 'Asia/Shanghai', email: 'li.na@example.com' };
let customerId: string;

beforeAll(async () => {
  h = await SlackHarness.start({ testFile: import.meta.filename });
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

describe('direct messages', () => {
  it('turns a note that reads like a visit into one, answering in the DM', async () => {
    const before = await visits();
    const calls = await settled(h.dm(rep, 'Visited Contoso today, talked about the Q1 order'));
    expect(await visits()).toBe(before + 1);
    const posted = calls.filter((c) => c.method === 'chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.args['channel']).toBe(dmChannelOf(rep.id));
    expect(posted[0]?.args['thread_ts']).toBeUndefined();
    expect(callText(posted[0]!)).toContain('Visit saved');
  });

  it('reads Slack’s markup as the user typed it (links, entities)', async () => {
    const before = await visits();
    await settled(h.dm(rep, 'Visited <https://contoso.example|Contoso> today &amp; agreed on Q2 prices'));
    expect(await visits()).toBe(before + 1);
    const latest = await h.store.models.Visit.findOne({ customerId }).sort({ _id: -1 }).lean();
    expect(latest?.rawNote).toBe('Visited Contoso today & agreed on Q2 prices');
  });

  it('offers a form as a button in a DM (no trigger_id), and opens it as a modal when clicked', async () => {
    const calls = await settled(h.dm(rep, '/visit'));
    const prompt = calls.find((c) => c.method === 'chat.postMessage');
    expect(callText(prompt!)).toContain('Log a visit');
    expect(buttonsOf(prompt!).map((b) => b.action_id)).toEqual(['kam.form.open']);
    const opened = await settled(h.click(rep, prompt!, 'kam.form.open'));
    const modal = opened.find((c) => c.method === 'views.open');
    expect(modal?.args['view'].title.text).toBe('Log a visit');
  });

  it('ignores the bot’s own messages, edits and other bots', async () => {
    const before = await h.store.models.ProcessedEvent.countDocuments();
    const ts = '1800009999.000100';
    const base = { type: 'message', channel: dmChannelOf(rep.id), ts, event_ts: ts, channel_type: 'im', team: TEAM_ID };
    const calls = [
      ...(await settled(h.event({ ...base, user: BOT_USER_ID, text: 'Visited Contoso today' }))),
      ...(await settled(h.event({ ...base, subtype: 'message_changed', message: { text: 'Visited Contoso today' } }))),
      ...(await settled(h.event({ ...base, user: 'UOTHERBOT', bot_id: 'BOTHER', text: 'Visited Contoso today' }))),
    ];
    expect(calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await h.store.models.ProcessedEvent.countDocuments()).toBe(before);
  });
});

describe('mentions', () => {
  it('answers an @mention in a channel in a thread under it', async () => {
    const before = await visits();
    const calls = await settled(h.mention(rep, 'visit Met Contoso today at their office', { channel: 'C0SALES' }));
    expect(await visits()).toBe(before + 1);
    const posted = calls.find((c) => c.method === 'chat.postMessage');
    expect(posted?.args['channel']).toBe('C0SALES');
    expect(posted?.args['thread_ts']).toMatch(/^\d+\.\d+$/);
    expect(callText(posted!)).toContain('Visit saved');
  });

  it('answers in the existing thread when mentioned inside one', async () => {
    const calls = await settled(h.mention(rep, 'whoami', { channel: 'C0SALES', threadTs: '1799999999.000100' }));
    expect(calls.find((c) => c.method === 'chat.postMessage')?.args['thread_ts']).toBe('1799999999.000100');
  });

  it('answers a click on a card in a channel only to the person who clicked', async () => {
    const calls = await settled(h.mention(rep, 'visit Met Contoso today about the tender', { channel: 'C0SALES' }));
    const card = calls.find((c) => c.method === 'chat.postMessage')!;
    const clicked = await settled(h.click(rep, card, 'visit.undo'));
    expect(clicked.map((c) => c.method)).not.toContain('chat.postMessage');
    const answer = clicked.find((c) => c.method === 'response_url');
    expect(answer?.args['response_type']).toBe('ephemeral');
    expect(callText(answer!)).toContain('Undone');
  });

  it('does not read a channel message as a visit note unless it names the command', async () => {
    const before = await visits();
    const calls = await settled(h.mention(rep, 'Visited Contoso today', { channel: 'C0SALES' }));
    expect(await visits()).toBe(before);
    expect(calls.find((c) => c.method === 'chat.postMessage')).toBeDefined();
  });
});
