/**
 * The embedded database of a long-running `kam start` is supervised: a FerretDB that dies on its own is
 * started again on the same port (with a log line), so the bot's connection recovers by itself.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/persistence/connection.ts';
import { ensureFerretDbBinary, startFerretDb } from '../../src/services/ferretdb.ts';

describe('a supervised embedded FerretDB', () => {
  it('is restarted on the same port when it dies, and the data and the connection come back', async () => {
    const binary = (await ensureFerretDbBinary()).path;
    const events: string[] = [];
    const server = await startFerretDb(binary, { handler: 'sqlite', dataDir: mkdtempSync(path.join(os.tmpdir(), 'kam-superv-')) }, 30_000, undefined, {
      log: (event) => events.push(event),
    });
    const store = await openStore(server.uri, 'supervised', { serverSelectionTimeoutMS: 2_000 });
    try {
      await store.models.Team.create({ name: 'Before', key: 'before', timeZone: 'Asia/Shanghai' });
      const first = server.pid!;
      process.kill(first, 'SIGKILL');
      await expect.poll(() => events, { timeout: 60_000, interval: 200 }).toContain('restarted');
      expect(events[0]).toBe('died');
      expect(server.pid).not.toBe(first);
      await expect
        .poll(async () => (await store.models.Team.findOne({ key: 'before' }).lean().catch(() => null))?.name, { timeout: 30_000, interval: 250 })
        .toBe('Before');
    } finally {
      await store.close().catch(() => undefined);
      await server.stop();
    }
    // A stop is not a death: nothing restarts it.
    expect(events.filter((e) => e === 'restarted')).toHaveLength(1);
  }, 120_000);
});
