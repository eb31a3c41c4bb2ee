/**
 * A local fake of the Feishu Open API, enough for the bot: the tenant token, bot info, the contact
 * lookup, message create / reply (with `uuid` idempotency) / patch / edit / get, and image upload. It
 * validates what Feishu validates that matters here (token, content JSON, card schema 2.0), records every
 * call, can answer rate limits and lost responses on demand, and can enforce Feishu's send limits.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { p2pChatOf } from './events.ts';

export interface FakeUser {
  openId: string;
  name: string;
  email?: string;
  /** The app may not read this user (the contact API answers "no permission"). */
  contactDenied?: boolean;
}

export interface StoredMessage {
  messageId: string;
  chatId: string;
  msgType: string;
  content: string;
  uuid?: string;
  rootId?: string;
  /** Earlier contents, oldest first, when the message was patched or edited. */
  history: string[];
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
  status: number;
  code: number | undefined;
  fault?: FaultKind;
}

/** How the fake can misbehave on the next matching call. `lost-response` does the work, then hangs up. */
export type FaultKind = 'http-429' | 'code-230020' | 'server-error' | 'lost-response' | 'bad-request';

type Json = Record<string, unknown>;

export const BOT_OPEN_ID = 'ou_kam_bot_self';

export class FakeFeishu {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly users = new Map<string, FakeUser>();
  readonly images = new Map<string, number>();
  /** Answer 230020 when a chat gets more than 5 messages a second, or the app more than 50. */
  enforceSendLimits = false;
  private readonly tokens = new Set<string>();
  private readonly byUuid = new Map<string, string>();
  private readonly faults: Array<{ method: string; path: RegExp; kind: FaultKind }> = [];
  private readonly sendTimes: Array<{ target: string; at: number }> = [];
  private seq = 0;
  private server!: Server;
  url = '';

  constructor(
    readonly appId: string,
    readonly appSecret: string,
  ) {}

  static async start(appId: string, appSecret: string, users: FakeUser[] = []): Promise<FakeFeishu> {
    const fake = new FakeFeishu(appId, appSecret);
    for (const u of users) fake.users.set(u.openId, u);
    fake.server = createServer((req, res) => void fake.route(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The next calls matching `method` and `path` misbehave, one fault per call, in order. */
  failNext(method: string, path: RegExp, ...kinds: FaultKind[]): void {
    for (const kind of kinds) this.faults.push({ method, path, kind });
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Messages in a chat, oldest first. */
  messagesIn(chatId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.chatId === chatId);
  }

  /** What Feishu does with a card callback's answer: the clicked card shows the returned card. */
  applyCallbackCard(messageId: string, card: unknown): void {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    message.history.push(message.content);
    message.content = JSON.stringify(card);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readAll(req);
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    let body: unknown = raw.toString('utf8');
    if (isJson && raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
    }
    const call: RecordedCall = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body, at: Date.now(), status: 200, code: 0 };
    this.calls.push(call);
    const send = (status: number, payload: Json, headers: Record<string, string> = {}) => {
      call.status = status;
      call.code = typeof payload['code'] === 'number' ? payload['code'] : undefined;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
    };

    const faultIndex = this.faults.findIndex((f) => f.method === call.method && f.path.test(call.path));
    const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0]?.kind : undefined;
    if (fault) call.fault = fault;
    if (fault === 'http-429') return send(429, { code: 99991400, msg: 'request trigger frequency limit' }, { 'x-ogw-ratelimit-limit': '5', 'x-ogw-ratelimit-reset': '0' });
    if (fault === 'code-230020') return send(400, { code: 230020, msg: 'This operation triggers the frequency limit.' });
    if (fault === 'server-error') return send(500, { code: 1000, msg: 'internal error' });
    if (fault === 'bad-request') return send(400, { code: 230001, msg: 'Your request contains an invalid request parameter.' });

    const answer = this.handle(call, req);
    if (fault === 'lost-response') {
      // The work is done, but the answer never arrives: the client must retry without doubling it.
      call.status = 0;
      req.socket.destroy();
      return;
    }
    send(answer.status, answer.payload, answer.headers);
  }

  private handle(call: RecordedCall, req: IncomingMessage): { status: number; payload: Json; headers?: Record<string, string> } {
    const ok = (data: Json = {}) => ({ status: 200, payload: { code: 0, msg: 'success', ...data } });
    const fail = (status: number, code: number, msg: string) => ({ status, payload: { code, msg } });
    const body = (call.body ?? {}) as Json;

    if (call.method === 'POST' && call.path === '/open-apis/auth/v3/tenant_access_token/internal') {
      if (body['app_id'] !== this.appId || body['app_secret'] !== this.appSecret) return fail(400, 10014, 'app secret invalid');
      const token = `t-fake-${++this.seq}`;
      this.tokens.add(token);
      return ok({ tenant_access_token: token, expire: 7200 });
    }
    const auth = /^Bearer (.+)$/.exec(String(req.headers['authorization'] ?? ''));
    if (!auth || !this.tokens.has(auth[1] as string)) return fail(400, 99991663, 'Invalid access token for authorization.');

    if (call.method === 'GET' && call.path === '/open-apis/bot/v3/info') {
      return ok({ bot: { activate_status: 2, app_name: 'KAM Bot', avatar_url: '', ip_white_list: [], open_id: BOT_OPEN_ID } });
    }
    const contact = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(call.path);
    if (call.method === 'GET' && contact) {
      if (call.query['user_id_type'] !== 'open_id') return fail(400, 99992402, 'field validation failed');
      const user = this.users.get(decodeURIComponent(contact[1] as string));
      if (!user) return fail(400, 41050, 'no user authority error');
      if (user.contactDenied) return fail(403, 99991672, 'Access denied. One of the following scopes is required: [contact:user.base:readonly]');
      return ok({ data: { user: { open_id: user.openId, union_id: `on_${user.openId}`, name: user.name, ...(user.email ? { email: user.email } : {}) } } });
    }
    if (call.method === 'POST' && call.path === '/open-apis/im/v1/images') {
      if (typeof call.body !== 'string' || !call.body.includes('name="image_type"') || !call.body.includes('name="image"')) return fail(400, 234001, 'Invalid request param.');
      const key = `img_v3_fake_${++this.seq}`;
      this.images.set(key, call.body.length);
      return ok({ data: { image_key: key } });
    }
    if (call.method === 'POST' && call.path === '/open-apis/im/v1/messages') {
      const idType = call.query['receive_id_type'];
      const receiveId = body['receive_id'];
      if ((idType !== 'chat_id' && idType !== 'open_id') || typeof receiveId !== 'string') return fail(400, 230001, 'invalid receive_id');
      const chatId = idType === 'open_id' ? p2pChatOf(receiveId) : receiveId;
      return this.create(chatId, body);
    }
    const reply = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(call.path);
    if (call.method === 'POST' && reply) {
      const root = this.messages.get(decodeURIComponent(reply[1] as string));
      if (!root) return fail(400, 230011, 'The message was withdrawn.');
      return this.create(root.chatId, body, root.messageId);
    }
    const one = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(call.path);
    const message = one ? this.messages.get(decodeURIComponent(one[1] as string)) : undefined;
    if (one && !message) return fail(400, 230011, 'The message was withdrawn.');
    if (message && call.method === 'GET') {
      return ok({ data: { items: [{ message_id: message.messageId, msg_type: message.msgType, chat_id: message.chatId, body: { content: message.content } }] } });
    }
    if (message && call.method === 'PATCH') {
      if (message.msgType !== 'interactive') return fail(400, 230001, 'only interactive messages can be patched');
      const problem = contentProblem('interactive', body['content']);
      if (problem) return fail(400, 230099, problem);
      message.history.push(message.content);
      message.content = body['content'] as string;
      return ok();
    }
    if (message && call.method === 'PUT') {
      if (message.msgType !== 'text' && message.msgType !== 'post') return fail(400, 230001, 'only text and post messages can be edited');
      const problem = body['msg_type'] === message.msgType ? contentProblem(message.msgType, body['content']) : 'msg_type cannot change';
      if (problem) return fail(400, 230001, problem);
      message.history.push(message.content);
      message.content = body['content'] as string;
      return ok();
    }
    return fail(404, 404, `the fake does not know ${call.method} ${call.path}`);
  }

  private create(chatId: string, body: Json, rootId?: string) {
    const msgType = body['msg_type'];
    const uuid = body['uuid'];
    if (typeof msgType !== 'string') return { status: 400, payload: { code: 230001, msg: 'msg_type is required' } };
    const problem = contentProblem(msgType, body['content']);
    if (problem) return { status: 400, payload: { code: 230001, msg: problem } };
    if (uuid !== undefined && (typeof uuid !== 'string' || uuid.length > 50)) return { status: 400, payload: { code: 230001, msg: 'uuid too long' } };
    const known = typeof uuid === 'string' ? this.byUuid.get(uuid) : undefined;
    if (known) return { status: 200, payload: { code: 0, msg: 'success', data: this.view(this.messages.get(known) as StoredMessage) } };
    if (this.enforceSendLimits && this.overLimit(chatId)) return { status: 400, payload: { code: 230020, msg: 'This operation triggers the frequency limit.' } };
    const message: StoredMessage = { messageId: `om_fake_${++this.seq}`, chatId, msgType, content: body['content'] as string, history: [], ...(typeof uuid === 'string' ? { uuid } : {}), ...(rootId ? { rootId } : {}) };
    this.messages.set(message.messageId, message);
    if (typeof uuid === 'string') this.byUuid.set(uuid, message.messageId);
    return { status: 200, payload: { code: 0, msg: 'success', data: this.view(message) } };
  }

  private overLimit(target: string): boolean {
    const now = Date.now();
    while (this.sendTimes.length > 0 && (this.sendTimes[0]?.at ?? now) <= now - 1000) this.sendTimes.shift();
    if (this.sendTimes.length >= 50 || this.sendTimes.filter((s) => s.target === target).length >= 5) return true;
    this.sendTimes.push({ target, at: now });
    return false;
  }

  private view(m: StoredMessage): Json {
    return { message_id: m.messageId, chat_id: m.chatId, msg_type: m.msgType, root_id: m.rootId, body: { content: m.content } };
  }
}

/** What Feishu checks of a message's content, as far as this bot can get it wrong. */
function contentProblem(msgType: string, content: unknown): string | null {
  if (typeof content !== 'string') return 'content must be a JSON string';
  let parsed: Json;
  try {
    parsed = JSON.parse(content) as Json;
  } catch {
    return 'content is not JSON';
  }
  if (msgType === 'text') return typeof parsed['text'] === 'string' && parsed['text'] !== '' ? null : 'text is required';
  if (msgType === 'interactive') {
    if (parsed['schema'] !== '2.0') return 'card must use JSON 2.0';
    const config = parsed['config'] as Json | undefined;
    if (config?.['update_multi'] === false) return 'JSON 2.0 cards must be shared';
    const elements = (parsed['body'] as Json | undefined)?.['elements'];
    if (!Array.isArray(elements) || elements.length === 0) return 'card body has no elements';
    if (Buffer.byteLength(content) > 30 * 1024) return 'card is larger than 30 KB';
    return null;
  }
  if (msgType === 'post') return null;
  return `unsupported msg_type ${msgType}`;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
