import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Extra places where tools are commonly installed but often missing from a non-login PATH. */
const EXTRA_DIRS = ['/usr/local/go/bin', path.join(os.homedir(), 'go', 'bin')];

/** The directories searched for executables: `searchPath` when given (tests inject it), else PATH plus EXTRA_DIRS. */
export function searchDirs(searchPath?: string): string[] {
  if (searchPath !== undefined) return searchPath.split(path.delimiter).filter(Boolean);
  return [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
}

export function findExecutable(name: string, searchPath?: string): string | null {
  for (const dir of searchDirs(searchPath)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

// --- children are killed when this process exits -------------------------------------------------

const live = new Set<ChildProcess>();
const exitCleanups = new Set<() => void>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: signal the children, remove temp dirs, don't wait.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGTERM');
    for (const cleanup of exitCleanups) {
      try {
        cleanup();
      } catch {
        // best effort
      }
    }
  });
}

/** Removes `dir` when the process exits; returns a function that removes it now and unregisters. */
export function tempDirCleanup(dir: string): () => void {
  installExitHook();
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  exitCleanups.add(cleanup);
  return () => {
    exitCleanups.delete(cleanup);
    cleanup();
  };
}

let setprivPath: string | null | undefined;
/**
 * On Linux, `setpriv --pdeathsig` makes the kernel signal the child when we die, which also covers SIGKILL
 * and signals that skip 'exit' handlers. It execs, so the child's pid is the service's own.
 */
function pdeathsigWrapper(): string[] {
  if (setprivPath === undefined) {
    setprivPath = process.platform === 'linux' ? findExecutable('setpriv') : null;
    if (setprivPath && spawnSync(setprivPath, ['--pdeathsig', 'TERM', 'true']).status !== 0) setprivPath = null;
  }
  return setprivPath ? [setprivPath, '--pdeathsig', 'TERM', '--'] : [];
}

export interface ServiceProcess {
  readonly pid: number | undefined;
  /** Resolves when the process has ended (exit code, or null when killed by a signal / failed to spawn). */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** Last few KB of the process's stdout+stderr, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_TAIL = 8192;

/**
 * Spawns a long-running server as a non-detached child. It does not keep this process alive by itself;
 * it is terminated on stop(), on process exit and (Linux) when this process dies.
 */
export function spawnService(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ServiceProcess {
  installExitHook();
  const [wrapper, ...wrapperArgs] = pdeathsigWrapper();
  const child = wrapper
    ? spawn(wrapper, [...wrapperArgs, command, ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);

  let tail = '';
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let ended = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      collect(Buffer.from(`\n${err.message}\n`));
      ended = true;
      live.delete(child);
      resolve(null);
    });
    child.once('exit', (code) => {
      ended = true;
      live.delete(child);
      resolve(code);
    });
  });

  child.unref();
  (child.stdout as { unref?: () => void } | null)?.unref?.();
  (child.stderr as { unref?: () => void } | null)?.unref?.();

  return {
    pid: child.pid,
    exited,
    hasExited: () => ended,
    output: () => tail.trim(),
    async stop(graceMs = 5000) {
      if (ended) return;
      child.ref(); // keep the loop alive until the child is really gone
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns true; fails early with the child's output if the child exits. */
export async function waitUntilReady(
  service: ServiceProcess,
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.hasExited()) throw new Error(`${what} exited during start-up:\n${service.output() || '(no output)'}`);
    if (await check()) return;
    if (service.hasExited()) continue;
    if (Date.now() > deadline) {
      await service.stop();
      throw new Error(`${what} did not become ready within ${Math.round(timeoutMs / 1000)} s:\n${service.output() || '(no output)'}`);
    }
    await sleep(100);
  }
}
