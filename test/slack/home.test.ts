/** App Home: the dashboard the core gives, published when the tab opens; its buttons answer in the DM. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/messages.ts';
import type { PlatformIdentity } from '../../src/core/identity.ts';
import { callText } from './support/blocks-text.ts';
import { dmChannelOf, SlackHarness } from './support/harness.ts';
import { customerFor, meet } from './support/seed.ts';

const rep = { id: 'UHOME1', name: 'zhou.min', locale: 'en-US', tz: 'Asia/Shanghai', email: 'zhou.min@example.com' };
const zhRep = { id: 'UHOME2', name: '孙丽', locale: 'zh-CN', tz: 'Asia/Shanghai' };

async function settled(h: SlackHarness, response: Promise<Response>) {
  h.take();
  expect((await response).status).toBe(200);
  await h.settle();
  return h.take();
}

describe('App Home with a dashboard', () => {
  let h: SlackHarness;
  const asked: PlatformIdentity[] = [];
  let visitId = '';

  beforeAll(async () => {
    h = await SlackHarness.start({
      testFile: import.meta.filename,
      adapter: {
        homeFor: async (who): Promise<Reply[]> => {
          asked.push(who);
          return [
            { kind: 'text', text: `Dashboard for ${who.displayName} <${who.email}>` },
            { kind: 'table', title: 'This week', columns: ['Visits', 'Callbacks due'], rows: [['3', '1']] },
            { kind: 'card', title: 'Latest visit', fields: [{ label: 'Customer', value: 'Contoso Trading Ltd' }], buttons: [{ actionId: 'visit.undo', label: 'Undo', value: visitId }] },
          ];
        },
      },
    });
    h.addUser(rep);
    const customerId = await customerFor(h, await meet(h, rep), 'Contoso Trading Ltd', ['Contoso']);
    await settled(h, h.command(rep, '/visit', 'Visited Contoso today'));
    visitId = String((await h.store.models.Visit.findOne({ customerId }).lean())?._id);
  });
  afterAll(async () => h?.close());

  it('publishes the dashboard replies as the home tab of the user who opened it', async () => {
    const calls = await settled(h, h.homeOpened(rep));
    const publish = calls.find((c) => c.method === 'views.publish');
    expect(publish?.args['user_id']).toBe(rep.id);
    expect(publish?.args['view'].type).toBe('home');
    expect(callText(publish!)).toMatch(/Dashboard for zhou\.min <zhou\.min@example\.com>[\s\S]*This week[\s\S]*Visits[\s\S]*Latest visit[\s\S]*Undo/);
    expect(asked.at(-1)).toMatchObject({ platform: 'slack', platformUserId: rep.id, locale: 'en-US', timeZone: 'Asia/Shanghai' });
  });

  it('answers a button on the home tab in the user’s DM, then refreshes the tab', async () => {
    await settled(h, h.homeOpened(rep));
    const home = h.latest('views.publish');
    const calls = await settled(h, h.click(rep, home, 'visit.undo'));
    const answer = calls.find((c) => c.method === 'chat.postMessage');
    expect(answer?.args['channel']).toBe(dmChannelOf(rep.id));
    expect(callText(answer!)).toContain('Undone');
    expect(calls.filter((c) => c.method === 'views.publish')).toHaveLength(1);
  });

  it('ignores the Messages tab being opened', async () => {
    const calls = await settled(h, h.event({ type: 'app_home_opened', user: rep.id, channel: dmChannelOf(rep.id), tab: 'messages', event_ts: '1.1' }));
    expect(calls.filter((c) => c.method === 'views.publish')).toEqual([]);
  });
});

describe('App Home without a dashboard', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await SlackHarness.start({ testFile: import.meta.filename });
    h.addUser(zhRep);
  });
  afterAll(async () => h?.close());

  it('shows the core’s help in the user’s language', async () => {
    const calls = await settled(h, h.homeOpened(zhRep));
    expect(callText(calls.find((c) => c.method === 'views.publish')!)).toContain('KAM Bot 命令');
  });
});
