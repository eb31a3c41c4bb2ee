/**
 * The one HTTP server on PORT: platform webhooks (Slack, Feishu) are mounted on their paths, next to
 * /healthz (the process is up), /readyz (its dependencies answer) and /metrics (Prometheus).
 *
 * The server is the guard in front of every handler: a mounted route answers only its own path and methods
 * (anything else is 404/405 before a handler sees it), the body is read here with a size cap (413 beyond it)
 * and handed over as `req.rawBody` (the convention Bolt's receiver reads), and a handler that throws — at
 * once or later — gets a 500 for that request while the process carries on. While the process drains for a
 * shutdown, mounted routes answer 503 so the platforms retry elsewhere or later.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { withDeadline } from '../core/deadline.ts';

/** A request whose body the server has already read (at most the route's cap). */
export type BufferedRequest = IncomingMessage & { rawBody: Buffer };

export type RequestHandler = (req: BufferedRequest, res: ServerResponse) => void | Promise<void>;

/** A readiness check: resolves when the dependency answers, rejects (or times out) with the reason. */
export type ReadinessCheck = () => Promise<void>;

export interface MountOptions {
  /** Methods the handler serves; default POST (what Slack and Feishu send). */
  methods?: readonly string[];
  /** Largest body accepted, in bytes; default the server's. */
  maxBodyBytes?: number;
}

export interface HttpServer {
  /** Routes requests for exactly `path` (query string aside) and the given methods to `handler`. */
  mount(path: string, handler: RequestHandler, options?: MountOptions): void;
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  listen(port: number, host?: string): Promise<number>;
  /** Mounted routes answer 503 from now on (the platforms retry); health, readiness and metrics stay. */
  refuseNewWork(): void;
  close(): Promise<void>;
  readonly server: Server;
}

export interface HttpServerOptions {
  metrics?: Registry;
  readinessTimeoutMs?: number;
  /** Default body cap for mounted routes (1 MiB). */
  maxBodyBytes?: number;
  /** Told about handler failures (the request got a 500). */
  onHandlerError?: (error: unknown, path: string) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

interface Route {
  path: string;
  handler: RequestHandler;
  methods: readonly string[];
  maxBodyBytes: number;
}

class BodyTooLarge extends Error {}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

/** Reads the body up to `limit` bytes; rejects with BodyTooLarge past it (the rest is left unread). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function createHttpServer(opts: HttpServerOptions = {}): HttpServer {
  const routes = new Map<string, Route>();
  const checks = new Map<string, ReadinessCheck>();
  let draining = false;
  let refusing = false;

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

  /** The built-in GET routes; true when the path is one of them. */
  function builtIn(path: string, req: IncomingMessage, res: ServerResponse): boolean {
    const serve: Record<string, (() => Promise<void> | void) | undefined> = {
      '/healthz': () => plain(res, 200, 'ok'),
      '/readyz': () => readiness(res),
      '/metrics': opts.metrics
        ? async () => {
            const registry = opts.metrics!;
            const body = await registry.metrics();
            res.writeHead(200, { 'content-type': registry.contentType }).end(body);
          }
        : undefined,
    };
    const run = Object.hasOwn(serve, path) ? serve[path] : undefined;
    if (!run) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      return true;
    }
    Promise.resolve()
      .then(run)
      .catch((error: unknown) => {
        opts.onHandlerError?.(error, path);
        plain(res, 500, 'internal error');
      });
    return true;
  }

  async function routeTo(route: Route, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (refusing) {
      req.resume();
      plain(res, 503, 'shutting down', { 'retry-after': '5', connection: 'close' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, route.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        plain(res, 413, 'payload too large', { connection: 'close' });
        res.once('finish', () => req.socket.destroy());
      } else {
        plain(res, 400, 'bad request');
      }
      return;
    }
    const buffered = Object.assign(req, { rawBody: body });
    await route.handler(buffered, res);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (builtIn(path, req, res)) return;
    const route = routes.get(path);
    if (!route) {
      req.resume();
      plain(res, 404, 'not found');
      return;
    }
    if (!route.methods.includes(req.method ?? '')) {
      req.resume();
      plain(res, 405, 'method not allowed', { allow: route.methods.join(', ') });
      return;
    }
    // One catch for both kinds of failure: a handler that throws before returning and one whose promise rejects.
    Promise.resolve()
      .then(() => routeTo(route, req, res))
      .catch((error: unknown) => {
        opts.onHandlerError?.(error, path);
        plain(res, 500, 'internal error');
      });
  });
  // A malformed request line or header: answer 400 and drop the connection, never throw.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  return {
    server,
    mount(path, handler, options = {}) {
      routes.set(path, {
        path,
        handler,
        methods: (options.methods ?? ['POST']).map((m) => m.toUpperCase()),
        maxBodyBytes: options.maxBodyBytes ?? opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      });
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
    refuseNewWork() {
      refusing = true;
      draining = true;
    },
    close() {
      draining = true;
      refusing = true;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
