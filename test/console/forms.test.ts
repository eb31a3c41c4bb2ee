/**
 * The console asks a form field by field. When the core refuses one field of the submitted form, the console
 * shows why and asks only that field again, keeping every other answer, then submits the form again.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../adapters/console/chat.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { Core } from '../../src/main.ts';
import { testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let core: Core;
let cast: Awaited<ReturnType<typeof seedTeamWithCustomers>>;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  core = await testCore(store, { clock: fixedClock('2026-11-18T10:00:00+08:00') });
  cast = await seedTeamWithCustomers(store);
});
afterAll(async () => store?.drop());

function chatAs(userId: string, lang: 'zh-CN' | 'en') {
  const output = new PassThrough();
  let buffer = '';
  output.setEncoding('utf8').on('data', (d: string) => (buffer += d));
  const chat = new ConsoleChat({ bot: core.bot, userId, systemLocale: lang, input: new PassThrough(), output, interactive: false, sessionId: `forms-${userId}` });
  return {
    async line(text: string) {
      await chat.handleLine(text);
      const out = buffer;
      buffer = '';
      return out;
    },
  };
}

describe('a refused form field in the console', () => {
  it('is asked again alone, with the reason, and the visit is saved with every other answer kept', async () => {
    const chat = chatAs('zhang', 'zh-CN');
    expect(await chat.line('/visit')).toContain('客户');
    await chat.line('华为'); // customer
    await chat.line('下周五'); // date: in the future, refused after submission
    await chat.line('phone'); // channel
    await chat.line('张总'); // contacts
    await chat.line('谈续约'); // summary
    await chat.line('-'); // follow-up: none
    const refused = await chat.line('-'); // amount: none → submitted
    expect(refused).toContain('拜访日期 2026-11-27 在将来');
    expect(await store.models.Visit.countDocuments({ customerId: cast.customers.huawei })).toBe(0);
    const saved = await chat.line('2026-11-17');
    expect(saved).toContain('2026-11-17');
    const visits = await store.models.Visit.find({ customerId: cast.customers.huawei }).lean();
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ visitDay: '2026-11-17', channel: 'phone', summary: '谈续约', contacts: ['张总'] });
  });

  it('answers in English for an English user and re-asks the follow-up date', async () => {
    const chat = chatAs('li', 'en');
    await chat.line('/visit');
    for (const answer of ['BYD', '2026-11-16', '', '', 'Quarterly review', '2026-11-10']) await chat.line(answer);
    const refused = await chat.line('-');
    expect(refused).toContain('The follow-up 2026-11-10 is not after the visit (2026-11-16)');
    await chat.line('2026-11-25');
    const visits = await store.models.Visit.find({ customerId: cast.customers.byd }).lean();
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({ visitDay: '2026-11-16', nextFollowUpDay: '2026-11-25', summary: 'Quarterly review' });
  });
});
