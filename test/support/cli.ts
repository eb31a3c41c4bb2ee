/** Runs the real `kam` command in a child process, in a scratch folder, with a controlled environment. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const KAM_BIN = path.resolve(import.meta.dirname, '../../bin/kam.js');

/** The parent's environment minus every key the bot reads, plus `env`. */
export function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(MONGODB_|REDIS_|SLACK_|FEISHU_|KAM_|DEFAULT_|LOG_LEVEL|PORT$|QUEUE_PREFIX|SCHEDULE_|NODE_ENV)/.test(k),
    ),
  );
  return { ...base, ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runKam(args: string[], opts: { input?: string; env?: Record<string, string | undefined>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const cwd = opts.cwd ?? mkdtempSync(path.join(os.tmpdir(), 'kam-cli-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KAM_BIN, ...args], { cwd, env: cleanEnv(opts.env ?? {}), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kam ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Polls `probe` until it returns true (or throws the last reason after `timeoutMs`); for hooks, where expect.poll is not allowed. */
export async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 90_000, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
