/**
 * The database goes away and comes back: readiness follows within seconds, a user who types meanwhile is
 * told to try again shortly, nothing is half-written, and the same command works once the server is back.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { openStore, type Store } from '../../src/persistence/connection.ts';
import { ensureFerretDbBinary } from '../../src/services/ferretdb.ts';
import { startFerretDb, type RunningFerretDb } from '../../src/services/ferretdb.ts';
import { freePort } from '../../src/services/ports.ts';
import { say, testCore } from '../support/bot.ts';
import { seedTeamWithCustomers } from '../support/seed.ts';

let binary: string;
let dataDir: string;
let port: number;
let server: RunningFerretDb | null = null;
let store: Store;
const http = createHttpServer({ readinessTimeoutMs: 1000 });

const start = async () => {
  server = await startFerretDb(binary, { handler: 'sqlite', dataDir }, 30_000, port);
};

beforeAll(async () => {
  binary = (await ensureFerretDbBinary()).path;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kam-outage-'));
  port = await freePort();
  await start();
  store = await openStore(server!.uri, 'outage', { serverSelectionTimeoutMS: 2000 });
  http.addReadinessCheck('mongodb', async () => {
    await store.connection.db!.admin().ping();
  });
  await http.listen(0, '127.0.0.1');
}, 60_000);
afterAll(async () => {
  await http.close();
  await store?.close().catch(() => undefined);
  await server?.stop();
});

const readyz = async () => (await fetch(`http://127.0.0.1:${(http.server.address() as { port: number }).port}/readyz`)).status;

describe('a MongoDB outage', () => {
  it('turns readiness 503 and back, and no command typed meanwhile is lost or half-written', async () => {
    await seedTeamWithCustomers(store);
    const core = await testCore(store, { clock: fixedClock('2026-11-22T10:00:00+08:00') });
    const zhang = { id: 'zhang' };
    expect(await say(core, zhang, '/visit 今天拜访华为张总')).toContain('拜访已记录');
    expect(await readyz()).toBe(200);

    await server!.stop();
    server = null;
    const t0 = Date.now();
    expect(await readyz()).toBe(503);
    const reply = await say(core, zhang, '/visit 今天电话宁德时代李经理，谈价格，下周三回访');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(reply).toContain('服务暂时不可用，本次未保存任何内容，请稍后重试');

    await start();
    await expect.poll(readyz, { timeout: 20_000, interval: 250 }).toBe(200);
    expect(await store.models.Visit.countDocuments({ customerName: /宁德时代/ })).toBe(0);
    expect(await store.models.Callback.countDocuments()).toBe(0);
    expect(await say(core, zhang, '/visit 今天电话宁德时代李经理，谈价格，下周三回访')).toContain('拜访已记录');
    expect(await store.models.Visit.countDocuments()).toBe(2);
    expect(await store.models.Callback.countDocuments()).toBe(1);
  }, 90_000);
});
