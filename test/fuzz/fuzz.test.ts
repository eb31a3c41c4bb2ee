/**
 * Fuzz (seeded, bounded; KAM_FUZZ_NOTES / KAM_FUZZ_LINES scale it up): generated notes through every NLP
 * entry point and generated lines through the console chat on a real store. Nothing may throw, and no reply
 * to typed input may be "something went wrong". Timing is the bench's business (`npm run bench fuzz`).
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../adapters/console/chat.ts';
import { fixedClock } from '../../src/core/clock.ts';
import type { Core } from '../../src/main.ts';
import { analyzeDateExpression, findAmounts, findContacts, matchCustomer, parseVisitNote } from '../../src/nlp/index.ts';
import { testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';
import { openTestStore } from '../support/store.ts';
import { consoleLines, notes } from './inputs.ts';

const SEED = Number(process.env['KAM_FUZZ_SEED'] ?? 17);
const NOTES = Number(process.env['KAM_FUZZ_NOTES'] ?? 400);
const LINES = Number(process.env['KAM_FUZZ_LINES'] ?? 120);
const UNEXPECTED = /系统出了点问题|参考编号|something went wrong|Reference: /i;

const customers = [
  { id: 'hw', name: '华为技术有限公司', aliases: ['华为', 'Huawei'] },
  { id: 'catl', name: '宁德时代新能源科技股份有限公司', aliases: ['宁德时代', 'CATL'] },
  { id: 'byd', name: '比亚迪股份有限公司', aliases: ['比亚迪', 'BYD'] },
];
const ctx = { now: new Date('2026-11-22T02:00:00Z'), timeZone: 'Asia/Shanghai', customers };

describe(`NLP entry points on ${NOTES} generated notes (seed ${SEED})`, () => {
  it('never throw and never report an internal error', () => {
    const failures: string[] = [];
    for (const text of notes(SEED, NOTES)) {
      try {
        const parsed = parseVisitNote(text, ctx);
        if (parsed.problems.some((p) => p.code === 'internal.error')) failures.push(`internal.error: ${JSON.stringify(text.slice(0, 80))}`);
        if (parsed.amount && Number.isNaN(parsed.amount.value)) failures.push(`NaN amount: ${JSON.stringify(text.slice(0, 80))}`);
        analyzeDateExpression(text, ctx, { direction: 'past' });
        analyzeDateExpression(text, ctx);
        matchCustomer(text, customers);
        findAmounts(text);
        findContacts(text);
      } catch (error) {
        failures.push(`${String(error)}: ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
    expect(failures).toEqual([]);
  }, 30_000 + NOTES * 50);
});

describe(`the console on ${LINES} generated lines (seed ${SEED})`, () => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let core: Core;
  beforeAll(async () => {
    store = await openTestStore(import.meta.filename);
    core = await testCore(store, { clock: fixedClock('2026-11-22T10:00:00+08:00') });
    await seedTeamWithCustomers(store);
  });
  afterAll(async () => store?.drop());

  it('answers every line, never with "something went wrong"', async () => {
    const output = new PassThrough();
    let buffer = '';
    output.setEncoding('utf8').on('data', (d: string) => (buffer += d));
    const chat = new ConsoleChat({ bot: core.bot, userId: 'zhang', systemLocale: 'zh-CN', input: new PassThrough(), output, interactive: false, sessionId: 'fuzz' });
    const failures: string[] = [];
    let answered = 0;
    for (const line of consoleLines(SEED, LINES)) {
      buffer = '';
      await chat.handleLine(line);
      if (buffer.trim() !== '') answered++;
      if (UNEXPECTED.test(buffer)) failures.push(`${JSON.stringify(line.slice(0, 100))} → ${buffer.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(LINES / 2);
  }, 30_000 + LINES * 250);
});
