/**
 * Slash commands through the running receiver: `/visit <note>` saves a visit and answers only the rep,
 * `/visit` alone opens the form as a modal, `/kam <command>` runs any command, and every command of the
 * registry answers in the language of the user's Slack locale.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, callText } from './support/blocks-text.ts';
import { SlackHarness } from './support/harness.ts';
import { customerFor, meet } from './support/seed.ts';

let h: SlackHarness;
const en = { id: 'UCMDEN', name: 'anna', locale: 'en-US', tz: 'Asia/Shanghai', email: 'anna@example.com' };
const zh = { id: 'UCMDZH', name: '张伟', locale: 'zh-CN', tz: 'Asia/Shanghai', email: 'zhangwei@example.com' };
let enCustomer: string;
let zhCustomer: string;

beforeAll(async () => {
  h = await SlackHarness.start({ testFile: import.meta.filename });
  h.addUser(en);
  h.addUser(zh);
  enCustomer = await customerFor(h, await meet(h, en), 'Contoso Trading Ltd', ['Contoso']);
  zhCustomer = await customerFor(h, await meet(h, zh), '华为技术有限公司', ['华为']);
});
afterAll(async () => h?.close());

async function run(user: typeof en, command: string, text: string, channel?: string) {
  h.take();
  const res = await h.command(user, command, text, { channel });
  expect(res.status).toBe(200);
  await h.settle();
  return h.take();
}

describe('/visit', () => {
  it('saves a one-line note and answers with an ephemeral card that has Edit and Undo (English locale)', async () => {
    const calls = await run(en, '/visit', 'Visited Contoso today, met Ms. Li, discussed the renewal, follow up next Wednesday');
    expect(await h.store.models.Visit.countDocuments({ customerId: enCustomer })).toBe(1);
    const answer = calls.find((c) => c.method === 'response_url');
    expect(answer?.args['response_type']).toBe('ephemeral');
    expect(callText(answer!)).toMatch(/Visit saved[\s\S]*Contoso Trading Ltd[\s\S]*2026-11-25/);
    expect(buttonsOf(answer!).map((b) => b.action_id)).toEqual(['visit.edit', 'visit.undo']);
  });

  it('saves a Chinese note for a user whose Slack locale is zh-CN, answering in Chinese', async () => {
    const calls = await run(zh, '/visit', '今天拜访华为张总，谈续约，下周三回访');
    expect(await h.store.models.Visit.countDocuments({ customerId: zhCustomer })).toBe(1);
    expect(calls.filter((c) => c.method === 'response_url').map(callText).join('\n')).toMatch(/拜访已记录[\s\S]*华为技术有限公司/);
  });

  it('answers only the rep in a channel too (response_url, ephemeral), never posting there', async () => {
    const calls = await run(en, '/visit', 'Called Contoso today about delivery dates', 'C0SALES');
    expect(calls.map((c) => c.method)).not.toContain('chat.postMessage');
    expect(calls.find((c) => c.method === 'response_url')?.args['response_type']).toBe('ephemeral');
  });

  it('opens the visit form as a modal when there is no note', async () => {
    const calls = await run(en, '/visit', '');
    const open = calls.find((c) => c.method === 'views.open');
    expect(open?.args['trigger_id']).toBeTruthy();
    const view = open?.args['view'];
    expect(view.type).toBe('modal');
    expect(view.title.text).toBe('Log a visit');
    expect((view.blocks as Array<{ block_id: string }>).map((b) => b.block_id)).toEqual(expect.arrayContaining(['customer', 'date', 'channel', 'summary', 'next']));
  });
});

describe('/kam', () => {
  it('runs the command it is given, like typing it to the bot', async () => {
    const before = await h.store.models.Visit.countDocuments({ customerId: enCustomer });
    const calls = await run(en, '/kam', 'visit Met Contoso today for the quarterly review');
    expect(await h.store.models.Visit.countDocuments({ customerId: enCustomer })).toBe(before + 1);
    expect(calls.map(callText).join('\n')).toContain('Visit saved');
  });

  it('lists the commands for /kam help and for /kam alone', async () => {
    expect((await run(en, '/kam', 'help')).map(callText).join('\n')).toContain('KAM Bot commands');
    expect((await run(zh, '/kam', '')).map(callText).join('\n')).toContain('KAM Bot 命令');
  });

  it('suggests the closest command for a misspelt one', async () => {
    expect((await run(en, '/kam', '/vist Contoso')).map(callText).join('\n')).toContain('Did you mean /visit?');
  });
});

describe('every command of the registry, in both languages', () => {
  const cjk = /[\u4e00-\u9fff]/;
  it('answers each command in the user’s Slack locale, never with the unexpected-error apology', async () => {
    const names = h.core.bot.registry.list().map((c) => c.name);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const english = (await run(en, '/kam', name)).map(callText).join('\n');
      const chinese = (await run(zh, '/kam', name)).map(callText).join('\n');
      expect(english, `/kam ${name} (en)`).not.toBe('');
      expect(chinese, `/kam ${name} (zh)`).not.toBe('');
      expect(english, `/kam ${name} (en)`).not.toMatch(/something went wrong/);
      expect(chinese, `/kam ${name} (zh)`).not.toMatch(/系统出了点问题/);
      expect(english, `/kam ${name} (en)`).toMatch(/[A-Za-z]{3,}/);
      expect(chinese, `/kam ${name} (zh)`).toMatch(cjk);
      expect(english).not.toBe(chinese);
    }
  });
});
