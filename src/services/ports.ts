import net from 'node:net';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';

export const LOOPBACK = '127.0.0.1';

/** A TCP port that was free a moment ago (the OS picks it). Callers retry if someone else grabs it first. */
export function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number, host = LOOPBACK, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True when `uri` answers the `ping` command. */
export async function pingMongo(uri: string, timeoutMs = 2000): Promise<boolean> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    autoIndex: false,
    autoCreate: false,
  });
  try {
    await conn.asPromise();
    const res = await conn.db?.admin().ping();
    return res?.['ok'] === 1;
  } catch {
    return false;
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** True when `url` answers PING with PONG. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Runs `start` with a free port, retrying with a new port when it fails (another process may take the
 * port between our probe and the server's bind). Rethrows the last error.
 */
export async function withFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await start(await freePort());
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
