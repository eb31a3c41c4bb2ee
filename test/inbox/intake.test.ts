/**
 * The durable inbox on a real database: what a process accepts is handled once, by it or — when it dies
 * (its leases stop being renewed) — by exactly one other process; a full process leaves new work queued in
 * the database for whoever has room; a database that does not answer sends the entry to the disk spool,
 * moved into the database later; and the maintenance purge removes what is older than the retention.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { createI18n } from '../../src/core/i18n.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { Intake, type IntakeOptions } from '../../src/inbox/intake.ts';
import { Spool } from '../../src/inbox/spool.ts';
import type { InboxProcessor, ProcessInfo } from '../../src/inbox/types.ts';
import mongoose from 'mongoose';
import net from 'node:net';
import { registerModels } from '../../src/persistence/models/index.ts';
import { mongoEventLedger } from '../../src/persistence/event-ledger.ts';
import { mongoInboxStore } from '../../src/persistence/inbox.ts';
import { openTestStore } from '../support/store.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;
let i18n: Awaited<ReturnType<typeof createI18n>>;
const intakes: Intake[] = [];

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
  i18n = await createI18n('zh-CN');
});
afterAll(async () => {
  for (const i of intakes) await i.drain(1_000);
  await store?.drop();
});

function intake(opts: Partial<IntakeOptions> & { dir?: string } = {}): Intake {
  const made = new Intake({
    store: mongoInboxStore(store.models),
    spool: new Spool(opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'kam-spool-'))),
    clock: systemClock,
    logger: silentLogger,
    i18n,
    defaultLanguage: 'en',
    leaseMs: 2_000,
    sweepMs: 50,
    ...opts,
  });
  intakes.push(made);
  return made;
}

/** A processor that records what it handled, and by whom. */
function recorder(name: string, handled: Array<{ by: string; payload: unknown; info: ProcessInfo }>, hold?: Promise<void>): InboxProcessor {
  return async (payload, info) => {
    if (hold) await hold;
    handled.push({ by: name, payload, info });
    return 'done';
  };
}

async function entry(id: string) {
  return store.models.InboxEntry.findById(id).lean<{ status: string; owner: string | null; attempts: number }>();
}

describe('the durable inbox', () => {
  it('handles an accepted message once, marks it done, and answers a retried delivery as a duplicate', async () => {
    const handled: Array<{ by: string; payload: unknown; info: ProcessInfo }> = [];
    const a = intake();
    a.register('test', recorder('a', handled));
    expect(await a.accept('test', 'ev-1', { text: 'hello' })).toBe('accepted');
    await expect.poll(async () => (await entry('test:ev-1'))?.status).toBe('done');
    expect(await a.accept('test', 'ev-1', { text: 'hello' })).toBe('duplicate');
    expect(handled).toEqual([{ by: 'a', payload: { text: 'hello' }, info: expect.objectContaining({ id: 'test:ev-1', firstTry: true }) }]);
  });

  it('lets exactly one other process take over what a dead one had accepted', async () => {
    const handled: Array<{ by: string; payload: unknown; info: ProcessInfo }> = [];
    // "a" accepts and never finishes: it stands for a process killed after the acknowledgement (no sweeps, so
    // its leases are never renewed).
    const dead = intake({ sweepMs: 3_600_000 });
    dead.register('dying', recorder('dead', handled, new Promise(() => undefined)));
    for (let i = 0; i < 5; i++) expect(await dead.accept('dying', `ev-${i}`, { n: i })).toBe('accepted');
    const b = intake();
    const c = intake();
    b.register('dying', recorder('b', handled));
    c.register('dying', recorder('c', handled));
    b.start();
    c.start();
    await expect.poll(() => handled.length, { timeout: 20_000 }).toBe(5);
    // Give both sweepers more rounds: nothing is handled twice.
    await expect.poll(async () => store.models.InboxEntry.countDocuments({ platform: 'dying', status: 'done' })).toBe(5);
    await b.sweep();
    await c.sweep();
    expect(handled.map((h) => (h.payload as { n: number }).n).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(handled.every((h) => h.by === 'b' || h.by === 'c')).toBe(true);
    expect((await entry('dying:ev-0'))?.attempts).toBe(1);
  });

  it('queues new work in the database when the process is full, and takes it when it has room', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handled: Array<{ by: string; payload: unknown; info: ProcessInfo }> = [];
    const full = intake({ maxInHand: 2 });
    full.register('busy', recorder('full', handled, gate));
    expect(await full.accept('busy', 'a', 1)).toBe('accepted');
    expect(await full.accept('busy', 'b', 2)).toBe('accepted');
    expect(await full.accept('busy', 'c', 3)).toBe('queued');
    expect(await full.accept('busy', 'd', 4)).toBe('queued');
    expect(full.inHand).toBe(2);
    expect((await entry('busy:c'))?.owner).toBeNull();
    full.start();
    release();
    await expect.poll(() => handled.map((h) => h.payload).sort(), { timeout: 20_000 }).toEqual([1, 2, 3, 4]);
  });

  it('gives a message back for a retry when its processor says a dependency is away, and tells the user only once', async () => {
    const infos: ProcessInfo[] = [];
    let away = 2;
    const a = intake();
    a.register('flaky', async (_payload, info) => {
      infos.push(info);
      return away-- > 0 ? 'retry' : 'done';
    });
    a.start();
    expect(await a.accept('flaky', 'x', {})).toBe('accepted');
    await expect.poll(async () => (await entry('flaky:x'))?.status, { timeout: 30_000 }).toBe('done');
    expect(infos.map((i) => i.firstTry)).toEqual([true, false, false]);
  });

  it('spools to disk when the database does not answer in time, and moves it in when one does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kam-spool-'));
    // A server that accepts connections and never answers: a hung database.
    const sockets: net.Socket[] = [];
    const hung = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    const conn = mongoose.createConnection(`mongodb://127.0.0.1:${(hung.address() as net.AddressInfo).port}/`, { dbName: 'hung', serverSelectionTimeoutMS: 60_000 });
    conn.on('error', () => undefined);
    try {
      const offline = new Intake({
        store: mongoInboxStore(registerModels(conn)),
        spool: new Spool(dir),
        clock: systemClock,
        logger: silentLogger,
        i18n,
        defaultLanguage: 'en',
        acceptDeadlineMs: 200,
      });
      expect(await offline.accept('spooled', 'ev-s', { kept: true })).toBe('spooled');
    } finally {
      // Closing waits for a connection that never comes: drop the server side instead.
      void conn.close(true).catch(() => undefined);
      for (const socket of sockets) socket.destroy();
      hung.close();
    }
    const handled: Array<{ by: string; payload: unknown; info: ProcessInfo }> = [];
    const back = intake({ dir });
    back.register('spooled', recorder('back', handled));
    back.start();
    await expect.poll(() => handled.map((h) => h.payload), { timeout: 20_000 }).toEqual([{ kept: true }]);
    expect(await back.accept('spooled', 'ev-s', { kept: true })).toBe('duplicate');
  });

  it('purges entries and the event ledger older than the retention period', async () => {
    const ledger = mongoEventLedger(store.models);
    const old = new Date(Date.now() - 10 * 24 * 3600_000);
    const recent = new Date(Date.now() - 24 * 3600_000);
    await store.models.InboxEntry.create([
      { _id: 'purge:old', platform: 'purge', payload: '{}', status: 'done', acceptedAt: old, leaseUntil: old, attempts: 0 },
      { _id: 'purge:new', platform: 'purge', payload: '{}', status: 'done', acceptedAt: recent, leaseUntil: recent, attempts: 0 },
    ]);
    await ledger.claim('console', 'purge-old', old);
    await ledger.claim('console', 'purge-new', recent);
    const a = intake({ retentionMs: 7 * 24 * 3600_000, purges: [{ name: 'processedEvents', purge: (before) => ledger.purge(before) }] });
    const counts = await a.maintain();
    expect(counts['inbox']).toBeGreaterThanOrEqual(1);
    expect(counts['processedEvents']).toBeGreaterThanOrEqual(1);
    expect(await store.models.InboxEntry.exists({ _id: 'purge:old' })).toBeNull();
    expect(await store.models.InboxEntry.exists({ _id: 'purge:new' })).not.toBeNull();
    expect(await ledger.recorded('console', 'purge-old')).toBeNull();
    expect((await ledger.recorded('console', 'purge-new'))?.status).toBe('processing');
  });
});
