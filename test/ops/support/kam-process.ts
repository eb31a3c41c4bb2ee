/**
 * Real `kam start` / `kam worker` child processes for the operations tests and the sizing benchmark: each in a
 * scratch folder (no stray .env), with a controlled environment, its own PORT, and a way to wait for /readyz.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../src/services/ports.ts';
import { cleanEnv, KAM_BIN } from '../../support/cli.ts';

export interface KamProcess {
  mode: 'start' | 'worker';
  port: number;
  /** http://127.0.0.1:PORT */
  base: string;
  child: ChildProcess;
  /** What it wrote on stderr (its log). */
  log(): string;
  readyz(): Promise<{ status: number; body: { status?: string; checks?: Array<{ name: string; ok: boolean; reason?: string }> } }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startKam(mode: 'start' | 'worker', env: Record<string, string>, opts: { readyTimeoutMs?: number; until?: 'ready' | 'healthy' } = {}): Promise<KamProcess> {
  const port = await freePort();
  const cwd = mkdtempSync(path.join(os.tmpdir(), `kam-${mode}-`));
  const child = spawn(process.execPath, [KAM_BIN, mode], { cwd, env: cleanEnv({ LOG_LEVEL: 'warn', ...env, PORT: String(port) }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const proc: KamProcess = {
    mode,
    port,
    base,
    child,
    log: () => stderr,
    async readyz() {
      const res = await fetch(`${base}/readyz`);
      return { status: res.status, body: (await res.json().catch(() => ({}))) as never };
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kam ${mode} exited with ${child.exitCode} during start-up:\n${stderr}`);
    const status =
      opts.until === 'healthy'
        ? await fetch(`${base}/healthz`).then(
            (r) => r.status,
            () => 0,
          )
        : await proc.readyz().then(
            (r) => r.status,
            () => 0,
          );
    if (status === 200) return proc;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`kam ${mode} was not ready within ${opts.readyTimeoutMs ?? 90_000} ms (last /readyz ${status}):\n${stderr}`);
    }
    await sleep(250);
  }
}

export interface CountingProxy {
  /** The proxy's base URL; point a process's SLACK_API_URL at `${url}/api/`. */
  url: string;
  /** Calls of one Web API method (e.g. chat.postMessage) that went through this proxy. */
  count(method: string): number;
  close(): Promise<void>;
}

/**
 * A pass-through HTTP proxy in front of a fake platform API: one per process, so a test can tell which process
 * made which calls while the fake behind them sees them all.
 */
export async function countingProxy(target: string): Promise<CountingProxy> {
  const counts = new Map<string, number>();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '/').split('?')[0]!.replace(/^\/api\//, '');
      counts.set(method, (counts.get(method) ?? 0) + 1);
      const upstream = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers, agent }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: (method) => counts.get(method) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
