/** `/report status`: who in the teams in scope has submitted the week's report. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main.ts';
import { openTestStore } from '../support/store.ts';
import { say, testCore, type TestUser } from '../support/bot.ts';
import { only, person, press, send, textOf } from './support.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
const now = '2026-11-22T10:00:00+08:00';
const sue: TestUser = { id: 'sue', name: 'Sue', lang: 'en' };
const texts = { highlights: 'Done', problems: '', plan: '' };

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  core = await testCore(store, { language: 'en', now });
  const east = await core.services.teams.create({ name: 'East', timeZone: 'Asia/Shanghai' });
  const west = await core.services.teams.create({ name: 'West', timeZone: 'Asia/Shanghai' });
  await person(core, sue, 'supervisor', east.id);
  const member = async (id: string, name: string, teamId: string) => {
    const user: TestUser = { id, name, lang: 'en' };
    await person(core, user, 'rep', teamId);
    return user;
  };
  const alice = await member('alice', 'Alice', east.id);
  const bob = await member('bob', 'Bob', east.id);
  await member('carol', 'Carol', east.id);
  const dave = await member('dave', 'Dave', east.id);
  const erin = await member('erin', 'Erin', west.id);
  await press(core, alice, 'report.save', '2026-W47', texts);
  await send(core, alice, '/report submit');
  await press(core, bob, 'report.save', '2026-W47', texts);
  await press(core, dave, 'report.save', '2026-W47', texts);
  await send(core, dave, '/report submit');
  await press(core, dave, 'report.save', '2026-W47', { plan: 'More' });
  await press(core, erin, 'report.save', '2026-W47', texts);
  await send(core, erin, '/report submit');
});
afterAll(async () => {
  await store?.drop();
});

describe('/report status', () => {
  it("shows the supervisor's team, missing first, and nobody from other teams", async () => {
    const table = only(await send(core, sue, '/report status'), 'table');
    expect(table.title).toBe('Weekly reports 2026-W47: 1 of 4 submitted');
    expect(table.columns).toEqual(['Name', 'Team', 'Report']);
    expect(table.rows).toEqual([
      ['Carol', 'East', 'Not started'],
      ['Dave', 'East', 'Edited after submitting, not submitted again'],
      ['Bob', 'East', 'Draft'],
      ['Alice', 'East', 'Submitted 2026-11-22 10:00'],
    ]);
  });

  it('shows a given ISO week, and refuses something that is not a week', async () => {
    const table = only(await send(core, sue, '/report status 2026-w46'), 'table');
    expect(table.title).toBe('Weekly reports 2026-W46: 0 of 4 submitted');
    expect(table.rows.map((r) => r[2])).toEqual(['Not started', 'Not started', 'Not started', 'Not started']);
    expect(await say(core, sue, '/report status 2026-W54')).toBe('"2026-W54" is not a week. Write it like 2026-W47, or "last".');
    expect(await say(core, sue, '/report status {"$gt":""}')).toContain('is not a week');
  });

  it('shows every team to an admin', async () => {
    const admin: TestUser = { id: 'root', lang: 'en' };
    await person(core, admin, 'admin');
    const table = only(await send(core, admin, '/report status'), 'table');
    expect(table.title).toBe('Weekly reports 2026-W47: 2 of 5 submitted');
    expect(table.rows.map((r) => `${r[0]}/${r[1]}`)).toContain('Erin/West');
  });

  it('is forbidden to reps, in both languages', async () => {
    expect(await say(core, { id: 'alice', lang: 'en' }, '/report status')).toBe('You do not have permission to do that.');
    expect(await say(core, { id: 'alice', lang: 'zh-CN' }, '周报 状态')).toBe('您没有权限执行此操作。');
  });

  it('says so when a supervisor leads no team', async () => {
    const lone: TestUser = { id: 'lone', lang: 'zh-CN' };
    await person(core, lone, 'supervisor');
    expect(await say(core, lone, '/周报 状态')).toBe('您还没有负责的团队，暂无可显示的人员。');
  });

  it('renders as a table in Chinese', async () => {
    const replies = await send(core, { ...sue, lang: 'zh-CN' }, '/周报 状态 上周');
    const table = only(replies, 'table');
    expect(table.title).toBe('周报 2026-W46：已提交 0 / 4');
    expect(table.columns).toEqual(['姓名', '团队', '周报']);
    expect(textOf(replies)).toBe('');
  });
});
