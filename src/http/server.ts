/**
 * The one HTTP server on PORT: platform webhooks (Slack, Feishu) are mounted on their paths, next to
 * /healthz (the process is up), /readyz (its dependencies answer) and /metrics (Prometheus).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { withDeadline } from '../core/deadline.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** A readiness check: resolves when the dependency answers, rejects (or times out) with the reason. */
export type ReadinessCheck = () => Promise<void>;

export interface HttpServer {
  /** Routes requests whose path starts with `prefix` to `handler` (longest prefix wins). */
  mount(prefix: string, handler: RequestHandler): void;
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  readonly server: Server;
}

export function createHttpServer(opts: { metrics?: Registry; readinessTimeoutMs?: number } = {}): HttpServer {
  const routes: Array<{ prefix: string; handler: RequestHandler }> = [];
  const checks = new Map<string, ReadinessCheck>();
  let draining = false;

  async function readiness(res: ServerResponse): Promise<void> {
    const results = await Promise.all(
      [...checks].map(async ([name, check]) => {
        try {
          await withDeadline(check(), opts.readinessTimeoutMs ?? 2000);
          return { name, ok: true as const };
        } catch (error) {
          return { name, ok: false as const, reason: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const failing = results.filter((r) => !r.ok);
    const ok = failing.length === 0 && !draining;
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ok ? 'ready' : draining ? 'shutting down' : 'not ready', checks: results }));
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (path === '/readyz') {
      void readiness(res);
      return;
    }
    if (path === '/metrics' && opts.metrics) {
      const registry = opts.metrics;
      void registry.metrics().then((body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body));
      return;
    }
    const route = routes
      .filter((r) => path === r.prefix || path.startsWith(r.prefix.replace(/\/?$/, '/')))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(route.handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  return {
    server,
    mount(prefix, handler) {
      routes.push({ prefix, handler });
    },
    addReadinessCheck(name, check) {
      checks.set(name, check);
    },
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    close() {
      draining = true;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
