import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KamError } from '../src/core/errors.ts';
import { openStore } from '../src/persistence/connection.ts';
import { mongoEventLedger } from '../src/persistence/event-ledger.ts';
import { mongoTeams } from '../src/persistence/teams.ts';
import { mongoUsers } from '../src/persistence/users.ts';
import { mongoUri, openTestStore } from './support/store.ts';
import { say, testCore, textMessage } from './support/bot.ts';

let store: Awaited<ReturnType<typeof openTestStore>>;

beforeAll(async () => {
  store = await openTestStore(import.meta.filename);
});
afterAll(async () => {
  await store?.drop();
});

describe('the MongoDB-compatible store', () => {
  it('round-trips a document and creates the declared indexes', async () => {
    const teams = mongoTeams(store.models);
    const created = await teams.create({ name: 'East-1', timeZone: 'Asia/Shanghai' });
    expect(await teams.findByName('  east-1 ')).toEqual(created);
    const indexes = await store.models.Team.collection.indexes();
    expect(indexes.find((i) => i.key.key === 1)).toMatchObject({ unique: true });
  });

  it('turns a unique-index violation into a clear domain error', async () => {
    const teams = mongoTeams(store.models);
    await teams.create({ name: 'North', timeZone: 'Asia/Shanghai' });
    const error = await teams.create({ name: 'NORTH', timeZone: 'Europe/Berlin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KamError);
    expect((error as KamError).code).toBe('teamExists');
    expect(await store.models.Team.countDocuments({ key: 'north' })).toBe(1);
  });

  it('never lets a query-injection shape become an operator', async () => {
    const users = mongoUsers(store.models);
    await users.resolve({ platform: 'console', platformUserId: 'victim', displayName: 'Victim' });
    // A hostile handle typed by a user is a plain string, never a query.
    expect(await users.findByHandle('{"$gt": ""}')).toBeNull();
    const filter = { name: { $ne: 'nobody' } } as unknown as Record<string, unknown>;
    await expect(store.models.User.findOne(filter).lean()).rejects.toThrow();
  });
});

describe('event dedupe', () => {
  it('handles a replayed event once: the second delivery gets no reply and changes nothing', async () => {
    const core = await testCore(store, { language: 'en' });
    const user = { id: 'dedupe-user', lang: 'en' };
    const message = textMessage(user, '/tz Europe/Berlin', 'evt-replayed-1');
    expect((await core.bot.handle(message)).length).toBe(1);
    const actor = await core.services.users.findByHandle('dedupe-user');
    await core.services.users.setTimeZone(actor!.id, 'Asia/Tokyo');
    expect(await core.bot.handle(message)).toEqual([]);
    expect(await core.bot.handle({ ...message })).toEqual([]);
    expect((await core.services.users.findByHandle('dedupe-user'))?.timeZone).toBe('Asia/Tokyo');
    expect(await store.models.ProcessedEvent.countDocuments({ _id: 'console:evt-replayed-1' })).toBe(1);
  });

  it('lets exactly one of two processes claim the same event', async () => {
    const other = await openStore(mongoUri(), store.dbName);
    try {
      const a = mongoEventLedger(store.models);
      const b = mongoEventLedger(other.models);
      const at = new Date('2026-11-22T02:00:00Z');
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claim('slack', 'Ev-race', at)));
      expect(claims.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('takes over a claim left unfinished by a process that died, but not a fresh one', async () => {
    const ledger = mongoEventLedger(store.models, 60_000);
    const t0 = new Date('2026-11-22T02:00:00Z');
    expect(await ledger.claim('feishu', 'ev-crash', t0)).toBe(true);
    expect(await ledger.claim('feishu', 'ev-crash', new Date(t0.getTime() + 30_000))).toBe(false);
    expect(await ledger.claim('feishu', 'ev-crash', new Date(t0.getTime() + 61_000))).toBe(true);
    await ledger.complete('feishu', 'ev-crash', 'done', new Date(t0.getTime() + 62_000));
    expect(await ledger.claim('feishu', 'ev-crash', new Date(t0.getTime() + 3_600_000))).toBe(false);
  });
});

describe('users on first contact', () => {
  it('creates a rep with no team once, however many messages arrive at once', async () => {
    const core = await testCore(store);
    const user = { id: 'first-contact', name: '王小明' };
    await Promise.all(Array.from({ length: 5 }, () => say(core, user, '/whoami')));
    const rows = await store.models.User.find({ consoleId: 'first-contact' }).lean();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: '王小明', role: 'rep' });
    expect(rows[0]?.teamId).toBeUndefined();
  });

  it('links a platform identity to an imported user with the same email', async () => {
    const imported = await store.models.User.create({ name: 'Alice', email: 'alice@example.com', role: 'supervisor' });
    const users = mongoUsers(store.models);
    const actor = await users.resolve({ platform: 'slack', platformUserId: 'U123', email: 'Alice@Example.com', displayName: 'alice' });
    expect(actor).toMatchObject({ id: String(imported._id), role: 'supervisor', name: 'Alice' });
    expect((await store.models.User.findById(imported._id).lean())?.slackId).toBe('U123');
  });
});
