import { execFile, spawn } from 'node:child_process';
import { access, chmod, constants, cp, lstat, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LOOPBACK, canConnect, pingMongo, withFreePort } from './ports.ts';
import { findExecutable, spawnService, waitUntilReady } from './processes.ts';
import { ProvisioningError } from './provisioning-error.ts';

export const FERRETDB_VERSION = '1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

const execFileP = promisify(execFile);

export type FerretDbHandler = 'sqlite' | 'postgresql';

export interface FerretDbBinary {
  path: string;
  /** Backends compiled into this binary (a build with `-tags ferretdb_no_sqlite` lacks 'sqlite'). */
  handlers: FerretDbHandler[];
  source: 'cache' | 'path' | 'built';
}

export interface FerretDbBinaryOptions {
  /** Default: ~/.cache/kam-bot (the app passes KAM_CACHE_DIR from its config). */
  cacheDir?: string;
  /** PATH-style list searched for `ferretdb` and `go`; default: PATH (plus /usr/local/go/bin, ~/go/bin). */
  searchPath?: string;
  progress?: (line: string) => void;
}

export function defaultCacheDir(): string {
  return path.join(os.homedir(), '.cache', 'kam-bot');
}

/** Where we build (and look for) our FerretDB binary. */
export function cachedBinaryPath(cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, `ferretdb-${FERRETDB_VERSION}`, 'bin', 'ferretdb');
}

/** Checks that `file` runs, is FerretDB 1.24.x, and reads which backends it has. Null when unusable. */
async function inspect(file: string): Promise<Omit<FerretDbBinary, 'source'> | null> {
  try {
    await access(file, constants.X_OK);
    const { stdout: version } = await execFileP(file, ['--version'], { timeout: 15_000 });
    if (!/\bv?1\.24\./.test(version)) return null;
    const { stdout: help } = await execFileP(file, ['--help'], { timeout: 15_000 });
    // "--handler=... Backend handler: 'postgresql', 'sqlite', 'mysql' ($FERRETDB_HANDLER)." (wrapped over lines)
    const list = /Backend handler:([\s\S]*?)\(\$FERRETDB_HANDLER\)/.exec(help)?.[1] ?? '';
    const handlers = (['sqlite', 'postgresql'] as const).filter((h) => list.includes(`'${h}'`));
    return { path: file, handlers };
  } catch {
    return null;
  }
}

/** A usable binary from the cache or PATH, without building. */
export async function findFerretDbBinary(opts: FerretDbBinaryOptions = {}): Promise<FerretDbBinary | null> {
  const cached = await inspect(cachedBinaryPath(opts.cacheDir));
  if (cached) return { ...cached, source: 'cache' };
  const onPath = findExecutable('ferretdb', opts.searchPath);
  const found = onPath ? await inspect(onPath) : null;
  return found ? { ...found, source: 'path' } : null;
}

const inFlight = new Map<string, Promise<FerretDbBinary>>();

/**
 * Finds FerretDB 1.24.x (cache, then PATH) or builds it into the cache with Go.
 * Throws ProvisioningError when there is no binary and no `go`, or the build fails.
 */
export function ensureFerretDbBinary(opts: FerretDbBinaryOptions = {}): Promise<FerretDbBinary> {
  const target = cachedBinaryPath(opts.cacheDir);
  let pending = inFlight.get(target);
  if (!pending) {
    pending = (async () => {
      const found = await findFerretDbBinary(opts);
      if (found) return found;
      const go = findExecutable('go', opts.searchPath);
      if (!go) {
        throw new ProvisioningError(
          `FerretDB ${FERRETDB_VERSION} is not built and Go is not installed.`,
          `Install Go 1.24+ (https://go.dev/dl/) so it can be built into ${path.dirname(target)}, or put a ferretdb ${FERRETDB_VERSION} binary on PATH.`,
        );
      }
      await buildFerretDb(go, target, opts.progress ?? (() => undefined));
      const built = await inspect(target);
      if (!built) throw new ProvisioningError(`The FerretDB binary built at ${target} does not run.`, `Delete ${path.dirname(target)} and retry.`);
      return { ...built, source: 'built' as const };
    })().finally(() => inFlight.delete(target));
    inFlight.set(target, pending);
  }
  return pending;
}

/**
 * `go install ...@v1.24.2` does not work (the module proxy may refuse the deprecation lookup, and the module
 * zip lacks build/version/version.txt, so the binary panics at start). So: download the module, copy it,
 * add version.txt, build the copy.
 */
async function buildFerretDb(go: string, target: string, progress: (line: string) => void): Promise<void> {
  const started = Date.now();
  progress(`building FerretDB ${FERRETDB_VERSION} (first run only, about a minute)…`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'kam-ferretdb-build-'));
  // GOWORK=off: a go.work somewhere above the temp dir must not take part.
  const env = { ...process.env, GOWORK: 'off' };
  const run = (args: string[], cwd: string) => runGo(go, args, cwd, env, progress, started);
  const out = `${target}.tmp-${process.pid}`; // renamed at the end: concurrent builders never see half a binary
  try {
    const downloaded = await run(['mod', 'download', '-json', `${MODULE}@v${FERRETDB_VERSION}`], work);
    const info = JSON.parse(downloaded) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(info.Error ?? 'go mod download did not report the module directory');

    const src = path.join(work, 'src');
    await cp(info.Dir, src, { recursive: true });
    await makeWritable(src); // the module cache is read-only
    await writeFile(path.join(src, 'build', 'version', 'version.txt'), `v${FERRETDB_VERSION}\n`);

    await mkdir(path.dirname(target), { recursive: true });
    const build = ['build', '-trimpath', '-ldflags=-checklinkname=0', '-o', out];
    try {
      await run([...build, './cmd/ferretdb'], src);
    } catch (err) {
      progress(`FerretDB build with the SQLite backend failed (${firstLine(err)}); retrying without it (PostgreSQL backend only)…`);
      await run([...build, '-tags', 'ferretdb_no_sqlite', './cmd/ferretdb'], src);
    }
    await rename(out, target);
    progress(`FerretDB ${FERRETDB_VERSION} built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  } catch (err) {
    throw new ProvisioningError(
      `Building FerretDB ${FERRETDB_VERSION} failed: ${err instanceof Error ? err.message : String(err)}`,
      'Set MONGODB_URI to an existing MongoDB-compatible server, or fix the Go build (network access to the Go module proxy is needed the first time).',
    );
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(out, { force: true });
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n').find(Boolean) ?? 'unknown error';
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const rel of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, rel);
    const st = await lstat(file);
    if (!st.isSymbolicLink()) await chmod(file, st.mode | 0o200);
  }
}

/** Runs go, reporting module downloads and a heartbeat as progress; resolves with stdout. */
function runGo(
  go: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  progress: (line: string) => void,
  started: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(go, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let downloads = 0;
    const heartbeat = setInterval(() => {
      progress(`  … still building FerretDB (${Math.round((Date.now() - started) / 1000)} s, ${downloads} modules downloaded)`);
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stderr = (stderr + text).slice(-16_384);
      const n = text.match(/^go: downloading /gm)?.length ?? 0;
      for (let i = 0; i < n; i++) if (++downloads % 25 === 0) progress(`  … ${downloads} Go modules downloaded`);
    });
    child.once('error', (err) => {
      clearInterval(heartbeat);
      reject(err);
    });
    child.once('close', (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve(stdout);
      else reject(new Error(`go ${args[0]} exited with ${code}:\n${stderr.trim() || stdout.trim()}`));
    });
  });
}

export interface RunningFerretDb {
  uri: string;
  /** The server process's pid (it changes when a supervised server is restarted). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface FerretDbSupervision {
  /** Told when the server died on its own and when it is back (or could not come back). */
  log: (event: 'died' | 'restarted' | 'restart-failed', details: Record<string, unknown>) => void;
}

export type FerretDbBackend = { handler: 'sqlite'; dataDir: string } | { handler: 'postgresql'; postgresqlUrl: string; stateDir: string };

/**
 * Starts FerretDB on a free loopback port (or `port`) and waits until it answers ping. Supervised (the embedded
 * default of `kam start`), a server that dies on its own is started again on the same port, with a log line.
 */
export async function startFerretDb(binary: string, backend: FerretDbBackend, readyTimeoutMs = 60_000, port?: number, supervision?: FerretDbSupervision): Promise<RunningFerretDb> {
  const stateDir = backend.handler === 'sqlite' ? backend.dataDir : backend.stateDir;
  await mkdir(stateDir, { recursive: true });
  const backendArgs =
    backend.handler === 'sqlite'
      ? ['--handler=sqlite', `--sqlite-url=file:${backend.dataDir}/`]
      : ['--handler=postgresql', `--postgresql-url=${backend.postgresqlUrl}`];
  const start = async (port: number) => {
    const service = spawnService(binary, [
      ...backendArgs,
      `--state-dir=${stateDir}`,
      `--listen-addr=${LOOPBACK}:${port}`,
      '--debug-addr=-', // otherwise every instance binds 127.0.0.1:8088 and a second one fails
      '--telemetry=disable',
      '--log-level=error',
    ]);
    const uri = `mongodb://${LOOPBACK}:${port}/`;
    await waitUntilReady(service, `FerretDB (${backend.handler})`, async () => (await canConnect(port)) && pingMongo(uri), readyTimeoutMs);
    return { uri, port, service };
  };
  const first = await (port === undefined ? withFreePort(start) : start(port));
  let current = first.service;
  let stopping = false;
  const watch = (service: typeof current): void => {
    void service.exited.then(async (code) => {
      if (stopping || !supervision) return;
      supervision.log('died', { code, output: service.output().slice(-500) });
      for (let attempt = 1; attempt <= 5 && !stopping; attempt++) {
        try {
          const again = await start(first.port);
          if (stopping) return void (await again.service.stop());
          current = again.service;
          supervision.log('restarted', { attempt, pid: current.pid });
          watch(current);
          return;
        } catch (err) {
          supervision.log('restart-failed', { attempt, err: String(err) });
          await new Promise((r) => setTimeout(r, 1000 * attempt));
        }
      }
    });
  };
  watch(current);
  return {
    uri: first.uri,
    get pid() {
      return current.pid;
    },
    stop: () => {
      stopping = true;
      return current.stop();
    },
  };
}
