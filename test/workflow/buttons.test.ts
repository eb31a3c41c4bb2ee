/**
 * Every button checks who presses it. A card's buttons are addressed to the person it was sent to; a button
 * about a personal record (a visit, a kept note, an undo) acts only for its owner even when its value is
 * replayed without the address. Anyone else is refused with a clear message and nothing changes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main.ts';
import { unaddressed } from '../../src/core/addressed.ts';
import type { Button, Reply } from '../../src/core/messages.ts';
import { asText, testCore, textMessage } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
const zhang = { id: 'zhang' };
/** 李四 reads English (seed). */
const li = { id: 'li' };
const wang = { id: 'wang' };
const wangEn = { id: 'wang', lang: 'en' };

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  await seedTeamWithCustomers(store);
  core = await testCore(store, { now: '2026-11-22T10:00:00+08:00' });
});
afterAll(async () => {
  await store?.drop();
});
beforeEach(async () => {
  const m = store.models;
  await Promise.all([m.Visit.deleteMany({}), m.Callback.deleteMany({}), m.Change.deleteMany({}), m.PendingNote.deleteMany({})]);
});

const say = (user: { id: string }, text: string) => core.bot.handle(textMessage(user, text));
const press = async (user: { id: string; lang?: string }, button: Pick<Button, 'actionId' | 'value'>, form?: Record<string, string>) =>
  asText(await core.bot.handle({ ...textMessage(user, ''), kind: 'action', text: undefined, action: { id: button.actionId, value: button.value, form } }));
function button(replies: Reply[], actionId: string): Button {
  for (const r of replies) {
    const found = r.kind === 'card' ? r.buttons.find((b) => b.actionId === actionId) : undefined;
    if (found) return found;
  }
  throw new Error(`no ${actionId} button in ${JSON.stringify(replies)}`);
}
/** Everything a press could change. */
const everything = async () => {
  const m = store.models;
  const [visits, callbacks, changes, notes, customers] = await Promise.all([m.Visit, m.Callback, m.Change, m.PendingNote, m.Customer].map((model) => model.collection.find({}).sort({ _id: 1 }).toArray()));
  return { visits, callbacks, changes, notes, customers };
};

describe('buttons pressed by someone else', () => {
  it('a colleague or the supervisor pressing a rep’s visit Undo or Edit is refused, and nothing changes', async () => {
    const card = await say(zhang, '/visit 今天拜访华为张总，谈续约，下周三回访');
    const undo = button(card, 'visit.undo');
    const before = await everything();
    // The card as sent: addressed to 张三.
    expect(await press(wang, undo)).toBe('这个按钮是发给其他人的，只有对方本人可以操作。未做任何更改。');
    expect(await press(li, button(card, 'visit.edit'))).toBe('That button was sent to someone else: only they can use it. Nothing was changed.');
    // The bare value (a replayed or hand-made payload) still acts only for the visit's owner.
    const bare = { actionId: 'visit.undo', value: unaddressed(undo.value) };
    expect(await press(wang, bare)).toBe('这个按钮属于张三的卡片，只有张三本人可以操作。未做任何更改。');
    expect(await press(wangEn, { actionId: 'visit.edit', value: bare.value })).toBe('That button is on 张三’s card: only 张三 can use it. Nothing was changed.');
    expect(await everything()).toEqual(before);
    // The owner's press works.
    expect(await press(zhang, undo)).toContain('已撤销');
    expect(await store.models.Visit.countDocuments()).toBe(0);
  });

  it('another user pressing a rep’s Drop (visit.drop) or a customer pick on a kept note is refused; the note stays', async () => {
    const card = await say(zhang, '/visit 昨天拜访华润陈总，谈合作');
    const drop = button(card, 'visit.drop');
    const pick = button(card, 'visit.pick');
    const before = await everything();
    expect(await press(li, drop)).toContain('only they can use it');
    expect(await press(wang, { actionId: 'visit.drop', value: unaddressed(drop.value) })).toBe('这个按钮属于张三的卡片，只有张三本人可以操作。未做任何更改。');
    expect(await press(wang, { actionId: 'visit.pick', value: unaddressed(pick.value) })).toContain('只有张三本人可以操作');
    expect(await everything()).toEqual(before);
    expect(await store.models.PendingNote.findOne({}).lean()).toMatchObject({ status: 'waiting' });
    expect(await press(zhang, drop)).toBe('好的，这条记录未保存。');
    expect(await store.models.PendingNote.findOne({}).lean()).toMatchObject({ status: 'dropped' });
  });

  it('the supervisor pressing Done or Snooze on a card sent to the rep is refused; on her own list it works', async () => {
    await say(zhang, '/callback add 华为 2026-11-22 发报价');
    const list = await say(zhang, '/callback');
    const before = await everything();
    expect(await press(wang, button(list, 'callback.done'))).toContain('只有对方本人可以操作');
    expect(await press(li, button(list, 'callback.snooze'))).toContain('only they can use it');
    expect(await everything()).toEqual(before);
    // Her own /callback shows the team's callbacks; those buttons are hers.
    const hers = await say(wang, '/callback');
    expect(await press(wang, button(hers, 'callback.done'))).toContain('已完成');
    expect(await store.models.Callback.findOne({}).lean()).toMatchObject({ status: 'done' });
  });

  it('another user’s press on a weekly report form is refused', async () => {
    const replies = await say(zhang, '/report');
    const form = replies.find((r) => r.kind === 'form');
    if (form?.kind !== 'form') throw new Error('no form');
    const before = await store.models.WeeklyReport.collection.find({}).toArray();
    expect(await press(li, { actionId: form.submitActionId, value: form.submitValue }, { highlights: 'not mine' })).toContain('only they can use it');
    expect(await store.models.WeeklyReport.collection.find({}).toArray()).toEqual(before);
  });
});
