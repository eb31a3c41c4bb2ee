/** The weekly report in chat: fill in, save, submit, refusals, undo — through the bot on the real database. */
import { unaddressed } from '../../src/core/addressed.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../support/store.ts';
import { testCore, type TestUser } from '../support/bot.ts';
import { fieldsOf, only, person, press, send, textOf } from './support.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});
afterAll(async () => {
  await store?.drop();
});

// Sunday 2026-11-22 10:00 in Shanghai: week 2026-W47 (Monday 16th to Sunday 22nd).
const now = '2026-11-22T10:00:00+08:00';

async function rep(handle: string) {
  const core = await testCore(store, { language: 'en', now });
  const user: TestUser = { id: handle, lang: 'en' };
  const id = await person(core, user, 'rep');
  return { core, user, id, report: () => core.services.reports.get(id, '2026-W47') };
}

describe('/report', () => {
  it('shows the week as a card, then a form with the saved texts as defaults', async () => {
    const { core, user, id } = await rep('flow-show');
    const replies = await send(core, user, '/report');
    expect(replies.map((r) => r.kind)).toEqual(['card', 'form']);
    const card = only(replies, 'card');
    expect(card.title).toBe('Weekly report 2026-W47 (2026-11-16 – 2026-11-22)');
    expect(fieldsOf(card)).toMatchObject({ Status: 'Not started', Visits: '0', 'Highlights this week': '—' });
    expect(card.buttons).toEqual([]);
    const form = only(replies, 'form');
    expect(form).toMatchObject({ submitActionId: 'report.save', submitValue: `2026-W47~@${id}` });
    // The form is addressed to the rep it was shown to (core/addressed.ts).
    expect(form.fields.map((f) => [f.name, f.label, f.value])).toEqual([
      ['highlights', 'Highlights this week', ''],
      ['problems', 'Problems and difficulties', ''],
      ['plan', "Next week's plan", ''],
    ]);

    await press(core, user, 'report.save', '2026-W47', { highlights: 'Signed the Huawei renewal', problems: '', plan: 'Visit ZTE' });
    const again = only(await send(core, user, '周报'), 'form');
    expect(again.fields.map((f) => f.value)).toEqual(['Signed the Huawei renewal', '', 'Visit ZTE']);
  });

  it('saves a draft from the form, submits it with the button, and refuses a second submission', async () => {
    const { core, user, report } = await rep('flow-submit');
    const saved = await press(core, user, 'report.save', '2026-W47', { highlights: 'Signed the Huawei renewal', problems: 'Late payment at ZTE', plan: 'Visit ZTE' });
    expect(textOf(saved)).toBe('Weekly report 2026-W47 saved as a draft. Submit it when it is ready.');
    const card = only(saved, 'card');
    expect(fieldsOf(card)).toMatchObject({ Status: 'Draft', 'Problems and difficulties': 'Late payment at ZTE' });
    expect(card.buttons.map((b) => [b.actionId, unaddressed(b.value), b.label])).toEqual([
      ['report.submit', '2026-W47', 'Submit'],
      ['report.edit', '2026-W47', 'Edit'],
    ]);
    expect(await report()).toMatchObject({ status: 'draft', stats: { visits: 0, paymentsReceived: 0 } });

    const submitted = await press(core, user, 'report.submit', '2026-W47');
    expect(textOf(submitted)).toBe('Weekly report 2026-W47 submitted.');
    expect(fieldsOf(only(submitted, 'card'))['Status']).toBe('Submitted 2026-11-22 10:00');
    expect(only(submitted, 'card').buttons.map((b) => b.actionId)).toEqual(['report.edit']);
    expect(await report()).toMatchObject({ status: 'submitted', submittedAt: new Date(now) });

    expect(textOf(await send(core, user, '/report submit'))).toBe(
      'Weekly report 2026-W47 was already submitted (2026-11-22 10:00). Edit it to change it, then submit again.',
    );
    // Saving the form unchanged leaves it submitted.
    const unchanged = await press(core, user, 'report.save', '2026-W47', { highlights: 'Signed the Huawei renewal', problems: 'Late payment at ZTE', plan: 'Visit ZTE' });
    expect(textOf(unchanged)).toContain('saved as a draft');
    expect((await report())?.status).toBe('submitted');
  });

  it('reopens a submitted report that is edited, until it is submitted again', async () => {
    const { core, user, report } = await rep('flow-reopen');
    await press(core, user, 'report.save', '2026-W47', { highlights: 'Deal', problems: '', plan: '' });
    await send(core, user, '/report submit');
    const edited = await press(core, user, 'report.save', '2026-W47', { plan: 'Call ZTE on Monday' });
    expect(textOf(edited)).toContain('changed after it was submitted: it is a draft again');
    expect(fieldsOf(only(edited, 'card'))['Status']).toBe('Edited after submitting, not submitted again');
    // Sections the form did not send keep their text.
    expect(await report()).toMatchObject({ status: 'draft', highlights: 'Deal', plan: 'Call ZTE on Monday', submittedAt: new Date(now) });
    expect(textOf(await send(core, user, '/report submit'))).toBe('Weekly report 2026-W47 submitted.');
    expect((await report())?.status).toBe('submitted');
  });

  it('refuses to submit an empty report and writes nothing', async () => {
    const { core, user, report } = await rep('flow-empty');
    const refusal = 'Weekly report 2026-W47 is empty: write the highlights, the problems or the plan first (/report), then submit.';
    expect(textOf(await send(core, user, '/report submit'))).toBe(refusal);
    expect(await report()).toBeNull();
    await press(core, user, 'report.save', '2026-W47', { highlights: '   ', problems: '', plan: '' });
    expect(textOf(await press(core, user, 'report.submit', '2026-W47'))).toBe(refusal);
    expect((await report())?.status).toBe('draft');
  });

  it("fills in and submits last week's report", async () => {
    const { core, user, id } = await rep('flow-last');
    const replies = await send(core, user, '/report last');
    expect(only(replies, 'card').title).toContain('2026-W46');
    expect(unaddressed(only(replies, 'form').submitValue)).toBe('2026-W46');
    await press(core, user, 'report.save', '2026-W46', { highlights: 'Late but done', problems: '', plan: '' });
    expect(textOf(await send(core, user, '/report submit last'))).toBe('Weekly report 2026-W46 submitted.');
    expect(await core.services.reports.get(id, '2026-W46')).toMatchObject({ status: 'submitted', highlights: 'Late but done' });
    expect(await core.services.reports.get(id, '2026-W47')).toBeNull();
  });

  it('keeps older and future weeks closed, and reads a mistyped subcommand as a mistake', async () => {
    const { core, user, id } = await rep('flow-closed');
    expect(textOf(await press(core, user, 'report.save', '2026-W40', { highlights: 'x' }))).toBe(
      'Weekly report 2026-W40 can no longer be changed: only this week’s and last week’s reports are open.',
    );
    expect(textOf(await send(core, user, '/report submit 2026-W48'))).toContain('can no longer be changed');
    expect(textOf(await send(core, user, '/report submit W47'))).toBe('"W47" is not a week. Write it like 2026-W47, or "last".');
    expect(textOf(await send(core, user, '/report sumbit'))).toContain('Please check: sumbit.');
    expect(await store.models.WeeklyReport.countDocuments({ userId: id })).toBe(0);
  });

  it('records every save for /undo: undoing a first save deletes it, undoing a submission reopens it', async () => {
    const { core, user, report } = await rep('flow-undo');
    await press(core, user, 'report.save', '2026-W47', { highlights: 'First', problems: '', plan: '' });
    const change = await store.models.Change.findOne({ kind: 'report.save' }).sort({ at: -1 }).lean();
    expect(change).toMatchObject({ label: '2026-W47', undone: false });
    await send(core, user, '/undo');
    expect(await report()).toBeNull();

    await press(core, user, 'report.save', '2026-W47', { highlights: 'Second', problems: '', plan: '' });
    await send(core, user, '/report submit');
    await send(core, user, '/undo');
    expect(await report()).toMatchObject({ status: 'draft', highlights: 'Second' });
    expect((await report())?.submittedAt).toBeUndefined();
  });
});

describe('what users type into the form', () => {
  it('stores emoji, markup and operator-shaped text verbatim, as plain text', async () => {
    const { core, user, report } = await rep('hostile');
    const form = {
      highlights: '🚀 签约成功 <script>alert("x")</script>',
      problems: '{"$gt": ""}',
      plan: "'; db.weekly_reports.drop(); // ${process.env}",
    };
    const replies = await press(core, user, 'report.save', '2026-W47', form);
    expect(fieldsOf(only(replies, 'card'))).toMatchObject({
      'Highlights this week': form.highlights,
      'Problems and difficulties': form.problems,
      "Next week's plan": form.plan,
    });
    expect(await report()).toMatchObject(form);
    const stored = await store.models.WeeklyReport.collection.findOne({ problems: '{"$gt": ""}' });
    expect(typeof stored?.['problems']).toBe('string');
    expect(await store.models.WeeklyReport.countDocuments({ userId: stored?.['userId'] })).toBe(1);
  });

  it('refuses operator objects and hostile weeks from a forged payload, writing nothing', async () => {
    const { core, user, id } = await rep('forged');
    const forged = { highlights: { $gt: '' } } as unknown as Record<string, string>;
    expect(textOf(await press(core, user, 'report.save', '2026-W47', forged))).toBe(
      'The form came back empty. Please run /report again — nothing was saved.',
    );
    expect(textOf(await press(core, user, 'report.save', '{"$gt": ""}', { highlights: 'x' }))).toContain('is not a week');
    expect(textOf(await press(core, user, 'report.save', '2026-W47'))).toContain('The form came back empty');
    expect(await store.models.WeeklyReport.countDocuments({ userId: id })).toBe(0);
  });

  it('refuses a section over 4000 characters and leaves the saved report as it was', async () => {
    const { core, user, id, report } = await rep('too-long');
    await press(core, user, 'report.save', '2026-W47', { highlights: 'Kept', problems: '', plan: '' });
    const changesBefore = await store.models.Change.countDocuments({ userId: id });
    const refused = await press(core, user, 'report.save', '2026-W47', { highlights: 'Overwritten', problems: '问'.repeat(4001), plan: '' });
    expect(textOf(refused)).toBe('Problems and difficulties is 4001 characters long; the limit is 4000. Please shorten it — nothing was saved.');
    expect(await report()).toMatchObject({ highlights: 'Kept', problems: '' });
    expect(await store.models.Change.countDocuments({ userId: id })).toBe(changesBefore);
    await press(core, user, 'report.save', '2026-W47', { problems: 'x'.repeat(4000) });
    expect((await report())?.problems).toHaveLength(4000);
  });
});

describe('in Chinese', () => {
  it('speaks Chinese throughout: card, form, save, refusal', async () => {
    const core = await testCore(store, { language: 'zh-CN', now });
    const user: TestUser = { id: 'zh-rep' };
    await person(core, user, 'rep');
    const replies = await send(core, user, '周报');
    const card = only(replies, 'card');
    expect(card.title).toBe('周报 2026-W47（2026-11-16 至 2026-11-22）');
    expect(fieldsOf(card)).toMatchObject({ 状态: '未填写', 拜访次数: '0', 拜访客户数: '0', 逾期应收: '0 笔 · ¥0' });
    expect(only(replies, 'form').fields.map((f) => f.label)).toEqual(['本周重点/亮点', '问题与困难', '下周计划']);
    expect(textOf(await send(core, user, '/周报 提交'))).toBe('周报 2026-W47 还是空的：请先填写本周重点、问题或下周计划（/周报），再提交。');
    const saved = await press(core, user, 'report.save', '2026-W47', { highlights: '华为续约签订', problems: '', plan: '拜访中兴' });
    expect(textOf(saved)).toBe('周报 2026-W47 已保存为草稿，完成后请提交。');
    expect(only(saved, 'card').buttons.map((b) => b.label)).toEqual(['提交', '修改']);
    expect(textOf(await send(core, user, '周报 提交'))).toBe('周报 2026-W47 已提交。');
    expect(textOf(await send(core, user, '/周报 状态'))).toBe('您没有权限执行此操作。');
  });

  it('lists the subcommands and examples in /help report, in both languages', async () => {
    const core = await testCore(store, { now });
    const en = textOf(await send(core, { id: 'help-en', lang: 'en' }, '/help report'));
    expect(en).toContain('/report status (状态) — Who has submitted the weekly report (supervisors and above)');
    expect(en).toContain('/report status 2026-W47');
    const zh = textOf(await send(core, { id: 'help-zh', lang: 'zh-CN' }, '/帮助 周报'));
    expect(zh).toContain('/report submit (提交) — 提交本周（或上周）周报');
    expect(zh).toContain('/周报 上周');
  });
});
