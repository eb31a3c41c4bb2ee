/**
 * Block Kit interactivity through the running receiver: buttons (block_actions) come back as the core's
 * actions, forms open as modals and come back as view_submission, the customer field types ahead
 * (block_suggestion), and the "Log as visit" message shortcut turns any message into a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/core/commands.ts';
import type { Reply } from '../../src/core/messages.ts';
import { LOG_AS_VISIT } from '../../adapters/slack/listeners/shortcuts.ts';
import { buttonsOf, callText } from './support/blocks-text.ts';
import { TEAM_ID, type ApiCall } from './support/fake-slack.ts';
import { SlackHarness } from './support/harness.ts';
import { customerFor, meet } from './support/seed.ts';
import { FORM, payloadBody, postSigned } from './support/signed.ts';

let h: SlackHarness;
const rep = { id: 'UINT1', name: 'chen.jie', locale: 'en-US', tz: 'Asia/Shanghai', email: 'chen.jie@example.com' };
const zhRep = { id: 'UINT2', name: '刘洋', locale: 'zh-CN', tz: 'Asia/Shanghai', email: 'liu.yang@example.com' };
let customerId: string;

beforeAll(async () => {
  h = await SlackHarness.start({
    testFile: import.meta.filename,
    adapter: {
      // What src/main.ts wires: the customers the user may see, by name.
      suggestCustomers: async (who, query) => {
        const actor = await h.core.bot.users.resolve(who);
        const found = await h.core.services.customers.search({ kind: 'own', userId: actor.id }, query, 20);
        return found.map((c) => ({ value: c.name, label: c.name }));
      },
    },
  });
  h.addUser(rep);
  h.addUser(zhRep);
  const owner = await meet(h, rep);
  customerId = await customerFor(h, owner, 'Contoso Trading Ltd', ['Contoso']);
  await customerFor(h, owner, 'Contoso Logistics', []);
  await customerFor(h, await meet(h, zhRep), '比亚迪股份有限公司', ['比亚迪']);
});
afterAll(async () => h?.close());

async function settled(response: Promise<Response>): Promise<{ calls: ApiCall[]; body: string }> {
  h.take();
  const res = await response;
  expect(res.status).toBe(200);
  const body = await res.text();
  await h.settle();
  return { calls: h.take(), body };
}

const find = (calls: ApiCall[], method: string) => {
  const call = calls.find((c) => c.method === method);
  if (!call) throw new Error(`expected a ${method} call, got ${calls.map((c) => c.method).join(', ')}`);
  return call;
};

describe('visit card buttons', () => {
  it('Undo on the ephemeral card removes the visit and answers the rep', async () => {
    const { calls } = await settled(h.command(rep, '/visit', 'Visited Contoso today, discussed the Q1 forecast'));
    const card = find(calls, 'response_url');
    const before = await h.store.models.Visit.countDocuments({ customerId });
    const pressed = await settled(h.click(rep, card, 'visit.undo'));
    expect(await h.store.models.Visit.countDocuments({ customerId })).toBe(before - 1);
    const answer = find(pressed.calls, 'response_url');
    expect(answer.args['response_type']).toBe('ephemeral');
    expect(answer.args['replace_original']).toBe(false);
    expect(callText(answer)).toMatch(/Undone: the visit to Contoso Trading Ltd/);
  });

  it('Undo pressed by someone else (a card shared in a channel) is refused in their language and removes nothing', async () => {
    const { calls } = await settled(h.command(rep, '/visit', 'Visited Contoso today, discussed the pilot'));
    const card = find(calls, 'response_url');
    const before = await h.store.models.Visit.countDocuments({ customerId });
    const pressed = await settled(h.click(zhRep, card, 'visit.undo'));
    expect(await h.store.models.Visit.countDocuments({ customerId })).toBe(before);
    expect(callText(find(pressed.calls, 'response_url'))).toContain('这个按钮是发给其他人的，只有对方本人可以操作。未做任何更改。');
  });

  it('Edit opens a modal pre-filled with what was understood; submitting it updates the visit', async () => {
    const { calls } = await settled(h.command(rep, '/visit', 'Called Contoso today about the renewal'));
    const card = find(calls, 'response_url');
    const edit = await settled(h.click(rep, card, 'visit.edit'));
    const modal = find(edit.calls, 'views.open');
    const blocks = modal.args['view'].blocks as Array<Record<string, any>>;
    const field = (name: string) => blocks.find((b) => b['block_id'] === name)?.['element'];
    expect(field('customer')).toMatchObject({ type: 'external_select', initial_option: { value: 'Contoso Trading Ltd' } });
    expect(field('date')).toMatchObject({ type: 'datepicker', initial_date: '2026-11-18' });
    expect(field('channel')).toMatchObject({ type: 'static_select', initial_option: { value: 'phone' } });

    const submitted = await settled(h.submit(rep, modal, { date: '2026-11-17', summary: 'Renewal: 2 more sites' }));
    expect(submitted.body).toBe('');
    const visit = await h.store.models.Visit.findOne({ customerId }).sort({ _id: -1 }).lean();
    expect(visit).toMatchObject({ visitDay: '2026-11-17', summary: 'Renewal: 2 more sites' });
    // The form came from an ephemeral card, so the answer is ephemeral too.
    expect(callText(find(submitted.calls, 'response_url'))).toMatch(/Visit updated[\s\S]*2026-11-17/);
  });
});

describe('the visit modal', () => {
  it('types ahead customers from the core’s search and saves the visit from the modal', async () => {
    const { calls } = await settled(h.command(rep, '/visit', ''));
    const modal = find(calls, 'views.open');
    const typed = await h.suggest(rep, modal, 'customer', 'Contoso');
    expect(typed.status).toBe(200);
    const options = ((await typed.json()) as { options: Array<{ value: string }> }).options.map((o) => o.value);
    expect(options).toEqual(['Contoso Logistics', 'Contoso Trading Ltd', 'Contoso']);

    const before = await h.store.models.Visit.countDocuments({ customerId });
    const submitted = await settled(h.submit(rep, modal, { customer: 'Contoso Trading Ltd', date: '2026-11-18', channel: 'phone', summary: 'Price list sent' }));
    expect(submitted.body).toBe('');
    expect(await h.store.models.Visit.countDocuments({ customerId })).toBe(before + 1);
    expect(callText(find(submitted.calls, 'response_url'))).toMatch(/Visit saved[\s\S]*Channel\*\nphone/);
  });

  it('keeps the modal open with each refusal under its field, in the rep’s language, and writes nothing', async () => {
    const { calls } = await settled(h.command(rep, '/visit', ''));
    const modal = find(calls, 'views.open');
    const before = await h.store.models.Visit.countDocuments({});
    const refusal = async (values: Record<string, string>) => {
      const res = await settled(h.submit(rep, modal, { customer: 'Contoso Trading Ltd', date: '2026-11-18', summary: 'Demo', ...values }));
      const body = JSON.parse(res.body) as { response_action: string; errors: Record<string, string> };
      expect(body.response_action).toBe('errors');
      expect(res.calls.filter((c) => c.method === 'response_url' || c.method === 'chat.postMessage')).toEqual([]);
      return body.errors;
    };
    expect(await refusal({ date: 'when pigs fly' })).toEqual({ date: 'I could not read the date "when pigs fly". Try e.g. 2026-12-15, 12月15日, next Wednesday or tomorrow.' });
    expect(await refusal({ date: '2026-11-25' })).toEqual({ date: expect.stringContaining('The visit date 2026-11-25 is in the future') });
    expect(await refusal({ next: '2026-11-10' })).toEqual({ next: 'The follow-up 2026-11-10 is not after the visit (2026-11-18). Please check the dates.' });
    expect(await refusal({ customer: 'Nobody Such Corp' })).toEqual({ customer: 'No customer "Nobody Such Corp" among your accounts.' });
    expect(await refusal({ amount: 'lots' })).toEqual({ amount: expect.stringContaining('lots') });
    expect(await h.store.models.Visit.countDocuments({})).toBe(before);

    const zh = await settled(h.command(zhRep, '/visit', ''));
    const zhRefused = await settled(h.submit(zhRep, find(zh.calls, 'views.open'), { customer: '比亚迪', date: '下周五', summary: '交流' }));
    expect(JSON.parse(zhRefused.body)).toEqual({ response_action: 'errors', errors: { date: expect.stringMatching(/^拜访日期 2026-11-27 在将来/) } });
    expect(await h.store.models.Visit.countDocuments({})).toBe(before);
  });

  it('shows the suggestions of a Chinese user’s own customers only', async () => {
    const { calls } = await settled(h.command(zhRep, '/visit', ''));
    const typed = await h.suggest(zhRep, find(calls, 'views.open'), 'customer', '比亚');
    expect(((await typed.json()) as { options: Array<{ value: string }> }).options.map((o) => o.value)).toEqual(['比亚迪股份有限公司', '比亚']);
  });
});

describe('callback cards', () => {
  async function dueCard(): Promise<ApiCall> {
    await settled(h.command(rep, '/callback', 'add Contoso 2026-11-18 confirm the delivery date'));
    const { calls } = await settled(h.command(rep, '/callback', ''));
    const card = calls.find((c) => buttonsOf(c).some((b) => b.action_id === 'callback.done'));
    if (!card) throw new Error('no callback card');
    return card;
  }

  it('Done marks it done', async () => {
    const { calls } = await settled(h.click(rep, await dueCard(), 'callback.done'));
    expect(calls.map(callText).join('\n')).toContain('Done: callback to Contoso Trading Ltd.');
  });

  it('Snooze 1 day moves it to the next workday', async () => {
    const { calls } = await settled(h.click(rep, await dueCard(), 'callback.snooze'));
    expect(calls.map(callText).join('\n')).toContain('is now due 2026-11-19');
  });

  it('Reschedule opens a date picker and takes the new date', async () => {
    const { calls } = await settled(h.click(rep, await dueCard(), 'callback.reschedule'));
    const modal = find(calls, 'views.open');
    const date = (modal.args['view'].blocks as Array<Record<string, any>>).find((b) => b['block_id'] === 'date');
    expect(date?.['element']).toMatchObject({ type: 'datepicker', initial_date: '2026-11-18' });
    const later = await settled(h.submit(rep, modal, { date: '2026-11-30' }));
    expect(later.calls.map(callText).join('\n')).toContain('is now due 2026-11-30');
  });

  it('a past date is refused under the date field; the modal stays open and the callback keeps its date', async () => {
    const card = await dueCard();
    const { calls } = await settled(h.click(rep, card, 'callback.reschedule'));
    const modal = find(calls, 'views.open');
    const refused = await settled(h.submit(rep, modal, { date: '2026-11-02' }));
    expect(JSON.parse(refused.body)).toEqual({ response_action: 'errors', errors: { date: expect.stringContaining('The new date 2026-11-02 is in the past.') } });
    expect(refused.calls.filter((c) => c.method === 'response_url' || c.method === 'chat.postMessage')).toEqual([]);
    const later = await settled(h.submit(rep, modal, { date: '2026-11-27' }));
    expect(later.body).toBe('');
    expect(later.calls.map(callText).join('\n')).toContain('is now due 2026-11-27');
  });
});

describe('modal answers that keep the modal open', () => {
  it('shows a refusal under the field it names (response_action: errors)', async () => {
    const registry = h.core.bot.registry;
    const form: Reply = {
      kind: 'form',
      title: 'Pick a date',
      submitActionId: 'test.checkDate',
      submitValue: 'x',
      submitLabel: 'OK',
      fields: [{ name: 'date', label: 'Date', kind: 'date', required: true }],
    };
    registry.add(defineCommand({ name: 'slackdatetest', summaryKey: 'x', hidden: true, run: async () => [form] }));
    registry.action('test.checkDate', async (_ctx, action) =>
      action.form?.['date'] && action.form['date'] < '2026-11-18'
        ? [{ kind: 'text', text: 'The date is in the past.', field: 'date' } as Reply]
        : [{ kind: 'text', text: `Fine: ${action.form?.['date']}` }],
    );
    const { calls } = await settled(h.command(rep, '/kam', 'slackdatetest'));
    const modal = find(calls, 'views.open');
    const refused = await settled(h.submit(rep, modal, { date: '2026-11-01' }));
    expect(JSON.parse(refused.body)).toEqual({ response_action: 'errors', errors: { date: 'The date is in the past.' } });
    expect(refused.calls.filter((c) => c.method === 'response_url')).toEqual([]);
    const accepted = await settled(h.submit(rep, modal, { date: '2026-11-20' }));
    expect(accepted.body).toBe('');
    expect(accepted.calls.map(callText).join('\n')).toContain('Fine: 2026-11-20');
  });

  it('turns the modal into the next form when the core answers with one (response_action: update)', async () => {
    const registry = h.core.bot.registry;
    const step = (n: number): Reply => ({
      kind: 'form',
      title: `Step ${n}`,
      submitActionId: 'test.step',
      submitValue: String(n),
      submitLabel: 'Next',
      fields: [{ name: 'note', label: `Note ${n}`, kind: 'text' }],
    });
    registry.add(defineCommand({ name: 'slacksteptest', summaryKey: 'x', hidden: true, run: async () => [step(1)] }));
    registry.action('test.step', async (_ctx, action) => (action.value === '1' ? [step(2)] : [{ kind: 'text', text: `Done with ${action.form?.['note']}` }]));
    const { calls } = await settled(h.command(rep, '/kam', 'slacksteptest'));
    const first = await settled(h.submit(rep, find(calls, 'views.open'), { note: 'a' }));
    const update = JSON.parse(first.body) as { response_action: string; view: Record<string, any> };
    expect(update.response_action).toBe('update');
    expect(update.view['title'].text).toBe('Step 2');
    const last = await settled(h.submit(rep, { method: 'views.open', args: { view: update.view } }, { note: 'b' }));
    expect(last.calls.map(callText).join('\n')).toContain('Done with b');
  });
});

describe('the weekly report', () => {
  it('opens as a modal pre-filled from the week, and saves what the rep writes', async () => {
    const { calls } = await settled(h.command(rep, '/report', ''));
    expect(calls.map(callText).join('\n')).toMatch(/Weekly report 2026-W47/);
    const modal = find(calls, 'views.open');
    expect((modal.args['view'].blocks as Array<{ block_id?: string }>).map((b) => b.block_id).filter(Boolean)).toEqual(['highlights', 'problems', 'plan']);
    const saved = await settled(h.submit(rep, modal, { highlights: 'Two renewals signed', plan: 'Visit Contoso Logistics' }));
    expect(saved.body).toBe('');
    expect(saved.calls.map(callText).join('\n')).toContain('saved as a draft');
    const report = await h.store.models.WeeklyReport.findOne({}).lean();
    expect(report?.highlights).toBe('Two renewals signed');
  });
});

describe('the "Log as visit" message shortcut', () => {
  it('turns the message into a visit note, answering only the rep', async () => {
    const before = await h.store.models.Visit.countDocuments({ customerId });
    const payload = {
      type: 'message_action',
      callback_id: LOG_AS_VISIT.callbackId,
      trigger_id: `${Date.now()}.shortcut`,
      message_ts: '1799999000.000100',
      response_url: h.fake.responseUrl(),
      message: { type: 'message', user: 'UCOLLEAGUE', ts: '1799999000.000100', text: 'Met Contoso today, they want a quote for 200 units' },
      user: { id: rep.id, name: rep.name, team_id: TEAM_ID },
      channel: { id: 'C0SALES', name: 'sales' },
      team: { id: TEAM_ID, domain: 'kam-test' },
      token: 'verification-token-unused',
      action_ts: String(Date.now() / 1000),
    };
    const { calls } = await settled(postSigned(h.url, payloadBody(payload), FORM));
    expect(await h.store.models.Visit.countDocuments({ customerId })).toBe(before + 1);
    const answer = find(calls, 'response_url');
    expect(answer.args['response_type']).toBe('ephemeral');
    expect(callText(answer)).toContain('Visit saved');
  });
});
