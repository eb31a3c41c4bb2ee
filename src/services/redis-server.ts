import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LOOPBACK, canConnect, pingRedis, withFreePort } from './ports.ts';
import { spawnService, tempDirCleanup, waitUntilReady } from './processes.ts';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/** Starts a private, non-persistent redis-server on a free loopback port and waits until it answers PING. */
export async function startRedisServer(binary: string, readyTimeoutMs = 30_000): Promise<RunningRedis> {
  // Nothing is saved, but redis-server still wants a writable working dir of its own.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kam-redis-'));
  const removeDir = tempDirCleanup(dir);
  try {
    return await withFreePort(async (port) => {
      const service = spawnService(binary, [
        '--port', String(port),
        '--bind', LOOPBACK,
        '--save', '',
        '--appendonly', 'no',
        '--daemonize', 'no',
        '--dir', dir,
        '--loglevel', 'warning',
      ]);
      const url = `redis://${LOOPBACK}:${port}`;
      await waitUntilReady(service, 'redis-server', async () => (await canConnect(port)) && pingRedis(url), readyTimeoutMs);
      return {
        url,
        async stop() {
          await service.stop();
          removeDir();
        },
      };
    });
  } catch (err) {
    removeDir();
    throw err;
  }
}
