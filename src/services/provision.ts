/**
 * Finds or starts the MongoDB-compatible store and Redis for `npm start`, the test global setup and CI.
 *
 * Mongo order: MONGODB_URI → local `mongod` → FerretDB (SQLite, else PostgreSQL backend; built with Go on first
 * use) → `mongodb-memory-server` if installed → ProvisioningError. Servers we start are our child processes;
 * they die with stop(), with this process's exit, and (Linux) when this process is killed.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FERRETDB_VERSION, cachedBinaryPath, ensureFerretDbBinary, startFerretDb, type FerretDbBinary } from './ferretdb.ts';
import { LOOPBACK, canConnect, pingMongo, withFreePort } from './ports.ts';
import { findExecutable, spawnService, tempDirCleanup, waitUntilReady } from './processes.ts';
import { ProvisioningError } from './provisioning-error.ts';
import { startRedisServer } from './redis-server.ts';

export { ProvisioningError } from './provisioning-error.ts';
export { FERRETDB_VERSION, ensureFerretDbBinary, findFerretDbBinary, type FerretDbBinary } from './ferretdb.ts';

const execFileP = promisify(execFile);

export type MongoKind = 'external' | 'mongod' | 'ferretdb-sqlite' | 'ferretdb-postgresql' | 'memory-server';
export type MongoStrategy = Exclude<MongoKind, 'external'>;
export const DEFAULT_MONGO_STRATEGIES: readonly MongoStrategy[] = ['mongod', 'ferretdb-sqlite', 'ferretdb-postgresql', 'memory-server'];

export interface ProvisionOptions {
  /** When set, used as is. */
  mongodbUri?: string;
  /** When set, used as is. */
  redisUrl?: string;
  /** Persistent data (FerretDB's SQLite files in <dataDir>/ferretdb, mongod's in <dataDir>/mongod). Default <cwd>/.kam-data. */
  dataDir?: string;
  /** Where FerretDB is built. Default ~/.cache/kam-bot. */
  cacheDir?: string;
  /** Tests: data in a fresh temp dir (or temp PostgreSQL database) removed on stop. */
  ephemeral?: boolean;
  /** Human progress lines (first-time build, fallbacks). */
  progress?: (line: string) => void;
  /** PATH-style list searched for mongod, ferretdb, go, psql, redis-server. Default PATH (+ /usr/local/go/bin, ~/go/bin). */
  searchPath?: string;
  /** Mongo strategies to try, in order (MONGODB_URI always wins). Default DEFAULT_MONGO_STRATEGIES. */
  mongoStrategies?: readonly MongoStrategy[];
  /** PostgreSQL for the FerretDB postgresql backend. Default postgres://postgres@127.0.0.1:5432/kam_ferretdb. */
  postgresqlUrl?: string;
  /** Restart the embedded FerretDB when it dies on its own (the long-running `kam start`), telling this logger. */
  supervise?: (event: string, details: Record<string, unknown>) => void;
}

export interface ProvisionedMongo {
  /** Contains no database name (e.g. mongodb://127.0.0.1:PORT/) unless it is the caller's own MONGODB_URI. */
  uri: string;
  kind: MongoKind;
  stop(): Promise<void>;
}

export interface ProvisionedRedis {
  url: string;
  kind: 'external' | 'local-redis-server';
  stop(): Promise<void>;
}

const DEFAULT_POSTGRESQL_URL = `postgres://postgres@${LOOPBACK}:5432/kam_ferretdb`;

interface Context {
  opts: ProvisionOptions;
  progress: (line: string) => void;
  /** Data root: <dataDir>, or a temp dir when ephemeral. */
  root: string;
  ferretDb: () => Promise<FerretDbBinary>;
}

/** A strategy returns a running server, or a string saying why it is not available here; it throws when it fails. */
type Attempt = (ctx: Context) => Promise<Omit<ProvisionedMongo, 'kind'> | string>;

const attempts: Record<MongoStrategy, Attempt> = {
  async mongod(ctx) {
    const bin = findExecutable('mongod', ctx.opts.searchPath);
    if (!bin) return 'mongod not found on PATH';
    const dbpath = path.join(ctx.root, 'mongod');
    await mkdir(dbpath, { recursive: true });
    return withFreePort(async (port) => {
      const service = spawnService(bin, ['--dbpath', dbpath, '--port', String(port), '--bind_ip', LOOPBACK]);
      const uri = `mongodb://${LOOPBACK}:${port}/`;
      await waitUntilReady(service, 'mongod', async () => (await canConnect(port)) && pingMongo(uri), 120_000);
      return { uri, stop: () => service.stop(15_000) };
    });
  },

  async 'ferretdb-sqlite'(ctx) {
    const binary = await ctx.ferretDb();
    if (!binary.handlers.includes('sqlite')) return `${binary.path} was built without the SQLite backend`;
    const supervise = ctx.opts.supervise;
    return startFerretDb(binary.path, { handler: 'sqlite', dataDir: path.join(ctx.root, 'ferretdb') }, 60_000, undefined, supervise && { log: supervise });
  },

  async 'ferretdb-postgresql'(ctx) {
    const binary = await ctx.ferretDb();
    if (!binary.handlers.includes('postgresql')) return `${binary.path} was built without the PostgreSQL backend`;
    const url = new URL(ctx.opts.postgresqlUrl ?? DEFAULT_POSTGRESQL_URL);
    if (!(await canConnect(Number(url.port || 5432), url.hostname || LOOPBACK))) return `PostgreSQL is not reachable at ${url.host}`;
    if (ctx.opts.ephemeral) url.pathname = `/kam_ferretdb_${process.pid}_${randomBytes(3).toString('hex')}`;
    const database = decodeURIComponent(url.pathname.slice(1));
    const psql = findExecutable('psql', ctx.opts.searchPath);
    // FerretDB needs the database to exist. Without psql we can only hope it does (not for a temp one).
    if (psql) await createDatabase(psql, url, database);
    else if (ctx.opts.ephemeral) return 'psql not found on PATH (needed to create a temporary database)';
    const supervise = ctx.opts.supervise;
    const running = await startFerretDb(binary.path, { handler: 'postgresql', postgresqlUrl: url.href, stateDir: path.join(ctx.root, 'ferretdb-pg') }, 60_000, undefined, supervise && { log: supervise });
    return {
      uri: running.uri,
      async stop() {
        await running.stop();
        if (ctx.opts.ephemeral && psql) await runPsql(psql, url, `DROP DATABASE IF EXISTS "${database}"`).catch(() => undefined);
      },
    };
  },

  async 'memory-server'() {
    interface MemoryServer {
      getUri(): string;
      stop(): Promise<unknown>;
    }
    let mod: { MongoMemoryServer?: { create(): Promise<MemoryServer> } };
    try {
      const name = 'mongodb-memory-server'; // not a dependency: a variable keeps bundlers and tsc from resolving it
      mod = (await import(name)) as typeof mod;
    } catch {
      return 'mongodb-memory-server is not installed';
    }
    if (!mod.MongoMemoryServer) return 'mongodb-memory-server has no MongoMemoryServer export';
    const server = await mod.MongoMemoryServer.create();
    const { host } = new URL(server.getUri());
    return { uri: `mongodb://${host}/`, stop: async () => void (await server.stop()) };
  },
};

function adminUrl(url: URL): string {
  const admin = new URL(url.href);
  admin.pathname = '/postgres';
  return admin.href;
}

function runPsql(psql: string, url: URL, sql: string): Promise<unknown> {
  return execFileP(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', adminUrl(url), '-c', sql], { timeout: 30_000 });
}

async function createDatabase(psql: string, url: URL, database: string): Promise<void> {
  try {
    await runPsql(psql, url, `CREATE DATABASE "${database}"`);
  } catch (err) {
    if (!/already exists/.test(String((err as { stderr?: unknown }).stderr ?? err))) throw err;
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof ProvisioningError) return err.message.split('\n')[0] ?? err.name;
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

export async function provisionMongo(opts: ProvisionOptions): Promise<ProvisionedMongo> {
  if (opts.mongodbUri) return { uri: opts.mongodbUri, kind: 'external', stop: async () => undefined };

  const progress = opts.progress ?? (() => undefined);
  let root: string;
  let removeRoot: () => void = () => undefined;
  if (opts.ephemeral) {
    root = await mkdtemp(path.join(os.tmpdir(), 'kam-mongo-'));
    removeRoot = tempDirCleanup(root);
  } else {
    root = path.resolve(opts.dataDir ?? '.kam-data');
  }
  let ferretDb: Promise<FerretDbBinary> | undefined;
  const ctx: Context = {
    opts,
    progress,
    root,
    ferretDb: () => (ferretDb ??= ensureFerretDbBinary({ cacheDir: opts.cacheDir, searchPath: opts.searchPath, progress })),
  };

  const reasons: string[] = [];
  for (const kind of opts.mongoStrategies ?? DEFAULT_MONGO_STRATEGIES) {
    try {
      const result = await attempts[kind](ctx);
      if (typeof result === 'string') {
        reasons.push(`${kind}: ${result}`);
        continue;
      }
      return {
        uri: result.uri,
        kind,
        async stop() {
          await result.stop();
          removeRoot();
        },
      };
    } catch (err) {
      const reason = reasonOf(err);
      reasons.push(`${kind}: ${reason}`);
      progress(`${kind} could not be used: ${reason.split('\n')[0]}`);
    }
  }
  removeRoot();
  throw new ProvisioningError(
    `No MongoDB-compatible server could be started:\n${reasons.map((r) => `  - ${r}`).join('\n')}`,
    'Set MONGODB_URI=mongodb://HOST:27017/ to use an existing MongoDB or FerretDB server, ' +
      `or install Go 1.24+ (https://go.dev/dl/) so FerretDB ${FERRETDB_VERSION} is built automatically into ` +
      `${path.dirname(path.dirname(cachedBinaryPath(opts.cacheDir)))}, or install mongod, ` +
      'or add the dev dependency mongodb-memory-server.',
  );
}

/**
 * `redisUrl` → that; else with `startLocal` a private redis-server (no persistence); else null, meaning
 * no Redis: the caller runs scheduled jobs in-process (node-cron).
 */
export async function provisionRedis(opts: ProvisionOptions, { startLocal }: { startLocal: boolean }): Promise<ProvisionedRedis | null> {
  if (opts.redisUrl) return { url: opts.redisUrl, kind: 'external', stop: async () => undefined };
  if (!startLocal) return null;
  const progress = opts.progress ?? (() => undefined);
  const bin = findExecutable('redis-server', opts.searchPath);
  if (!bin) {
    progress('redis-server not found on PATH and REDIS_URL not set: running without Redis');
    return null;
  }
  try {
    const running = await startRedisServer(bin);
    return { url: running.url, kind: 'local-redis-server', stop: running.stop };
  } catch (err) {
    progress(`redis-server could not be started (${reasonOf(err).split('\n')[0]}): running without Redis`);
    return null;
  }
}
