/**
 * The core thread of `kam start`: messages handled in a worker thread on its own store connection give the
 * same replies and records as the core in the main thread, deduplicate across the boundary, report each
 * message for the metrics, and a thread that dies is replaced on the next message.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandledEvent } from '../../src/core/bot.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { InboundMessage } from '../../src/core/messages.ts';
import { CoreThread, CoreThreadError } from '../../src/host/core-thread.ts';
import { asText } from '../support/bot.ts';
import { seedCustomer } from '../support/seed.ts';
import { mongoUri, openTestStore } from '../support/store.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let thread: CoreThread;
const observed: HandledEvent[] = [];

const message = (text: string, opts: { eventId?: string; lang?: string } = {}): InboundMessage => ({
  eventId: opts.eventId ?? randomUUID(),
  platform: 'slack',
  kind: 'text',
  conversation: { platform: 'slack', tenantId: 'T1', channelId: 'D1', direct: true },
  sender: { platformUserId: 'UTHREAD', displayName: 'thread.rep', email: 'thread.rep@example.com', locale: opts.lang ?? 'en-US', timeZone: 'Asia/Shanghai' },
  text,
  // A platform payload the core never reads; it must not have to cross into the thread.
  raw: { respond: () => undefined },
});

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  thread = await CoreThread.start({
    mongoUri: mongoUri(),
    dbName: store.dbName,
    defaults: { language: 'zh-CN', timeZone: 'Asia/Shanghai' },
    admins: [],
    logLevel: 'silent',
    prettyLogs: false,
    logger: silentLogger,
    observe: (e) => observed.push(e),
  });
});
afterAll(async () => {
  await thread?.close();
  await store?.drop();
});

describe('the core thread', () => {
  it('saves a visit from a note and answers in the sender’s language', async () => {
    const first = await thread.handle(message('/whoami'));
    expect(asText(first)).toContain('thread.rep');
    const user = await store.models.User.findOne({ email: 'thread.rep@example.com' }).lean();
    expect(user).not.toBeNull();
    await seedCustomer(store, { name: 'Contoso Trading Ltd', aliases: ['Contoso'], ownerId: String(user!._id) });

    const replies = await thread.handle(message('/visit Visited Contoso today, discussed the renewal, follow up in 2 weeks'));
    expect(asText(replies)).toContain('Contoso Trading Ltd');
    expect(await store.models.Visit.countDocuments({})).toBe(1);
    const zh = await thread.handle(message('/help', { lang: 'zh-CN' }));
    expect(asText(zh)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('handles a replayed event once', async () => {
    const eventId = randomUUID();
    const before = await store.models.Visit.countDocuments({});
    const answers = await Promise.all([1, 2, 3].map(() => thread.handle(message('/visit Called Contoso today about the invoice', { eventId }))));
    expect(answers.filter((a) => a.length > 0)).toHaveLength(1);
    expect(await store.models.Visit.countDocuments({})).toBe(before + 1);
    expect(observed.filter((e) => e.outcome === 'duplicate')).toHaveLength(2);
  });

  it('reports each message for the metrics and suggests the user’s customers', async () => {
    expect(observed.some((e) => e.command === 'visit' && e.outcome === 'ok' && e.platform === 'slack')).toBe(true);
    const options = await thread.suggestCustomers({ platform: 'slack', platformUserId: 'UTHREAD', tenantId: 'T1' }, 'Cont');
    expect(options).toEqual([{ value: 'Contoso Trading Ltd', label: 'Contoso Trading Ltd' }]);
  });

  it.runIf(process.platform === 'linux')('runs nicer than the main thread, which acknowledges the platforms (Linux: nice is per thread)', () => {
    const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    const main = niceOf(readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8'));
    const threads = readdirSync('/proc/self/task').map((tid) => niceOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    expect(threads).toContain(Math.min(19, main + 10));
  });

  it('fails the calls in flight when the thread dies and starts a new one for the next message', async () => {
    const worker = (thread as unknown as { worker: { terminate(): Promise<number> } | null }).worker;
    expect(worker).not.toBeNull();
    const inFlight = thread.handle(message('/visit Visited Contoso today, long talk'));
    void worker!.terminate();
    await expect(inFlight).rejects.toBeInstanceOf(CoreThreadError);
    const after = await thread.handle(message('/whoami'));
    expect(asText(after)).toContain('thread.rep');
  });

  it('drains, closes, and refuses work afterwards', async () => {
    expect(await thread.drain(1_000)).toBe(true);
    await thread.close();
    await expect(thread.handle(message('/whoami'))).rejects.toThrow(/closed/);
  });
});
