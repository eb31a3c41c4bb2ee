/**
 * A local stand-in for Slack's Web API (and for the response_url and file-upload endpoints): records every
 * call, keeps the messages it was sent so they can be read back as they stand after updates, and fails on
 * request (HTTP 429 with Retry-After, or a platform error such as channel_not_found).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_USER_ID = 'UKAMBOT';
export const BOT_ID = 'BKAMBOT';
export const TEAM_ID = 'T0KAM';

export interface FakeUser {
  id: string;
  name: string;
  email?: string;
  locale?: string;
  tz?: string;
}

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  /** For response_url calls: the id in /respond/<id>. */
  target?: string;
  /** What the fake answered (a Web API call that succeeded). */
  result?: Record<string, any>;
  /** When it arrived (ms since the epoch). */
  at?: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: any[];
  thread_ts?: string;
}

type Failure = { status: 429; retryAfter: number } | { status: 404 | 500 } | { error: string };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** WebClient posts form fields, with objects (blocks, view) as JSON strings; response_url gets JSON. */
function parseArgs(body: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.includes('application/json')) return body ? (JSON.parse(body) as Record<string, any>) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return args;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  private readonly users = new Map<string, FakeUser>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly delays = new Map<string, number>();
  private readonly server: Server;
  private counter = 0;
  private responseUrls = 0;
  base = '';
  /** Where apps.connections.open sends a Socket Mode app. */
  socketUrl = '';

  constructor() {
    this.server = createServer((req, res) => {
      void this.route(req).then(
        ({ status, body, headers }) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** A fresh response_url, as Slack puts in each command, shortcut and interaction. */
  responseUrl(): string {
    return `${this.base}/respond/${++this.responseUrls}`;
  }

  /** The next `times` calls of `method` fail this way. */
  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Every call of `method` answers only after `ms` (a slow Slack, or a slow network). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  clear(): void {
    this.calls.length = 0;
  }

  private async route(req: IncomingMessage): Promise<{ status: number; body: string; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? '/', this.base);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/respond/')) {
      this.calls.push({ method: 'response_url', args: parseArgs(raw, 'application/json'), target: url.pathname.slice('/respond/'.length), at: Date.now() });
      const failure = this.failures.get('response_url')?.shift();
      // Slack answers an expired or used-up response_url with a 404 and a short text.
      if (failure && 'status' in failure) return { status: failure.status, body: 'expired_url' };
      return { status: 200, body: 'ok' };
    }
    if (url.pathname.startsWith('/upload/')) {
      this.calls.push({ method: 'file_upload', args: { bytes: raw.length }, target: url.pathname.slice('/upload/'.length) });
      return { status: 200, body: 'OK' };
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = parseArgs(raw, req.headers['content-type']);
    const call: ApiCall = { method, args, at: Date.now() };
    this.calls.push(call);
    const delay = this.delays.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const failure = this.failures.get(method)?.shift();
    if (failure && 'retryAfter' in failure) return { status: 429, body: '{"ok":false,"error":"ratelimited"}', headers: { 'retry-after': String(failure.retryAfter) } };
    if (failure && 'status' in failure) return { status: failure.status, body: '{"ok":false,"error":"internal_error"}' };
    call.result = failure ? { ok: false, error: failure.error } : this.answer(method, args);
    return { status: 200, body: JSON.stringify(call.result) };
  }

  private nextTs(): string {
    return `1700000000.${String(++this.counter).padStart(6, '0')}`;
  }

  private answer(method: string, args: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://kam-test.slack.com/', team: 'KAM Test', user: 'kam-bot', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'users.info': {
        const user = this.users.get(String(args['user']));
        if (!user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: TEAM_ID,
            name: user.name,
            real_name: user.name,
            tz: user.tz,
            locale: args['include_locale'] ? user.locale : undefined,
            is_bot: false,
            profile: { display_name: user.name, real_name: user.name, email: user.email },
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args['users']).slice(1)}` } };
      case 'chat.postMessage': {
        const message: StoredMessage = { channel: args['channel'], ts: this.nextTs(), text: args['text'] ?? '', blocks: args['blocks'] ?? [], thread_ts: args['thread_ts'] };
        this.messages.set(message.ts, message);
        return { ok: true, channel: message.channel, ts: message.ts, message: { text: message.text, ts: message.ts } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update': {
        const stored = this.messages.get(String(args['ts']));
        if (!stored || stored.channel !== args['channel']) return { ok: false, error: 'message_not_found' };
        Object.assign(stored, { text: args['text'] ?? stored.text, blocks: args['blocks'] ?? stored.blocks });
        return { ok: true, channel: stored.channel, ts: stored.ts };
      }
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'not_allowed_token_type' };
      case 'views.open':
      case 'views.publish':
      case 'views.update':
        return { ok: true, view: { id: `V${++this.counter}`, ...(args['view'] as object) } };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.counter}`;
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return { ok: true, files: (args['files'] as Array<{ id: string; title?: string }>).map((f) => ({ id: f.id, title: f.title })) };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
