/**
 * Every command the core registers (discovered at run time, so commands added later are covered) works
 * from Feishu text: `/name` in a one-to-one chat and each bare alias after an @mention in a group. Every
 * button those replies carry works when pressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { p2pChatOf } from './support/events.ts';
import type { FakeUser } from './support/fake-feishu.ts';
import { cardButtons, type CardButton } from './support/card-text.ts';
import { feishuHarness, type FeishuHarness } from './support/harness.ts';

const admin: FakeUser = { openId: 'ou_admin_wang', name: '王管理', email: 'wang.admin@example.com' };
const GROUP = 'oc_group_commands';

/** What the core says when it did not run a command, or failed unexpectedly. */
const NOT_HANDLED = [/未知命令/, /Unknown command/, /没有看懂/, /didn't understand/, /参考编号/, /Reference:/, /按钮已失效/, /这个按钮已失效/, /no longer valid/];

let h: FeishuHarness;

beforeAll(async () => {
  h = await feishuHarness(import.meta.filename, { users: [admin] });
  const seeded = await seedTeamWithCustomers(h.store);
  await h.say(admin, '/whoami');
  const user = await h.store.models.User.findOne({ feishuOpenId: admin.openId }).lean();
  await h.store.models.User.updateOne({ _id: user?._id }, { $set: { role: 'admin', teamId: seeded.teamId } });
});
afterAll(() => h?.close());

function expectHandled(text: string, typed: string) {
  expect(text, `no answer to ${typed}`).not.toBe('');
  for (const pattern of NOT_HANDLED) expect(text, `${typed} → ${text}`).not.toMatch(pattern);
}

describe('commands from Feishu text', () => {
  it('runs every registered command as /name in a one-to-one chat', async () => {
    const names = h.core.bot.registry.list().map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['help', 'visit', 'customer', 'callback', 'report', 'undo']));
    for (const name of names) expectHandled(await h.say(admin, `/${name}`), `/${name}`);
  });

  it('runs every alias (拜访, 客户, 回访, 周报, 帮助, 撤销 …) as the first word after an @mention in a group', async () => {
    const aliases = h.core.bot.registry.list().flatMap((c) => c.aliases ?? []);
    expect(aliases).toEqual(expect.arrayContaining(['拜访', '客户', '回访', '周报', '帮助', '撤销']));
    for (const alias of aliases) expectHandled(await h.say(admin, alias, { group: GROUP }), alias);
  });

  it('accepts a full-width slash and a glued Chinese colon, as typed on a phone', async () => {
    expectHandled(await h.say(admin, '／帮助'), '／帮助');
    expectHandled(await h.say(admin, '客户：华为'), '客户：华为');
  });

  it('answers every button those replies carry', async () => {
    const chat = p2pChatOf(admin.openId);
    for (const text of ['/visit', '/visit 今天拜访华为张总，谈续约', '/visit 今天拜访华润，谈门店', '/回访 新增 华为 今天 发报价', '/回访', '/周报']) {
      await h.say(admin, text);
    }
    // The latest card offering each action, taken before any press changes the cards.
    const targets = new Map<string, { messageId: string; button: CardButton }>();
    for (const message of [...h.fake.messagesIn(chat)].reverse()) {
      if (message.msgType !== 'interactive') continue;
      for (const button of cardButtons(JSON.parse(message.content))) {
        if (!targets.has(button.value.action)) targets.set(button.value.action, { messageId: message.messageId, button });
      }
    }
    expect([...targets.keys()]).toEqual(
      expect.arrayContaining(['visit.edit', 'visit.undo', 'visit.create', 'visit.pick', 'visit.prospect', 'visit.drop', 'callback.done', 'callback.snooze', 'callback.reschedule', 'report.save']),
    );
    for (const [action, { messageId, button }] of targets) {
      const pressed = await h.pressButton(admin, chat, messageId, button);
      expect(pressed.status).toBe(200);
      expectHandled(pressed.text, action);
    }
  });
});
